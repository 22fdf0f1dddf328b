"""Opening, acknowledging and resolving grievances; exports for an external complaints system."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_POST

from safereply.errors import SafeReplyError
from safereply.grievances import services
from safereply.grievances.models import Grievance
from safereply.patients.views import _done, resolution_case


def _grievance(request, grievance_id: int) -> Grievance:
    grievance = get_object_or_404(Grievance.objects.select_related("case"), pk=grievance_id,
                                  organization=request.organization)
    resolution_case(request, grievance.case_id)
    return grievance


@require_POST
def open_(request, case_id: int):
    case = resolution_case(request, case_id)
    return _done(request, case, lambda: services.grievance_open(case=case, actor=request.user),
                 "Handed to the complaints process.")


@require_POST
def acknowledge(request, grievance_id: int):
    grievance = _grievance(request, grievance_id)
    return _done(request, grievance.case, lambda: services.grievance_acknowledge(
        grievance=grievance, actor=request.user), "Acknowledgement recorded.")


@require_POST
def resolve(request, grievance_id: int):
    grievance = _grievance(request, grievance_id)
    return _done(request, grievance.case, lambda: services.grievance_resolve(
        grievance=grievance, actor=request.user, letter=request.POST.get("letter", "")),
        "Grievance resolved; the case is closed.")


def letter(request, grievance_id: int):
    grievance = _grievance(request, grievance_id)
    try:
        content = services.grievance_letter_pdf(grievance=grievance, actor=request.user)
    except SafeReplyError as e:
        messages.error(request, e.message)
        return redirect("patients:resolution", case_id=grievance.case_id)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{grievance.reference}.pdf"'
    return response


def _export(request, fmt: str, content_type: str):
    body = services.grievances_export(organization=request.organization, actor=request.user, fmt=fmt)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="grievances-{timezone.localdate():%Y%m%d}.{fmt}"'
    return response


def export_csv(request):
    return _export(request, "csv", "text/csv; charset=utf-8")


def export_json(request):
    return _export(request, "json", "application/json")
