"""Private invitations to talk, by email, letter or phone, and the calls made for them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    PHONE = "phone", "Phone"


class Status(models.TextChoices):
    SENT = "sent", "Sent"
    ANSWERED = "answered", "Answered"
    MEETING_HELD = "meeting_held", "Meeting held"
    CLOSED = "closed", "Outcome recorded"


class Outcome(models.TextChoices):
    RESOLVED = "resolved", "Resolved in conversation"
    GRIEVANCE = "grievance", "Handed to the complaints process"
    DECLINED = "declined", "Declined to talk"
    NO_RESPONSE = "no_response", "No response"


# What each status may move on to; `outreach_update` refuses anything else.
NEXT_STATUS = {
    Status.SENT: {Status.ANSWERED, Status.CLOSED},
    Status.ANSWERED: {Status.MEETING_HELD, Status.CLOSED},
    Status.MEETING_HELD: {Status.CLOSED},
    Status.CLOSED: set(),
}


class Invitation(models.Model):
    case = models.ForeignKey("cases.Case", models.CASCADE, related_name="invitations")
    patient = models.ForeignKey("patients.Patient", models.PROTECT, related_name="invitations")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SENT)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    meeting_held_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at"]
        # send-reminders: unanswered invitations by age.
        indexes = [models.Index(fields=["status", "sent_at"], name="invitation_due")]

    def __str__(self) -> str:
        return f"Invitation #{self.pk}"

    def last_contact_at(self) -> dt.datetime:
        return self.reminded_at or self.sent_at

    def reminder_due(self, interval_days: int, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.status == Status.SENT and now - self.last_contact_at() >= dt.timedelta(days=interval_days)


class Call(models.Model):
    """One call made for a phone invitation (the call log)."""

    class Result(models.TextChoices):
        REACHED = "reached", "Reached them"
        VOICEMAIL = "voicemail", "Left a voicemail (no details)"
        NO_ANSWER = "no_answer", "No answer"
        WRONG_NUMBER = "wrong_number", "Wrong number"

    invitation = models.ForeignKey(Invitation, models.CASCADE, related_name="calls")
    result = models.CharField(max_length=20, choices=Result.choices)
    called_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    called_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["called_at"]
