"""Cases (one per post), the reports that brought them in, drafts and approvals."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from safereply.accounts.models import Clinician, Location, Organization
from safereply.cases import workflow


class Platform(models.TextChoices):
    GOOGLE = "google", "Google"
    YELP = "yelp", "Yelp"
    FACEBOOK = "facebook", "Facebook"
    HEALTHGRADES = "healthgrades", "Healthgrades"
    X = "x", "X"
    OTHER = "other", "Other"


class Category(models.TextChoices):
    BILLING = "billing", "Billing"
    ACCESS = "access", "Access and wait times"
    CONDUCT = "conduct", "Staff conduct"
    CLINICAL = "clinical", "Clinical care"
    PRIVACY = "privacy", "Privacy"
    FACILITIES = "facilities", "Facilities"
    OTHER = "other", "Other"


class Severity(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    EGREGIOUS = "egregious", "Egregious"


class Decision(models.TextChoices):
    WATCH = "watch", "No public response (watch it)"
    PRIVATE = "private", "Private outreach only"
    HOLDING = "holding", "Public holding reply plus private invitation"
    COUNSEL = "counsel", "Escalate to counsel"


class Language(models.TextChoices):
    EN = "en", "English"
    ES = "es", "Spanish"


SEVERITY_RANK = {"low": 0, "medium": 1, "high": 2, "egregious": 3}


def business_days_after(start: dt.datetime, days: int) -> dt.datetime:
    """`start` moved forward by `days` weekdays (Saturday and Sunday do not count)."""
    local = timezone.localtime(start)
    moved = 0
    while moved < days:
        local += dt.timedelta(days=1)
        if local.weekday() < 5:
            moved += 1
    return local


def business_hours_after(start: dt.datetime, hours: int) -> dt.datetime:
    """`start` moved forward by `hours` hours, counting only hours on weekdays."""
    local = timezone.localtime(start)
    moved = 0
    while moved < hours:
        local += dt.timedelta(hours=1)
        if local.weekday() < 5:
            moved += 1
    return local


class Case(models.Model):
    organization = models.ForeignKey(Organization, models.CASCADE, related_name="cases")
    location = models.ForeignKey(Location, models.SET_NULL, null=True, blank=True)
    platform = models.CharField(max_length=20, choices=Platform.choices)
    # Normalized (see cases.urls_normalize): two reports of one post share one case.
    url = models.CharField(max_length=2000)
    poster_name = models.CharField(max_length=200)
    post_text = models.TextField()
    state = models.CharField(max_length=30, default="reported", choices=workflow.STATE_LABELS.items())

    # The automatic triage suggestion, kept beside what the responder confirmed.
    suggested = models.JSONField(default=dict, blank=True)
    category = models.CharField(max_length=20, choices=Category.choices, blank=True)
    severity = models.CharField(max_length=20, choices=Severity.choices, blank=True)
    language = models.CharField(max_length=2, choices=Language.choices, default="en")
    clinicians = models.ManyToManyField(Clinician, blank=True, related_name="cases")
    self_disclosed = models.JSONField(
        default=list, blank=True, help_text="Health information the poster disclosed about themselves."
    )
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    published_url = models.CharField(max_length=2000, blank=True)

    # One timestamp per workflow state (workflow.timestamp_field).
    reported_at = models.DateTimeField(default=timezone.now)
    triaged_at = models.DateTimeField(null=True, blank=True)
    watching_at = models.DateTimeField(null=True, blank=True)
    outreach_at = models.DateTimeField(null=True, blank=True)
    drafting_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    awaiting_approval_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-reported_at"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "url"], name="case_unique_url"),
        ]
        # The inbox filters one organization's cases by state, newest first.
        indexes = [models.Index(fields=["organization", "state", "reported_at"], name="case_inbox")]

    def __str__(self) -> str:
        return f"Case #{self.pk}"

    @property
    def state_label(self) -> str:
        return workflow.STATE_LABELS[self.state]

    @property
    def is_egregious(self) -> bool:
        return self.severity == Severity.EGREGIOUS

    @property
    def is_open(self) -> bool:
        return self.state in workflow.OPEN_STATES

    def entered_current_state_at(self) -> dt.datetime:
        return getattr(self, workflow.timestamp_field(self.state)) or self.reported_at

    def due_at(self) -> dt.datetime | None:
        """When the current step should be done by, or None when nothing is waiting on us."""
        targets = self.response_targets()
        if self.state not in targets:
            return None
        amount, unit = targets[self.state]
        if unit == "hours":
            return business_hours_after(self.entered_current_state_at(), amount)
        return business_days_after(self.entered_current_state_at(), amount)

    def response_targets(self) -> dict[str, tuple[int, str]]:
        """(amount, "days" or "hours") per waiting state, from the policy in force (looked up once per case;
        list pages set ``_targets`` for all their rows with one query)."""
        if getattr(self, "_targets", None) is None:
            from safereply.policy.services import policy_targets

            self._targets = policy_targets(self.organization_id)
        return self._targets

    def is_overdue(self, now: dt.datetime | None = None) -> bool:
        due = self.due_at()
        return due is not None and (now or timezone.now()) > due

    def age(self, now: dt.datetime | None = None) -> dt.timedelta:
        return (now or timezone.now()) - self.reported_at

    def current_draft(self) -> Draft | None:
        return self.drafts.order_by("-id").first()


def screenshot_path(report: Report, filename: str) -> str:
    # The name the reporter's file had may itself carry a patient's name: never keep it.
    return f"screenshots/{report.case.organization_id}/{uuid.uuid4().hex}.img"


class Report(models.Model):
    """One person handing a post to the response team."""

    class Via(models.TextChoices):
        ACCOUNT = "account", "Signed in"
        LINK = "link", "Report link"
        IMPORT = "import", "Bulk import"
        API = "api", "API"

    case = models.ForeignKey(Case, models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True)
    reporter_name = models.CharField(max_length=200, blank=True)  # for the report link
    via = models.CharField(max_length=10, choices=Via.choices, default=Via.ACCOUNT)
    platform = models.CharField(max_length=20, choices=Platform.choices)
    url_as_given = models.CharField(max_length=2000)
    poster_name = models.CharField(max_length=200)
    post_text = models.TextField()
    note = models.TextField(blank=True)
    screenshot = models.FileField(upload_to=screenshot_path, blank=True)
    screenshot_type = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Report #{self.pk}"


class Draft(models.Model):
    case = models.ForeignKey(Case, models.CASCADE, related_name="drafts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="drafts")
    text = models.TextField()
    # The verdict of the last server-side screening; approval screens again regardless.
    verdict = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Draft #{self.pk}"


class Approval(models.Model):
    draft = models.ForeignKey(Draft, models.CASCADE, related_name="approvals")
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    # The role the approval counts for: "responder" (responders and risk managers) or "counsel".
    as_role = models.CharField(max_length=20)
    verdict = models.CharField(max_length=10)  # the verdict of the screening at approval time
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["draft", "approver", "as_role"], name="approval_once")
        ]
