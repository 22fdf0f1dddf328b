"""Organizations, their locations and clinicians, who holds which role, and API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    STAFF = "staff", "Staff"
    RESPONDER = "responder", "Designated responder"
    RISK_MANAGER = "risk_manager", "Risk manager"
    COUNSEL = "counsel", "Counsel"
    PROVIDER = "provider", "Provider"
    ADMINISTRATOR = "administrator", "Administrator"


def new_report_token() -> str:
    # 256 bits: the link is the only thing between the internet and the report form.
    return secrets.token_urlsafe(32)


class Organization(models.Model):
    name = models.CharField(max_length=200)
    # The organization's own public details are never a disclosure; the screening engine
    # gets them so that "call us at 555-0100" is not flagged. One per line.
    phones = models.TextField(blank=True)
    emails = models.TextField(blank=True)
    addresses = models.TextField(blank=True)
    urls = models.TextField(blank=True)
    holding_reply = models.TextField(
        blank=True, help_text="The approved public holding reply. Empty means the shipped default."
    )
    report_token = models.CharField(max_length=64, unique=True, default=new_report_token)
    report_token_rotated_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def lines(value: str) -> tuple[str, ...]:
        return tuple(line.strip() for line in value.splitlines() if line.strip())


class Location(models.Model):
    organization = models.ForeignKey(Organization, models.CASCADE, related_name="locations")
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=300, blank=True)
    phone = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="location_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Clinician(models.Model):
    organization = models.ForeignKey(Organization, models.CASCADE, related_name="clinicians")
    location = models.ForeignKey(Location, models.SET_NULL, null=True, blank=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    title = models.CharField(max_length=40, blank=True, help_text="Dr., NP, PA, RN ...")
    # The provider account that sees concerns naming this clinician, if any.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def display_name(self) -> str:
        return f"{self.title} {self.full_name}".strip()


class MembershipQuerySet(models.QuerySet):
    def active(self, at=None):
        at = at or timezone.now()
        return self.filter(started_at__lte=at).filter(
            models.Q(ended_at__isnull=True) | models.Q(ended_at__gt=at)
        )


class Membership(models.Model):
    """One person holding one role in one organization, from start until end.

    A role is a row with times, not a flag on the user: who could approve on a given day
    stays answerable after the role has moved on.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        # AccessMiddleware looks up a user's active memberships on every request.
        indexes = [models.Index(fields=["user", "ended_at"], name="membership_user_ended")]

    def __str__(self) -> str:
        return f"{self.user} as {self.get_role_display()}"

    def is_active(self, at=None) -> bool:
        at = at or timezone.now()
        return self.started_at <= at and (self.ended_at is None or self.ended_at > at)


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """An API token; only its SHA-256 is stored, the raw value is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=8)  # shown in lists so people can tell tokens apart
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def user_for(cls, raw: str):
        token = (
            cls.objects.select_related("user")
            .filter(digest=token_digest(raw), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if token is None:
            return None
        cls.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user
