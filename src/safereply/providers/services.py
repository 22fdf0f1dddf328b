"""Every change to mentions, provider concerns, meetings and notices.

Keyword-only functions, full_clean() before saving, the audit entry in the same transaction,
and email sent only after commit. Emails to clinicians carry no content: a generic line and
a link to sign in.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from safereply.accounts.models import Membership, Role
from safereply.audit.services import audit_record
from safereply.cases import triage, workflow
from safereply.cases.models import Case
from safereply.errors import SafeReplyError
from safereply.policy.services import policy_effective
from safereply.providers.ics import meeting_ics
from safereply.providers.models import Concern, ConcernState, Meeting, Mention, Notice, Outcome, PostEvidence

MAX_NOTE = 4000
MAX_MEETING_MINUTES = 240
OUTCOME_DECISION = {Outcome.NONE: "watch", Outcome.HOLDING: "holding", Outcome.PRIVATE: "private"}
CLINICIAN_SUBJECT = "SafeReply: an update for you"
CLINICIAN_BODY = "There is an update for you in SafeReply. Please sign in to read it:\n\n{link}\n"


def _link(path: str) -> str:
    return getattr(settings, "SAFEREPLY_BASE_URL", "").rstrip("/") + path


def _holds(user, organization_id: int, *roles: str) -> bool:
    return Membership.objects.active().filter(user=user, organization_id=organization_id, role__in=roles).exists()


def _clean(value: str | None, limit: int, what: str) -> str:
    text = (value or "").replace("\r\n", "\n").strip()
    if len(text) > limit:
        raise SafeReplyError(f"{what} is longer than {limit:,} characters.", code="too_long")
    return text


def _after_commit_mail(subject: str, body: str, recipients: list[str]) -> None:
    if recipients:
        transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients))


# Evidence and mentions -------------------------------------------------------------------

def evidence_ensure(*, case: Case) -> PostEvidence:
    """The case's evidence record: first capture time and SHA-256 of the post text as reported."""
    existing = PostEvidence.objects.filter(case=case).first()
    if existing is not None:
        return existing
    first_report = case.reports.order_by("created_at").first()
    evidence = PostEvidence(
        case=case,
        captured_at=first_report.created_at if first_report else case.reported_at,
        sha256=hashlib.sha256(case.post_text.encode("utf-8")).hexdigest(),
        characters=len(case.post_text),
    )
    evidence.full_clean()
    evidence.save()
    return evidence


def mentions_refresh(*, case: Case, actor) -> list[Mention]:
    """Match the post against the roster; new matches become suggestions a responder decides.

    Called at intake and on every edit of a case. A decided mention keeps its decision.
    """
    roster = [triage.RosterEntry(c.pk, c.first_name, c.last_name, c.title)
              for c in case.organization.clinicians.filter(active=True)]
    found = triage.find_clinicians(case.post_text, roster)
    with transaction.atomic():
        evidence_ensure(case=case)
        known = {m.clinician_id: m for m in Mention.objects.select_for_update().filter(case=case)}
        added = []
        for match in found:
            mention = known.get(match.id)
            if mention is None:
                mention = Mention(case=case, clinician_id=match.id, matched=match.matched[:200],
                                  confidence=match.score, rule=match.rule)
                mention.full_clean(validate_unique=False)
                mention.save()
                added.append(mention)
            elif mention.status == Mention.Status.SUGGESTED and mention.confidence != match.score:
                mention.matched, mention.confidence, mention.rule = match.matched[:200], match.score, match.rule
                mention.save(update_fields=["matched", "confidence", "rule"])
        if added:
            audit_record(actor=actor, action="mentions.found", obj=case,
                         data={"clinician_ids": [m.clinician_id for m in added],
                               "confidences": [m.confidence for m in added]})
    return list(Mention.objects.filter(case=case).select_related("clinician"))


def mention_reject(*, mention: Mention, actor) -> Mention:
    with transaction.atomic():
        mention = Mention.objects.select_for_update().get(pk=mention.pk)
        if mention.status != Mention.Status.SUGGESTED:
            raise SafeReplyError("This match has been decided already.", code="mention_decided")
        mention.status, mention.decided_at, mention.decided_by = Mention.Status.REJECTED, timezone.now(), actor
        mention.save(update_fields=["status", "decided_at", "decided_by"])
        audit_record(actor=actor, action="mention.rejected", obj=mention.case,
                     data={"clinician_id": mention.clinician_id, "confidence": mention.confidence})
    return mention


def mention_confirm(*, mention: Mention, actor) -> Concern:
    """The clinician is named: open their concern, tell them, and escalate by the policy."""
    with transaction.atomic():
        mention = Mention.objects.select_for_update().select_related("case__organization", "clinician").get(pk=mention.pk)
        if mention.status != Mention.Status.SUGGESTED:
            raise SafeReplyError("This match has been decided already.", code="mention_decided")
        case = mention.case
        mention.status, mention.decided_at, mention.decided_by = Mention.Status.CONFIRMED, timezone.now(), actor
        mention.save(update_fields=["status", "decided_at", "decided_by"])
        case.clinicians.add(mention.clinician)
        concern = Concern(case=case, clinician=mention.clinician, mention=mention)
        concern.full_clean(validate_unique=False)
        concern.save()
        notified = _risk_manager_notify(concern)
        _clinician_notify(concern, Notice.Kind.OPENED)
        audit_record(actor=actor, action="mention.confirmed", obj=case,
                     data={"clinician_id": mention.clinician_id, "concern_id": concern.pk,
                           "risk_managers_notified": notified})
    return concern


def _risk_manager_notify(concern: Concern) -> int:
    """By the policy's escalation rule: its risk manager; without a policy, every risk manager."""
    case = concern.case
    policy = policy_effective(case.organization)
    users = get_user_model().objects.none()
    if policy is None:
        users = get_user_model().objects.filter(
            pk__in=Membership.objects.active().filter(organization=case.organization, role=Role.RISK_MANAGER)
            .values("user_id"))
    elif policy.escalation("clinician_to_risk_manager") and policy.risk_manager_id:
        users = get_user_model().objects.filter(pk=policy.risk_manager_id)
    recipients = [u.email for u in users if u.email]
    _after_commit_mail(
        f"SafeReply: a complaint names a clinician (case #{case.pk})",
        "A post names one of our clinicians and a provider concern is open. Please arrange a private "
        f"meeting of the clinician with counsel:\n\n{_link(reverse('providers:concern', args=[concern.pk]))}\n",
        recipients)
    return len(recipients)


def _clinician_notify(concern: Concern, kind: str) -> Notice | None:
    user = concern.clinician.user
    if user is None:
        return None
    notice = Notice.objects.create(user=user, concern=concern, kind=kind)
    if user.email:
        _after_commit_mail(CLINICIAN_SUBJECT, CLINICIAN_BODY.format(link=_link(reverse("providers:list"))),
                           [user.email])
    return notice


# The clinician's side ---------------------------------------------------------------------

def concern_write(*, concern: Concern, actor, note: str, wished_reply: str = "", request_meeting: bool = False) -> Concern:
    """The clinician writes their concerns privately and may ask for a meeting with counsel."""
    if not concern.is_for(actor):
        raise SafeReplyError("Only the clinician named writes in this concern.", code="not_yours")
    note = _clean(note, MAX_NOTE, "The note")
    wished_reply = _clean(wished_reply, MAX_NOTE, "The reply you would want to post")
    with transaction.atomic():
        concern = Concern.objects.select_for_update().get(pk=concern.pk)
        if concern.state == ConcernState.CLOSED:
            raise SafeReplyError("This concern is closed.", code="concern_closed")
        concern.clinician_note, concern.wished_reply = note, wished_reply
        fields = ["clinician_note", "wished_reply"]
        if request_meeting and concern.meeting_requested_at is None:
            concern.meeting_requested_at = timezone.now()
            fields.append("meeting_requested_at")
        concern.full_clean(validate_unique=False)
        concern.save(update_fields=fields)
        audit_record(actor=actor, action="concern.written", obj=concern, organization_id=concern.case.organization_id,
                     data={"meeting_requested": concern.meeting_requested_at is not None})
    return concern


def concern_acknowledge(*, concern: Concern, actor) -> Concern:
    """The clinician acknowledges the meeting's outcome; the concern closes."""
    if not concern.is_for(actor):
        raise SafeReplyError("Only the clinician named acknowledges the outcome.", code="not_yours")
    with transaction.atomic():
        concern = Concern.objects.select_for_update().get(pk=concern.pk)
        if concern.state != ConcernState.OUTCOME:
            raise SafeReplyError("There is no outcome to acknowledge yet.", code="no_outcome")
        now = timezone.now()
        concern.state, concern.acknowledged_at, concern.closed_at = ConcernState.CLOSED, now, now
        concern.save(update_fields=["state", "acknowledged_at", "closed_at"])
        audit_record(actor=actor, action="concern.acknowledged", obj=concern,
                     organization_id=concern.case.organization_id, data={"outcome": concern.outcome})
    return concern


# The risk manager's and counsel's side ----------------------------------------------------

def meeting_schedule(*, concern: Concern, actor, starts_at: dt.datetime, minutes: int, place: str = "",
                     video_link: str = "") -> Meeting:
    """Schedule (or move) the clinician's meeting with counsel and send iCalendar invitations."""
    case = concern.case
    if not _holds(actor, case.organization_id, Role.RISK_MANAGER):
        raise SafeReplyError("The risk manager schedules the meeting.", code="not_risk_manager")
    if timezone.is_naive(starts_at):
        raise SafeReplyError("Give the meeting's time with its time zone.", code="meeting_invalid")
    if not 15 <= minutes <= MAX_MEETING_MINUTES:
        raise SafeReplyError(f"A meeting lasts 15 to {MAX_MEETING_MINUTES} minutes.", code="meeting_invalid")
    place, video_link = _clean(place, 300, "The place"), _clean(video_link, 500, "The video link")
    if not place and not video_link:
        raise SafeReplyError("Give a place or a video link.", code="meeting_invalid")
    with transaction.atomic():
        concern = Concern.objects.select_for_update().get(pk=concern.pk)
        if concern.state not in (ConcernState.OPEN, ConcernState.MEETING):
            raise SafeReplyError("The meeting has taken place already.", code="meeting_done")
        previous = concern.meetings.first()
        meeting = Meeting(
            concern=concern, starts_at=starts_at, ends_at=starts_at + dt.timedelta(minutes=minutes),
            place=place, video_link=video_link, attendees=_attendees(concern, actor), scheduled_by=actor,
        )
        if previous is not None:  # a reschedule updates the same calendar event
            Meeting.objects.filter(pk=previous.pk).update(uid=f"{previous.uid}~{previous.sequence}")
            meeting.uid, meeting.sequence = previous.uid, previous.sequence + 1
        meeting.full_clean()
        recipients = [p["email"] for p in meeting.attendees if p.get("email")]
        meeting.sent_to = len(recipients)
        meeting.save()
        concern.state, concern.meeting_at = ConcernState.MEETING, timezone.now()
        concern.save(update_fields=["state", "meeting_at"])
        _clinician_notify(concern, Notice.Kind.MEETING)
        audit_record(actor=actor, action="meeting.scheduled", obj=concern, organization_id=case.organization_id,
                     data={"meeting_id": meeting.pk, "sequence": meeting.sequence,
                           "starts_at": meeting.starts_at.isoformat(), "invited": len(recipients)})
        ics = meeting_ics(meeting, organizer_email=settings.DEFAULT_FROM_EMAIL,
                          detail_url=_link(reverse("providers:concern", args=[concern.pk])))
        transaction.on_commit(lambda: _invitation_send(recipients, ics))
    return meeting


def _invitation_send(recipients: list[str], ics: bytes) -> None:
    if not recipients:
        return
    message = EmailMessage(
        "Invitation: private meeting with counsel (SafeReply)",
        "You are invited to a private meeting. The calendar invitation is attached; "
        "the details are in SafeReply.",
        settings.DEFAULT_FROM_EMAIL, recipients)
    message.attach("invite.ics", ics, "text/calendar; method=REQUEST; charset=utf-8")
    message.send()


def _attendees(concern: Concern, actor) -> list[dict]:
    """The clinician, counsel (from the policy in force, else whoever holds the role) and the risk manager."""
    people = []
    clinician_user = concern.clinician.user
    people.append({"name": concern.clinician.display_name, "email": clinician_user.email if clinician_user else "",
                   "role": "clinician"})
    policy = policy_effective(concern.case.organization)
    counsel = (policy.document.get("counsel") or {}) if policy else {}
    contact = str(counsel.get("contact") or "")
    if "@" in contact:
        email = next(word for word in contact.replace(",", " ").replace(";", " ").split() if "@" in word)
        people.append({"name": counsel.get("name") or email, "email": email.strip("<>()"), "role": "counsel"})
    else:
        for membership in Membership.objects.active().filter(
                organization_id=concern.case.organization_id, role=Role.COUNSEL).select_related("user"):
            people.append({"name": membership.user.get_full_name() or membership.user.get_username(),
                           "email": membership.user.email, "role": "counsel"})
    people.append({"name": actor.get_full_name() or actor.get_username(), "email": actor.email,
                   "role": "risk manager"})
    return people


def concern_outcome(*, concern: Concern, actor, outcome: str, note: str = "") -> Concern:
    """Record the meeting's result; the case continues along the chosen path where it is waiting to be decided."""
    from safereply.cases.services import case_decide

    case = concern.case
    if not _holds(actor, case.organization_id, Role.RISK_MANAGER, Role.COUNSEL):
        raise SafeReplyError("The risk manager or counsel records the outcome.", code="not_allowed")
    if outcome not in Outcome.values:
        raise SafeReplyError("Choose the meeting's outcome.", code="outcome_invalid")
    note = _clean(note, MAX_NOTE, "The note")
    with transaction.atomic():
        concern = Concern.objects.select_for_update().get(pk=concern.pk)
        if concern.state != ConcernState.MEETING:
            raise SafeReplyError("Schedule the meeting before recording its outcome.", code="no_meeting")
        concern.outcome, concern.outcome_note = outcome, note
        concern.state, concern.outcome_at = ConcernState.OUTCOME, timezone.now()
        concern.full_clean(validate_unique=False)
        concern.save(update_fields=["outcome", "outcome_note", "state", "outcome_at"])
        case_decided = False
        if "decide" in workflow.allowed_events(Case.objects.get(pk=case.pk)):
            try:
                case_decide(case=case, actor=actor, decision=OUTCOME_DECISION[outcome],
                            reason=f"Agreed in the meeting of the clinician with counsel: {Outcome(outcome).label}.")
                case_decided = True
            except SafeReplyError:
                pass  # the responders decide on the case page, where the reason is shown
        _clinician_notify(concern, Notice.Kind.OUTCOME)
        audit_record(actor=actor, action="concern.outcome", obj=concern, organization_id=case.organization_id,
                     data={"outcome": outcome, "case_decided": case_decided})
    return concern


def concern_follow_up(*, concern: Concern, actor, kind: str) -> Concern:
    """Tell the clinician the complaint is resolved or has subsided (in SafeReply; email without content)."""
    if kind not in (Notice.Kind.RESOLVED, Notice.Kind.SUBSIDED):
        raise SafeReplyError("Choose resolved or subsided.", code="follow_up_invalid")
    with transaction.atomic():
        concern = Concern.objects.select_for_update().get(pk=concern.pk)
        if concern.follow_up == kind:
            return concern
        concern.follow_up, concern.followed_up_at = kind, timezone.now()
        concern.save(update_fields=["follow_up", "followed_up_at"])
        _clinician_notify(concern, kind)
        audit_record(actor=actor, action="concern.followed_up", obj=concern,
                     organization_id=concern.case.organization_id, data={"kind": kind})
    return concern


def concerns_case_closed(*, case: Case, actor) -> int:
    """A closed case is resolved for every clinician it named."""
    concerns = list(Concern.objects.filter(case=case).exclude(follow_up=Notice.Kind.RESOLVED))
    for concern in concerns:
        concern_follow_up(concern=concern, actor=actor, kind=Notice.Kind.RESOLVED)
    return len(concerns)
