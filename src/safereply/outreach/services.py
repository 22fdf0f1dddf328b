"""Private invitations: sending, tracking, the call log and reminders.

Texts come from the policy in force (the approved invitation email, letter and phone
script). Nothing that reaches a mailbox before it is opened says anything about care: the
subject line is always "A message from <organization>".
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from safereply.audit.services import audit_record
from safereply.errors import SafeReplyError
from safereply.outreach.letters import letter_pdf
from safereply.outreach.models import NEXT_STATUS, Call, Channel, Invitation, Outcome, Status
from safereply.patients.models import Identification
from safereply.patients.services import _require_identity_access
from safereply.policy.document import document_default
from safereply.policy.services import policy_effective


def outreach_text(organization, key: str) -> str:
    """An approved text of the policy in force (or the default wording before there is one)."""
    policy = policy_effective(organization)
    if policy is not None and policy.text(key):
        return policy.text(key)
    return document_default(organization)["texts"][key]


def reminder_interval_days(organization) -> int:
    policy = policy_effective(organization)
    if policy is not None:
        days = policy.document.get("outreach_reminder_days")
        if days:
            return int(days)
    return settings.SAFEREPLY_OUTREACH_REMINDER_DAYS


def email_subject(organization) -> str:
    return f"A message from {organization.name}"


def _identified_patient(case):
    identification = Identification.objects.filter(case=case).select_related("patient").first()
    if identification is None or not identification.is_identified:
        raise SafeReplyError("Identify the poster first: confirm a candidate or link their contact.",
                             code="not_identified")
    return identification.patient


def _email(case, patient, *, reminder: bool) -> EmailMessage:
    identity = patient.identity
    opening = "We wrote to you recently and wanted to follow up.\n\n" if reminder else ""
    body = (f"Dear {identity.first_name},\n\n{opening}{outreach_text(case.organization, 'invitation_email')}"
            f"\n\nPatient relations\n{case.organization.name}\n")
    return EmailMessage(subject=email_subject(case.organization), body=body,
                        from_email=settings.DEFAULT_FROM_EMAIL, to=[identity.email])


def _create(case, actor, patient, channel: str) -> Invitation:
    invitation = Invitation(case=case, patient=patient, channel=channel, created_by=actor)
    invitation.full_clean()
    invitation.save()
    audit_record(actor=actor, action="outreach.invited", obj=case,
                 data={"invitation_id": invitation.pk, "channel": channel, "patient_id": patient.pk})
    return invitation


def invitation_send(*, case, actor, channel: str) -> Invitation:
    """Invite the identified poster to talk privately. Email is sent now; a letter is
    downloaded and posted; a phone invitation opens the call log."""
    _require_identity_access(actor, case.organization)
    if channel not in Channel.values:
        raise SafeReplyError("Choose email, letter or phone.", code="channel_invalid")
    patient = _identified_patient(case)
    if channel == Channel.EMAIL and not patient.identity.email:
        raise SafeReplyError("The patient index has no email address for this patient; "
                             "send a letter or call.", code="no_email")
    if channel == Channel.PHONE and not patient.identity.phone:
        raise SafeReplyError("The patient index has no phone number for this patient.", code="no_phone")
    with transaction.atomic():
        invitation = _create(case, actor, patient, channel)
        if channel == Channel.EMAIL:
            # Sent inside the transaction: if the mail server refuses it, nothing is recorded as sent.
            try:
                _email(case, patient, reminder=False).send(fail_silently=False)
            except OSError as e:
                raise SafeReplyError("The mail server did not accept the invitation; nothing was sent.",
                                     code="email_failed", details={"error": e.__class__.__name__}) from None
    return invitation


def invitation_letter(*, invitation: Invitation, actor) -> bytes:
    case = invitation.case
    _require_identity_access(actor, case.organization)
    identity = invitation.patient.identity
    audit_record(actor=actor, action="outreach.letter_printed", obj=case, data={"invitation_id": invitation.pk})
    return letter_pdf(organization=case.organization, addressee=identity.full_name,
                      body=outreach_text(case.organization, "invitation_letter"))


def call_log(*, invitation: Invitation, actor, result: str) -> Call:
    _require_identity_access(actor, invitation.case.organization)
    if invitation.channel != Channel.PHONE:
        raise SafeReplyError("Calls are logged on phone invitations.", code="not_phone")
    if result not in Call.Result.values:
        raise SafeReplyError("Choose what happened on the call.", code="result_invalid")
    with transaction.atomic():
        call = Call(invitation=invitation, result=result, called_by=actor)
        call.full_clean()
        call.save()
        audit_record(actor=actor, action="outreach.call_logged", obj=invitation.case,
                     data={"invitation_id": invitation.pk, "result": result})
        if result == Call.Result.REACHED and invitation.status == Status.SENT:
            outreach_update(invitation=invitation, actor=actor, status=Status.ANSWERED)
    return call


def outreach_update(*, invitation: Invitation, actor, status: str, outcome: str = "") -> Invitation:
    """Answered, meeting held, or the outcome recorded (which closes the invitation)."""
    _require_identity_access(actor, invitation.case.organization)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("case").get(pk=invitation.pk)
        if status not in NEXT_STATUS.get(invitation.status, set()):
            raise SafeReplyError(f"An invitation that is {invitation.get_status_display().lower()} cannot "
                                 f"move to {Status(status).label.lower() if status in Status.values else status}.",
                                 code="illegal_status")
        if status == Status.CLOSED:
            if outcome not in Outcome.values:
                raise SafeReplyError("Choose the outcome.", code="outcome_missing")
            invitation.outcome = outcome
        now = timezone.now()
        invitation.status = status
        setattr(invitation, f"{status}_at", now)
        invitation.full_clean()
        invitation.save(update_fields=["status", "outcome", f"{status}_at"])
        audit_record(actor=actor, action=f"outreach.{status}", obj=invitation.case,
                     data={"invitation_id": invitation.pk, "outcome": outcome or None})
    return invitation


def reminders_send(*, now=None) -> int:
    """Remind every unanswered invitation older than the policy's interval; return how many.

    Email invitations are sent again (same generic subject); for letters and calls the
    responder who sent them is told by email that the invitation is unanswered (case number
    only). Each invitation is claimed with a conditional update, so two runs never remind twice.
    """
    now = now or timezone.now()
    sent = 0
    intervals: dict[int, int] = {}
    for invitation in Invitation.objects.filter(status=Status.SENT).select_related("case__organization",
                                                                                    "created_by"):
        organization = invitation.case.organization
        if organization.pk not in intervals:
            intervals[organization.pk] = reminder_interval_days(organization)
        if not invitation.reminder_due(intervals[organization.pk], now):
            continue
        with transaction.atomic():
            claimed = Invitation.objects.filter(pk=invitation.pk, reminders=invitation.reminders,
                                                status=Status.SENT).update(reminders=invitation.reminders + 1,
                                                                           reminded_at=now)
            if claimed != 1:
                continue
            audit_record(actor=None, action="outreach.reminded", obj=invitation.case,
                         data={"invitation_id": invitation.pk, "channel": invitation.channel})
            if invitation.channel == Channel.EMAIL:
                message = _email(invitation.case, invitation.patient, reminder=True)
            elif invitation.created_by.email:
                message = EmailMessage(
                    subject=f"SafeReply: an invitation is unanswered (case #{invitation.case_id})",
                    body=(f"The {invitation.get_channel_display().lower()} invitation for case "
                          f"#{invitation.case_id} has had no answer. Consider a follow-up."),
                    from_email=settings.DEFAULT_FROM_EMAIL, to=[invitation.created_by.email])
            else:
                message = None
            if message is not None:
                transaction.on_commit(lambda m=message: m.send(fail_silently=False))
        sent += 1
    return sent
