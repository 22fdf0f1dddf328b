"""Every change to a policy: drafts, counsel's approval, acknowledgements and reminders.

Each function takes keyword arguments and writes its audit entry in the same transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from safereply.accounts.models import Membership, Organization, Role
from safereply.audit.services import audit_record
from safereply.errors import SafeReplyError
from safereply.policy.document import document_default, document_validate
from safereply.policy.models import Acknowledgement, PolicyVersion, Reminder, Status
from safereply.policy.quiz import QUESTIONS, quiz_wrong

MAX_COMMENT = 4000


def policy_effective(organization: Organization | None) -> PolicyVersion | None:
    if organization is None:
        return None
    return PolicyVersion.objects.effective().filter(organization=organization).first()


def policy_draft(organization: Organization) -> PolicyVersion | None:
    return PolicyVersion.objects.filter(organization=organization, status=Status.DRAFT).first()


def _holds(user, organization: Organization, role: str) -> bool:
    return Membership.objects.active().filter(user=user, organization=organization, role=role).exists()


def policy_create_draft(*, organization: Organization, actor) -> PolicyVersion:
    """Start the next version from the effective one (or from the defaults on first run)."""
    with transaction.atomic():
        # Lock the organization row: two administrators cannot both start version N.
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        if policy_draft(organization) is not None:
            raise SafeReplyError("A draft exists already; edit it.", code="draft_exists")
        effective = policy_effective(organization)
        last = PolicyVersion.objects.filter(organization=organization).aggregate(n=Max("number"))["n"] or 0
        version = PolicyVersion(
            organization=organization, number=last + 1, created_by=actor,
            document=dict(effective.document) if effective else document_default(organization),
        )
        version.full_clean()
        version.save()
        audit_record(actor=actor, action="policy.drafted", obj=version, organization_id=organization.pk,
                     data={"number": version.number, "from": effective.number if effective else None})
    return version


def policy_update_draft(*, version: PolicyVersion, actor, document: dict) -> PolicyVersion:
    """Save the builder's fields; the whole document must validate, approved texts included."""
    clean = document_validate(document, organization=version.organization)
    with transaction.atomic():
        version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
        if not version.is_draft:
            raise SafeReplyError("Only a draft can be edited; start a new version.", code="not_a_draft")
        changed = sorted(k for k in clean if clean[k] != version.document.get(k))
        version.document, version.updated_at = clean, timezone.now()
        version.full_clean()
        version.save(update_fields=["document", "updated_at"])
        audit_record(actor=actor, action="policy.draft_saved", obj=version,
                     data={"number": version.number, "fields": changed})
    return version


def policy_approve(*, version: PolicyVersion, actor, comment: str) -> PolicyVersion:
    """Counsel approves a draft: it becomes the effective version, the previous one is superseded."""
    organization = version.organization
    if not _holds(actor, organization, Role.COUNSEL):
        raise SafeReplyError("Only counsel approves the policy.", code="not_counsel")
    comment = (comment or "").replace("\r\n", "\n").strip()
    if len(comment) < 5:
        raise SafeReplyError("Write counsel's comment (a sentence is enough).", code="comment_missing")
    if len(comment) > MAX_COMMENT:
        raise SafeReplyError(f"The comment is longer than {MAX_COMMENT:,} characters.", code="comment_too_long")
    with transaction.atomic():
        version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
        if not version.is_draft:
            raise SafeReplyError("Only a draft can be approved.", code="not_a_draft")
        # Memberships may have changed since the draft was saved: validate again.
        clean = document_validate(version.document, organization=organization)
        now = timezone.now()
        previous = policy_effective(organization)
        if previous is not None:
            previous.status, previous.superseded_at = Status.SUPERSEDED, now
            previous.save(update_fields=["status", "superseded_at"])
        version.document = clean
        version.status, version.effective_at = Status.EFFECTIVE, now
        version.approved_by, version.counsel_comment = actor, comment
        version.full_clean()
        version.save(update_fields=["document", "status", "effective_at", "approved_by", "counsel_comment"])
        audit_record(actor=actor, action="policy.approved", obj=version,
                     data={"number": version.number, "supersedes": previous.number if previous else None,
                           "counsel_comment": comment})
    return version


def policy_acknowledged(version: PolicyVersion | None, user) -> bool:
    return version is None or Acknowledgement.objects.filter(version=version, user=user).exists()


def policy_acknowledge(*, version: PolicyVersion, user, answers: dict[int, bool | None]) -> Acknowledgement:
    if version.status != Status.EFFECTIVE:
        raise SafeReplyError("Only the policy in force is acknowledged.", code="not_effective")
    wrong = quiz_wrong(answers)
    if wrong:
        raise SafeReplyError(
            f"{len(wrong)} of {len(QUESTIONS)} answers are not right yet; read the policy again and retry.",
            code="quiz_wrong", details={"wrong": wrong})
    with transaction.atomic():
        acknowledgement, created = Acknowledgement.objects.get_or_create(version=version, user=user)
        if created:
            audit_record(actor=user, action="policy.acknowledged", obj=version,
                         data={"number": version.number})
    return acknowledgement


def policy_people(version: PolicyVersion) -> list[tuple[object, Acknowledgement | None]]:
    """Everyone holding a role in the organization now, with their acknowledgement if any."""
    organization = version.organization
    users = {m.user for m in Membership.objects.active().filter(organization=organization).select_related("user")}
    acknowledged = {a.user_id: a for a in version.acknowledgements.all()}
    return sorted(((u, acknowledged.get(u.pk)) for u in users), key=lambda pair: pair[0].get_username())


def policy_remind(*, version: PolicyVersion, actor, policy_url: str) -> tuple[int, int]:
    """Email everyone who has not acknowledged `version`; return (sent, without an email address)."""
    sent = no_address = 0
    subject = f"Please read and acknowledge the complaints policy (version {version.number})"
    body = (
        f"The policy for complaints posted online, version {version.number}, is in force at "
        f"{version.organization.name}. Please sign in to SafeReply, read it and answer the five-question "
        f"check: {policy_url}\n\nThe rule in one line: if you see a complaint about us online, do not "
        "reply; report it in SafeReply."
    )
    with transaction.atomic():
        for user, acknowledgement in policy_people(version):
            if acknowledgement is not None:
                continue
            if not user.email:
                no_address += 1
                continue
            Reminder.objects.create(version=version, user=user, sent_by=actor)
            # Sent once the rows are committed: a rolled-back reminder never reaches anyone.
            transaction.on_commit(lambda to=user.email: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to]))
            sent += 1
        audit_record(actor=actor, action="policy.reminders_sent", obj=version,
                     data={"number": version.number, "sent": sent, "without_email": no_address})
    return sent, no_address


# What the rest of the application reads from the policy in force. Where no policy is in
# force yet, the deployment settings and the organization's own fields still apply, so a new
# installation works on day one (and says "No policy in force yet").

STATE_TARGETS = {"reported": "triage", "triaged": "decision", "escalated": "decision",
                 "outreach": "outreach", "awaiting_approval": "approval"}


def policy_targets(organization_id: int) -> dict[str, tuple[int, str]]:
    """Time allowed in each waiting state of a case: (amount, "days" or "hours"), business time."""
    version = PolicyVersion.objects.effective().filter(organization_id=organization_id).only("document").first()
    if version is not None:
        unit = version.target_unit
        return {state: (version.target_days(step), unit) for state, step in STATE_TARGETS.items()}
    return {
        "reported": (settings.SAFEREPLY_TRIAGE_TARGET_DAYS, "days"),
        "triaged": (settings.SAFEREPLY_DECISION_TARGET_DAYS, "days"),
        "escalated": (settings.SAFEREPLY_DECISION_TARGET_DAYS, "days"),
        "awaiting_approval": (settings.SAFEREPLY_APPROVAL_TARGET_DAYS, "days"),
    }


def holding_reply_for(organization: Organization) -> str:
    version = policy_effective(organization)
    if version is not None and version.text("holding_reply"):
        return version.text("holding_reply")
    return organization.holding_reply
