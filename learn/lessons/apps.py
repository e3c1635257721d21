from django.apps import AppConfig


class LessonsConfig(AppConfig):
    name = "learn.lessons"
    label = "lessons"
