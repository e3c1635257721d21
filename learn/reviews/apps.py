from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "learn.reviews"
    label = "reviews"
