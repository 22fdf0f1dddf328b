"""Clinicians named in posts, the concerns that opens for them, meetings with counsel, notices.

A provider concern shows its clinician the post as published and where the case stands;
it never links to a patient index, outreach records or the poster's display name.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from safereply.accounts.models import Clinician
from safereply.cases.models import Case


class Mention(models.Model):
    """A clinician the matcher found in a post; a responder confirms or rejects it."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    case = models.ForeignKey(Case, models.CASCADE, related_name="mentions")
    clinician = models.ForeignKey(Clinician, models.CASCADE, related_name="mentions")
    matched = models.CharField(max_length=200)  # the words in the post
    confidence = models.PositiveSmallIntegerField()
    rule = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUGGESTED)
    found_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-confidence", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "clinician"], name="mention_once")]

    def __str__(self) -> str:
        return f"{self.clinician} in case #{self.case_id}"


class PostEvidence(models.Model):
    """The evidence record of a post: when SafeReply captured it and the SHA-256 of its text."""

    case = models.OneToOneField(Case, models.CASCADE, related_name="evidence")
    captured_at = models.DateTimeField()
    sha256 = models.CharField(max_length=64)
    characters = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"Evidence of case #{self.case_id}"


class ConcernState(models.TextChoices):
    OPEN = "open", "Open"
    MEETING = "meeting", "Meeting scheduled"
    OUTCOME = "outcome", "Outcome recorded, awaiting the clinician's acknowledgement"
    CLOSED = "closed", "Closed"


class Outcome(models.TextChoices):
    NONE = "no_public_response", "No public response"
    HOLDING = "holding_reply", "Public holding reply"
    PRIVATE = "private_outreach", "Private outreach"


class Concern(models.Model):
    case = models.ForeignKey(Case, models.CASCADE, related_name="provider_concerns")
    clinician = models.ForeignKey(Clinician, models.CASCADE, related_name="concerns")
    mention = models.OneToOneField(Mention, models.CASCADE, related_name="concern")
    state = models.CharField(max_length=10, choices=ConcernState.choices, default=ConcernState.OPEN)
    # Written by the clinician, read by the risk manager and counsel only.
    clinician_note = models.TextField(blank=True)
    # What the clinician would want to say publicly: never posted, screened for the meeting.
    wished_reply = models.TextField(blank=True)
    meeting_requested_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(blank=True)
    # One timestamp per state, as cases do.
    opened_at = models.DateTimeField(default=timezone.now)
    meeting_at = models.DateTimeField(null=True, blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    followed_up_at = models.DateTimeField(null=True, blank=True)
    follow_up = models.CharField(max_length=10, blank=True)  # "resolved" or "subsided"

    class Meta:
        ordering = ["-opened_at"]
        constraints = [models.UniqueConstraint(fields=["case", "clinician"], name="concern_once")]

    def __str__(self) -> str:
        return f"Concern #{self.pk}"

    def is_for(self, user) -> bool:
        return user.is_authenticated and self.clinician.user_id == user.pk


def new_uid() -> str:
    return f"{uuid.uuid4()}@safereply"


class Meeting(models.Model):
    concern = models.ForeignKey(Concern, models.CASCADE, related_name="meetings")
    # One UID per meeting; a reschedule sends the same UID with a higher SEQUENCE.
    uid = models.CharField(max_length=100, unique=True, default=new_uid)
    sequence = models.PositiveIntegerField(default=0)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField(max_length=300, blank=True)
    video_link = models.URLField(max_length=500, blank=True)
    attendees = models.JSONField(default=list)  # [{"name", "email", "role"}]
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    sent_to = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Meeting #{self.pk}"


class Notice(models.Model):
    """A message to a clinician inside SafeReply (the email that goes with it carries no content)."""

    class Kind(models.TextChoices):
        OPENED = "opened", "A concern names you"
        MEETING = "meeting", "A meeting with counsel is scheduled"
        OUTCOME = "outcome", "The meeting's outcome is recorded"
        RESOLVED = "resolved", "The complaint is resolved"
        SUBSIDED = "subsided", "The complaint has subsided"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="provider_notices")
    concern = models.ForeignKey(Concern, models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
