"""Invitations: send, print the letter, log calls, record answers and outcomes."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from safereply.outreach import services
from safereply.outreach.models import Invitation
from safereply.patients.views import _done, resolution_case
from django.views.decorators.http import require_POST


def _invitation(request, invitation_id: int) -> Invitation:
    invitation = get_object_or_404(Invitation.objects.select_related("case", "patient"), pk=invitation_id,
                                   case__organization=request.organization)
    resolution_case(request, invitation.case_id)
    return invitation


@require_POST
def invite(request, case_id: int):
    case = resolution_case(request, case_id)
    channel = request.POST.get("channel", "")
    done = {"email": "Invitation emailed.", "letter": "Letter invitation recorded: print it and post it.",
            "phone": "Phone invitation opened: call and log each attempt."}.get(channel, "")
    return _done(request, case, lambda: services.invitation_send(case=case, actor=request.user, channel=channel),
                 done)


def letter(request, invitation_id: int):
    invitation = _invitation(request, invitation_id)
    response = HttpResponse(services.invitation_letter(invitation=invitation, actor=request.user),
                            content_type="application/pdf")
    # A generic file name: names of files end up in download folders and browser histories.
    response["Content-Disposition"] = f'attachment; filename="invitation-{invitation.pk}.pdf"'
    return response


@require_POST
def call(request, invitation_id: int):
    invitation = _invitation(request, invitation_id)
    return _done(request, invitation.case, lambda: services.call_log(
        invitation=invitation, actor=request.user, result=request.POST.get("result", "")), "Call logged.")


@require_POST
def update(request, invitation_id: int):
    invitation = _invitation(request, invitation_id)
    return _done(request, invitation.case, lambda: services.outreach_update(
        invitation=invitation, actor=request.user, status=request.POST.get("status", ""),
        outcome=request.POST.get("outcome", "")), "Invitation updated.")
