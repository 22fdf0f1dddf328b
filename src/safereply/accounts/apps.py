from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "safereply.accounts"
    label = "accounts"
