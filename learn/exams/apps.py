from django.apps import AppConfig


class ExamsConfig(AppConfig):
    name = "learn.exams"
    label = "exams"
