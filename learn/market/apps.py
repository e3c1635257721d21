from django.apps import AppConfig


class MarketConfig(AppConfig):
    name = "learn.market"
    label = "market"
    verbose_name = "Market data"
