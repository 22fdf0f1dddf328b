"""The patient index: who the organization's patients are, encrypted at rest.

Everything that identifies a patient (name, birth date, phone, email, record number, last
visit, usual clinician and location) lives in one Fernet-encrypted JSON column. What the
database can search is blind: ``record_index`` (HMAC of the record number) lets a re-import
update a row, and ``PatientKey`` rows (HMACs of name tokens, prefixes and sounds) let
matching pick a few hundred candidates out of 100,000 before decrypting any.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import timezone

from safereply.accounts.models import Organization
from safereply.patients import crypto


@dataclass(frozen=True)
class Identity:
    record_number: str
    first_name: str
    last_name: str
    birth_date: str = ""  # ISO dates: JSON has no date type
    phone: str = ""
    email: str = ""
    last_visit: str = ""
    visit_type: str = ""
    clinician_id: int | None = None
    location_id: int | None = None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def last_visit_date(self) -> dt.date | None:
        return dt.date.fromisoformat(self.last_visit) if self.last_visit else None


class Patient(models.Model):
    organization = models.ForeignKey(Organization, models.CASCADE, related_name="patients")
    record_index = models.CharField(max_length=32)
    identity_encrypted = models.TextField()
    imported_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # Re-imports find the row by the blind index of the record number.
            models.UniqueConstraint(fields=["organization", "record_index"], name="patient_unique_record"),
        ]

    def __str__(self) -> str:
        return f"Patient #{self.pk}"  # never the name: str() ends up in logs and error pages

    @property
    def identity(self) -> Identity:
        if getattr(self, "_identity", None) is None:
            self._identity = Identity(**crypto.decrypt(self.identity_encrypted))
        return self._identity


class PatientKey(models.Model):
    """One blocking key of one patient (see patients.matching.blocking_keys)."""

    patient = models.ForeignKey(Patient, models.CASCADE, related_name="keys")
    organization_id_copy = models.BigIntegerField()  # matching filters by organization without a join
    key = models.CharField(max_length=32)

    class Meta:
        # patients.matching.candidates: WHERE organization_id_copy = ? AND key IN (...)
        indexes = [models.Index(fields=["organization_id_copy", "key"], name="patientkey_lookup")]


class Identification(models.Model):
    """A responder's conclusion about who posted a case: one patient, or nobody identified."""

    class Outcome(models.TextChoices):
        IDENTIFIED = "identified", "Identified"
        UNIDENTIFIED = "unidentified", "Could not be identified"

    case = models.OneToOneField("cases.Case", models.CASCADE, related_name="identification")
    patient = models.ForeignKey(Patient, models.PROTECT, null=True, blank=True, related_name="identifications")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    via_contact = models.CharField(max_length=20, blank=True, help_text="Set when the poster got in touch.")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Identification of case #{self.case_id}"

    @property
    def is_identified(self) -> bool:
        return self.outcome == self.Outcome.IDENTIFIED
