from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "learn.accounts"
    label = "accounts"
