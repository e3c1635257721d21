from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "learn.search"
    label = "search"
