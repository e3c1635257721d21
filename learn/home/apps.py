from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "learn.home"
    label = "home"
