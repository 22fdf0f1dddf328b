"""The private resolution page of a case: who posted it, the invitation, the complaints process.

Listed in safereply.accounts.access.ACCESS for responders and the risk manager; on top of
that, only the designated responders of the policy in force and the risk manager see
identities (patients.services.may_see_identities). Every view of candidates or of an
identity writes an audit entry. No patient data ever goes into a URL: patients are chosen
by their row id in a POST body, or by record number typed into a form.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from safereply.cases.models import Case
from safereply.errors import SafeReplyError
from safereply.outreach.models import Call, Channel, Outcome, Status
from safereply.outreach.services import outreach_text, reminder_interval_days
from safereply.patients import services
from safereply.patients.models import Identification, Patient
from safereply.policy.services import holding_reply_for


def resolution_case(request, case_id: int) -> Case:
    """This organization's case, for someone who may see identities; otherwise 404 or 403."""
    case = get_object_or_404(Case.objects.select_related("organization"), pk=case_id,
                             organization=request.organization)
    if not services.may_see_identities(request.user, case.organization):
        raise PermissionDenied
    return case


def resolution(request, case_id: int):
    case = resolution_case(request, case_id)
    identification = Identification.objects.filter(case=case).select_related("patient").first()
    context = {"case": case, "identification": identification, "channels": Channel.choices,
               "contact_channels": services.CONTACT_CHANNELS.items(), "call_results": Call.Result.choices,
               "outcomes": Outcome.choices, "Status": Status}
    if identification is None or not identification.is_identified:
        context["candidates"] = [(p.pk, p.identity, s) for p, s in services.patient_candidates(case=case, actor=request.user)]
        context["holding_reply"] = holding_reply_for(case.organization)
    else:
        context["identity"] = services.patient_view(case=case, actor=request.user, patient=identification.patient)
        context["invitations"] = case.invitations.prefetch_related("calls")
        context["phone_script"] = outreach_text(case.organization, "phone_script")
        context["reminder_days"] = reminder_interval_days(case.organization)
    context["grievance"] = getattr(case, "grievance", None) if hasattr(case, "grievance") else None
    return render(request, "patients/resolution.html", context)


def _done(request, case, action, success: str):
    try:
        action()
    except SafeReplyError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, success)
    return redirect("patients:resolution", case_id=case.pk)


@require_POST
def identify(request, case_id: int):
    case = resolution_case(request, case_id)
    try:
        patient = Patient.objects.get(pk=int(request.POST.get("patient", "")), organization=case.organization)
        score = int(request.POST.get("score") or 0) or None
        if score is not None and not 0 < score <= 100:  # matching scores are 0 to 100
            raise ValueError
    except (ValueError, Patient.DoesNotExist):
        messages.error(request, "Choose one of the candidates.")
        return redirect("patients:resolution", case_id=case.pk)
    return _done(request, case, lambda: services.case_identify(case=case, actor=request.user, patient=patient,
                                                               score=score), "Poster identified.")


@require_POST
def unidentified(request, case_id: int):
    case = resolution_case(request, case_id)
    return _done(request, case, lambda: services.case_mark_unidentified(case=case, actor=request.user),
                 "Marked as not identified. The public holding reply invites them to get in touch.")


@require_POST
def contact(request, case_id: int):
    case = resolution_case(request, case_id)
    return _done(request, case, lambda: services.contact_link(
        case=case, actor=request.user, channel=request.POST.get("channel", ""),
        record_number=request.POST.get("record_number", "")), "Their contact is linked to the case.")
