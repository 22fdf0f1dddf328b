from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "safereply.audit"
    label = "audit"
