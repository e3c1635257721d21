from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "learn.publishing"
    label = "publishing"
