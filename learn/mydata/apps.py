from django.apps import AppConfig


class MyDataConfig(AppConfig):
    name = "learn.mydata"
    label = "mydata"
