"""Policy pages. Every view is listed in safereply.accounts.access.ACCESS; views add the
object-level rules (this organization's versions only; drafts only for those who work on them)."""

from __future__ import annotations

import difflib

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from safereply.cases.screener import reply_screen, segments
from safereply.errors import SafeReplyError
from safereply.policy import services
from safereply.policy.document import NOT_LEGAL_ADVICE, TEXTS, blocks, document_text
from safereply.policy.forms import ERROR_FIELDS, ApproveForm, BuilderForm, QuizForm
from safereply.policy.models import PolicyVersion
from safereply.policy.pdf import notice_pdf, policy_pdf
from safereply.policy.quiz import QUESTIONS

DRAFT_READERS = frozenset({"administrator", "risk_manager", "counsel"})


def _version(request, number: int) -> PolicyVersion:
    version = get_object_or_404(PolicyVersion.objects.select_related("approved_by"),
                                organization=request.organization, number=number)
    if version.is_draft and not request.roles & DRAFT_READERS:
        raise Http404
    return version


def _document_context(version: PolicyVersion) -> dict:
    return {"version": version, "blocks": blocks(document_text(version)), "not_legal_advice": NOT_LEGAL_ADVICE}


def policy_page(request):
    """The policy in force, for everyone."""
    version = request.policy
    context = _document_context(version) if version else {"version": None}
    context["draft"] = services.policy_draft(request.organization) if request.roles & DRAFT_READERS else None
    context["acknowledged"] = services.policy_acknowledged(version, request.user)
    context["can_print_notice"] = bool(request.roles & {"administrator", "risk_manager"})
    return render(request, "policy/policy.html", context)


def version(request, number: int):
    version = _version(request, number)
    context = _document_context(version)
    context["approve_form"] = ApproveForm() if version.is_draft and "counsel" in request.roles else None
    context["can_edit"] = version.is_draft and bool(request.roles & {"administrator", "risk_manager"})
    context["effective"] = request.policy if version.is_draft and request.roles & DRAFT_READERS else None
    return render(request, "policy/version.html", context)


def version_pdf(request, number: int):
    version = _version(request, number)
    label = f"Policy version {version.number}"
    response = HttpResponse(policy_pdf(blocks(document_text(version)), footer=f"{label}. {NOT_LEGAL_ADVICE}"),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="policy-v{version.number}.pdf"'
    return response


def versions(request):
    listed = PolicyVersion.objects.filter(organization=request.organization).select_related("approved_by")
    return render(request, "policy/versions.html", {"versions": listed})


def diff(request):
    a = _version(request, _number(request.GET.get("a")))
    b = _version(request, _number(request.GET.get("b")))
    lines = list(difflib.unified_diff(document_text(a).splitlines(), document_text(b).splitlines(),
                                      f"version {a.number}", f"version {b.number}", lineterm="", n=2))
    return render(request, "policy/diff.html", {"a": a, "b": b, "lines": lines})


def _number(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def builder(request):
    """First run and every later version: the draft, field by field."""
    organization = request.organization
    draft = services.policy_draft(organization)
    if draft is None:
        return render(request, "policy/builder_start.html", {"effective": request.policy})
    form = BuilderForm(request.POST or None, organization=organization,
                       initial=BuilderForm.initial_from(draft.document))
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_update_draft(version=draft, actor=request.user, document=form.document())
        except SafeReplyError as e:
            for field, message in e.details.items():
                form.add_error(ERROR_FIELDS.get(field, field) if field in form.fields or field in ERROR_FIELDS
                               else None, message)
        else:
            messages.success(request, f"Draft version {draft.number} saved. Counsel can now review and approve it.")
            return redirect("policy:version", number=draft.number)
    screenings = {key: _screening(organization, form[key].value() or "") for key in TEXTS}
    fields = [(form[key], screenings[key]) for key in TEXTS]
    return render(request, "policy/builder.html", {"form": form, "draft": draft, "texts": fields},
                  status=400 if form.errors else 200)


def _screening(organization, text: str) -> dict:
    text = text.strip()
    result = reply_screen(text=text, organization=organization) if text else None
    return {"result": result, "segments": segments(result) if result else [], "not_legal_advice": NOT_LEGAL_ADVICE}


@require_POST
def start(request):
    try:
        services.policy_create_draft(organization=request.organization, actor=request.user)
    except SafeReplyError as e:
        messages.error(request, e.message)
    return redirect("policy:builder")


@require_POST
def screen_text(request):
    """The htmx partial beside each approved text in the builder."""
    # The textarea sits in the builder's form, so htmx posts every field; "field" says which one.
    key = request.POST.get("field") or next((k for k in TEXTS if k in request.POST), None)
    if key not in TEXTS:
        raise Http404
    context = _screening(request.organization, request.POST.get(key, "")[:5000])
    return render(request, "policy/_text_screening.html", {**context, "key": key})


@require_POST
def approve(request, number: int):
    version = _version(request, number)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Write counsel's comment (a sentence is enough).")
        return redirect("policy:version", number=number)
    try:
        services.policy_approve(version=version, actor=request.user, comment=form.cleaned_data["comment"])
    except SafeReplyError as e:
        messages.error(request, e.message)
        return redirect("policy:version", number=number)
    messages.success(request, f"Version {version.number} is now the policy in force.")
    return redirect("policy")


def acknowledge(request):
    version = request.policy
    if version is None:
        return redirect("home")
    form = QuizForm(request.POST or None)
    wrong: list[int] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_acknowledge(version=version, user=request.user, answers=form.answers())
        except SafeReplyError as e:
            messages.error(request, e.message)
            wrong = e.details.get("wrong", [])
        else:
            messages.success(request, "Thank you: your acknowledgement is recorded.")
            return redirect("home")
    questions = [(form[f"q{n}"], q, n in wrong) for n, q in enumerate(QUESTIONS)]
    return render(request, "policy/acknowledge.html",
                  {**_document_context(version), "form": form, "questions": questions,
                   "acknowledged": services.policy_acknowledged(version, request.user)},
                  status=400 if wrong else 200)


def acknowledgements(request):
    version = request.policy
    people = services.policy_people(version) if version else []
    return render(request, "policy/acknowledgements.html", {
        "version": version, "people": people, "missing": sum(1 for _, a in people if a is None)})


@require_POST
def remind(request):
    version = request.policy
    if version is None:
        raise Http404
    sent, no_address = services.policy_remind(version=version, actor=request.user,
                                              policy_url=request.build_absolute_uri(reverse("policy:acknowledge")))
    note = f" {no_address} without an email address." if no_address else ""
    messages.success(request, f"Reminders sent: {sent}.{note}")
    return redirect("policy:acknowledgements")


def notice(request):
    organization = request.organization
    version = request.policy
    label = f"Policy version {version.number}" if version else "No policy in force yet"
    pdf = notice_pdf(organization_name=organization.name, version_label=label,
                     report_link=request.build_absolute_uri(f"/r/{organization.report_token}/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="staff-notice.pdf"'
    return response
