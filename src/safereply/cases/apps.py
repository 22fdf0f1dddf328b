from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "safereply.cases"
    label = "cases"
