from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "safereply.providers"
    label = "providers"
    verbose_name = "Provider support"
