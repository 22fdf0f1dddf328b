from django.apps import AppConfig


class GrievancesConfig(AppConfig):
    name = "safereply.grievances"
    default_auto_field = "django.db.models.BigAutoField"
