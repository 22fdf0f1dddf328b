"""The organization's written policy, as versions, and who has acknowledged which version.

A policy version is a structured document (``PolicyVersion.document``, validated by
``safereply.policy.document.document_validate``) rather than a column per field: the
policy grows with counsel's advice, and a version is read whole, never queried by field.
The application enforces the *effective* version: who may draft and approve replies, the
response targets, the escalation rules and the approved texts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from safereply.accounts.models import Organization


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    EFFECTIVE = "effective", "Effective"
    SUPERSEDED = "superseded", "Superseded"


class PolicyVersionQuerySet(models.QuerySet):
    def effective(self):
        return self.filter(status=Status.EFFECTIVE)


class PolicyVersion(models.Model):
    organization = models.ForeignKey(Organization, models.CASCADE, related_name="policy_versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    document = models.JSONField(default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Set when counsel approves: the version is effective from then until superseded.
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+")
    counsel_comment = models.TextField(blank=True)
    effective_at = models.DateTimeField(null=True, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    objects = PolicyVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="policy_unique_number"),
            # At most one effective version and one draft per organization.
            models.UniqueConstraint(fields=["organization"], condition=models.Q(status="effective"),
                                    name="policy_one_effective"),
            models.UniqueConstraint(fields=["organization"], condition=models.Q(status="draft"),
                                    name="policy_one_draft"),
        ]

    def __str__(self) -> str:
        return f"Policy version {self.number} ({self.get_status_display()})"

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    def user_ids(self, key: str) -> set[int]:
        return {int(pk) for pk in self.document.get(key) or []}

    def may_respond(self, user) -> bool:
        """Designated responders, their backups and the risk manager draft and approve replies."""
        if user.pk in self.user_ids("responders") | self.user_ids("backups") | {self.risk_manager_id}:
            return True
        if self.document.get("responder_group"):
            # The group: whoever holds the designated responder role at the time.
            from safereply.accounts.models import Membership

            return Membership.objects.active().filter(
                user=user, organization_id=self.organization_id, role="responder").exists()
        return False

    @property
    def risk_manager_id(self) -> int | None:
        value = self.document.get("risk_manager")
        return int(value) if value else None

    def target_days(self, step: str) -> int:
        """The target for `step`, in `target_unit`s."""
        return int(self.document["targets"][step])

    @property
    def target_unit(self) -> str:
        return self.document["targets"].get("unit") or "days"

    def escalation(self, rule: str) -> bool:
        return bool((self.document.get("escalation") or {}).get(rule))

    def text(self, key: str) -> str:
        return (self.document.get("texts") or {}).get(key, "")


class Acknowledgement(models.Model):
    """One person confirming they read a version and answered the check correctly."""

    version = models.ForeignKey(PolicyVersion, models.CASCADE, related_name="acknowledgements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="policy_acknowledgements")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "user"], name="acknowledge_once")]


class Reminder(models.Model):
    """A reminder to acknowledge, sent by email."""

    version = models.ForeignKey(PolicyVersion, models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)
