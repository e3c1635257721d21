from django.apps import AppConfig


class CalculatorsConfig(AppConfig):
    name = "learn.calculators"
    label = "calculators"
