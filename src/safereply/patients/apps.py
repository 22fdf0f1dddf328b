from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "safereply.patients"
    default_auto_field = "django.db.models.BigAutoField"
