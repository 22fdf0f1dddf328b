"""The complaints (grievance) process: a record with the organization's own timeline."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone


class Status(models.TextChoices):
    OPEN = "open", "Open"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    RESOLVED = "resolved", "Resolved"


class Grievance(models.Model):
    organization = models.ForeignKey("accounts.Organization", models.CASCADE, related_name="grievances")
    case = models.OneToOneField("cases.Case", models.PROTECT, related_name="grievance")
    patient = models.ForeignKey("patients.Patient", models.PROTECT, null=True, blank=True,
                                related_name="grievances")
    reference = models.CharField(max_length=20, unique=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    # The targets are fixed when the grievance opens, from the policy in force then.
    acknowledge_due = models.DateTimeField()
    resolve_due = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    # The written response to the patient: encrypted like the patient index (it addresses them).
    resolution_letter_encrypted = models.TextField(blank=True)

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return self.reference

    def next_due(self) -> dt.datetime | None:
        if self.status == Status.OPEN:
            return self.acknowledge_due
        if self.status == Status.ACKNOWLEDGED:
            return self.resolve_due
        return None

    def is_overdue(self, now: dt.datetime | None = None) -> bool:
        due = self.next_due()
        return due is not None and (now or timezone.now()) > due

    @property
    def resolution_letter(self) -> str:
        from safereply.patients import crypto

        if not self.resolution_letter_encrypted:
            return ""
        return crypto.decrypt(self.resolution_letter_encrypted)["text"]
