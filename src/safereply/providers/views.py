"""Provider concerns: the clinician's page, the risk manager's and counsel's, the meeting packet.

Access by role is in accounts.access; here each view fetches the concern *for this person*:
the clinician named, or the organization's risk manager and counsel. Anyone else gets 404,
so a clinician cannot even learn that another clinician's concern exists.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from safereply.accounts.models import Role
from safereply.cases.models import Case
from safereply.errors import SafeReplyError
from safereply.providers import services
from safereply.providers.ics import meeting_ics
from safereply.providers.models import Concern, ConcernState, Mention, Notice, Outcome
from safereply.providers.packet import packet_build, packet_pdf

OVERSEERS = frozenset({Role.RISK_MANAGER.value, Role.COUNSEL.value})


def concerns_for(request):
    """The concerns this person may read: their own as a clinician, all of them as risk manager or counsel."""
    concerns = Concern.objects.filter(case__organization=request.organization).select_related("case", "clinician")
    if request.roles & OVERSEERS:
        return concerns
    return concerns.filter(clinician__user=request.user)


def _concern(request, concern_id: int) -> Concern:
    return get_object_or_404(concerns_for(request), pk=concern_id)


def _overseer(request) -> bool:
    return bool(request.roles & OVERSEERS)


class ConcernForm(forms.Form):
    note = forms.CharField(required=False, max_length=services.MAX_NOTE, widget=forms.Textarea(attrs={"rows": 5}),
                           label="Your concerns (private: the risk manager and counsel read them)")
    wished_reply = forms.CharField(
        required=False, max_length=services.MAX_NOTE, widget=forms.Textarea(attrs={"rows": 3}),
        label="What you would want to say publicly (never posted; counsel will show what it would disclose)")


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                    input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    minutes = forms.IntegerField(min_value=15, max_value=services.MAX_MEETING_MINUTES, initial=45)
    place = forms.CharField(required=False, max_length=300)
    video_link = forms.URLField(required=False, max_length=500, assume_scheme="https")


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(choices=Outcome.choices, widget=forms.RadioSelect)
    note = forms.CharField(required=False, max_length=services.MAX_NOTE, widget=forms.Textarea(attrs={"rows": 3}))


def concern_list(request):
    concerns = concerns_for(request).order_by("-opened_at")
    notices = Notice.objects.filter(user=request.user).select_related("concern")[:50]
    return render(request, "providers/list.html", {"concerns": concerns, "notices": notices,
                                                   "overseer": _overseer(request)})


def concern_detail(request, concern_id: int):
    concern = _concern(request, concern_id)
    case = concern.case
    context = {
        "concern": concern,
        "case": case,
        "meeting": concern.meetings.first(),
        "is_clinician": concern.is_for(request.user),
        "overseer": _overseer(request),
        "is_risk_manager": Role.RISK_MANAGER.value in request.roles,
        "form": ConcernForm(initial={"note": concern.clinician_note, "wished_reply": concern.wished_reply}),
        "outcome_form": OutcomeForm(),
        "notices": concern.notices.filter(user=request.user),
        "open": concern.state != ConcernState.CLOSED,
    }
    return render(request, "providers/concern.html", context)


def _done(request, concern_id: int, action, success: str):
    try:
        action()
    except SafeReplyError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, success)
    return redirect("providers:concern", concern_id=concern_id)


@require_POST
def concern_write(request, concern_id: int):
    concern = _concern(request, concern_id)
    form = ConcernForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Keep each text under 4,000 characters.")
        return redirect("providers:concern", concern_id=concern.pk)
    asked = "request_meeting" in request.POST
    return _done(request, concern.pk, lambda: services.concern_write(
        concern=concern, actor=request.user, note=form.cleaned_data["note"],
        wished_reply=form.cleaned_data["wished_reply"], request_meeting=asked),
        "Meeting requested; the risk manager will arrange it." if asked else "Saved privately.")


@require_POST
def concern_acknowledge(request, concern_id: int):
    concern = _concern(request, concern_id)
    return _done(request, concern.pk, lambda: services.concern_acknowledge(concern=concern, actor=request.user),
                 "Acknowledged; the concern is closed.")


def meeting_schedule(request, concern_id: int):
    concern = _concern(request, concern_id)
    form = MeetingForm(request.POST or None, initial={"starts_at": (timezone.localtime() + dt.timedelta(days=1))
                                                      .replace(hour=10, minute=0, second=0, microsecond=0)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_schedule(concern=concern, actor=request.user, starts_at=data["starts_at"],
                                      minutes=data["minutes"], place=data["place"], video_link=data["video_link"])
        except SafeReplyError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, "Meeting scheduled; invitations sent.")
            return redirect("providers:concern", concern_id=concern.pk)
    return render(request, "providers/schedule.html", {"concern": concern, "form": form},
                  status=400 if form.errors else 200)


def meeting_ics_download(request, concern_id: int):
    concern = _concern(request, concern_id)
    meeting = concern.meetings.first()
    if meeting is None:
        raise Http404
    from django.conf import settings
    from django.urls import reverse

    ics = meeting_ics(meeting, organizer_email=settings.DEFAULT_FROM_EMAIL,
                      detail_url=request.build_absolute_uri(reverse("providers:concern", args=[concern.pk])))
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="meeting.ics"'
    return response


@require_POST
def concern_outcome(request, concern_id: int):
    concern = _concern(request, concern_id)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the meeting's outcome.")
        return redirect("providers:concern", concern_id=concern.pk)
    return _done(request, concern.pk, lambda: services.concern_outcome(
        concern=concern, actor=request.user, outcome=form.cleaned_data["outcome"], note=form.cleaned_data["note"]),
        "Outcome recorded; the clinician is asked to acknowledge it.")


@require_POST
def concern_follow_up(request, concern_id: int):
    concern = _concern(request, concern_id)
    return _done(request, concern.pk, lambda: services.concern_follow_up(
        concern=concern, actor=request.user, kind=request.POST.get("kind", "")), "The clinician has been told.")


def packet(request, concern_id: int):
    concern = _concern(request, concern_id)
    services.audit_record(actor=request.user, action="packet.viewed", obj=concern,
                          organization_id=concern.case.organization_id)
    return render(request, "providers/packet.html", {"packet": packet_build(concern), "concern": concern})


def packet_download(request, concern_id: int):
    concern = _concern(request, concern_id)
    services.audit_record(actor=request.user, action="packet.downloaded", obj=concern,
                          organization_id=concern.case.organization_id)
    response = HttpResponse(packet_pdf(packet_build(concern)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="meeting-packet-{concern.pk}.pdf"'
    return response


@require_POST
def mention_decide(request, case_id: int, mention_id: int):
    case = get_object_or_404(Case, pk=case_id, organization=request.organization)
    mention = get_object_or_404(Mention, pk=mention_id, case=case)
    if request.POST.get("decision") == "confirm":
        action, success = (lambda: services.mention_confirm(mention=mention, actor=request.user)), \
            f"{mention.clinician.display_name} confirmed: a provider concern is open and the risk manager is told."
    else:
        action, success = (lambda: services.mention_reject(mention=mention, actor=request.user)), "Match rejected."
    try:
        action()
    except SafeReplyError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, success)
    return redirect("cases:detail", case_id=case.pk)
