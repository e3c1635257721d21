from django.apps import AppConfig


class NotebooksConfig(AppConfig):
    name = "learn.notebooks"
    label = "notebooks"
    verbose_name = "Notebooks"
