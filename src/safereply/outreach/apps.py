from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "safereply.outreach"
    default_auto_field = "django.db.models.BigAutoField"
