from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    name = "learn.quizzes"
    label = "quizzes"
