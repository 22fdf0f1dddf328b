"""Handing a case to the complaints process, its timeline, and exports for another system.

Targets come from the policy in force (``grievance_acknowledge_days`` and
``grievance_resolve_days`` in its document) or the settings: by default acknowledgement in
two days and a written response within seven days, as hospitals are expected to give.
Days are calendar days, as the complaints process counts them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safereply.audit.services import audit_record
from safereply.cases import services as case_services
from safereply.cases import workflow
from safereply.errors import SafeReplyError
from safereply.grievances.models import Grievance, Status
from safereply.patients import crypto
from safereply.patients.models import Identification
from safereply.patients.services import _require_identity_access
from safereply.policy.services import policy_effective

MAX_LETTER = 20_000
EXPORT_FIELDS = ("reference", "case_id", "status", "opened_at", "acknowledge_due", "acknowledged_at",
                 "resolve_due", "resolved_at", "record_number", "first_name", "last_name", "birth_date",
                 "resolution_letter")


def grievance_targets(organization) -> tuple[int, int]:
    policy = policy_effective(organization)
    document = policy.document if policy is not None else {}
    return (int(document.get("grievance_acknowledge_days") or settings.SAFEREPLY_GRIEVANCE_ACKNOWLEDGE_DAYS),
            int(document.get("grievance_resolve_days") or settings.SAFEREPLY_GRIEVANCE_RESOLVE_DAYS))


def grievance_open(*, case, actor) -> Grievance:
    _require_identity_access(actor, case.organization)
    identification = Identification.objects.filter(case=case).first()
    now = timezone.now()
    acknowledge_days, resolve_days = grievance_targets(case.organization)
    with transaction.atomic():
        if Grievance.objects.filter(case=case).exists():
            raise SafeReplyError("This case is in the complaints process already.", code="grievance_exists")
        count = Grievance.objects.filter(organization=case.organization, opened_at__year=now.year).count()
        grievance = Grievance(
            organization=case.organization, case=case,
            patient=identification.patient if identification and identification.is_identified else None,
            reference=f"G-{case.organization_id}-{now.year}-{count + 1:04d}", opened_by=actor, opened_at=now,
            acknowledge_due=now + dt.timedelta(days=acknowledge_days),
            resolve_due=now + dt.timedelta(days=resolve_days),
        )
        grievance.full_clean()
        grievance.save()
        audit_record(actor=actor, action="grievance.opened", obj=case,
                     data={"grievance_id": grievance.pk, "patient_id": grievance.patient_id})
    return grievance


def grievance_acknowledge(*, grievance: Grievance, actor) -> Grievance:
    _require_identity_access(actor, grievance.organization)
    with transaction.atomic():
        grievance = Grievance.objects.select_for_update().get(pk=grievance.pk)
        if grievance.status != Status.OPEN:
            raise SafeReplyError("Only an open grievance is acknowledged.", code="not_open")
        grievance.status, grievance.acknowledged_at = Status.ACKNOWLEDGED, timezone.now()
        grievance.save(update_fields=["status", "acknowledged_at"])
        audit_record(actor=actor, action="grievance.acknowledged", obj=grievance.case,
                     data={"grievance_id": grievance.pk})
    return grievance


def grievance_resolve(*, grievance: Grievance, actor, letter: str) -> Grievance:
    """Record the written response; the case closes with it (when its state allows)."""
    _require_identity_access(actor, grievance.organization)
    letter = case_services.text_clean(letter)
    if len(letter) < 20:
        raise SafeReplyError("Write the resolution letter (the written response to the patient).",
                             code="letter_missing")
    if len(letter) > MAX_LETTER:
        raise SafeReplyError(f"The letter is longer than {MAX_LETTER:,} characters.", code="letter_too_long")
    with transaction.atomic():
        grievance = Grievance.objects.select_for_update().select_related("case").get(pk=grievance.pk)
        if grievance.status == Status.RESOLVED:
            raise SafeReplyError("This grievance is resolved already.", code="resolved")
        now = timezone.now()
        grievance.status, grievance.resolved_at = Status.RESOLVED, now
        grievance.acknowledged_at = grievance.acknowledged_at or now
        grievance.resolution_letter_encrypted = crypto.encrypt({"text": letter})
        grievance.save(update_fields=["status", "resolved_at", "acknowledged_at", "resolution_letter_encrypted"])
        audit_record(actor=actor, action="grievance.resolved", obj=grievance.case,
                     data={"grievance_id": grievance.pk})
        case = grievance.case
        if "close" in workflow.allowed_events(case):
            case_services.case_close(case=case, actor=actor)
    return grievance


def grievance_letter_pdf(*, grievance: Grievance, actor) -> bytes:
    """The resolution letter as a PDF to post; audited (it names the patient)."""
    from safereply.outreach.letters import letter_pdf

    _require_identity_access(actor, grievance.organization)
    if grievance.status != Status.RESOLVED:
        raise SafeReplyError("Resolve the grievance first; the letter is its written response.", code="not_resolved")
    audit_record(actor=actor, action="grievance.letter_printed", obj=grievance.case,
                 data={"grievance_id": grievance.pk})
    addressee = grievance.patient.identity.full_name if grievance.patient_id else "patient"
    return letter_pdf(organization=grievance.organization, addressee=addressee,
                      body=grievance.resolution_letter, heading=f"Your concern, reference {grievance.reference}")


def _row(grievance: Grievance) -> dict:
    identity = grievance.patient.identity if grievance.patient_id else None
    iso = lambda value: value.isoformat() if value else ""  # noqa: E731
    return {
        "reference": grievance.reference, "case_id": grievance.case_id, "status": grievance.status,
        "opened_at": iso(grievance.opened_at), "acknowledge_due": iso(grievance.acknowledge_due),
        "acknowledged_at": iso(grievance.acknowledged_at), "resolve_due": iso(grievance.resolve_due),
        "resolved_at": iso(grievance.resolved_at),
        "record_number": identity.record_number if identity else "",
        "first_name": identity.first_name if identity else "",
        "last_name": identity.last_name if identity else "",
        "birth_date": identity.birth_date if identity else "",
        "resolution_letter": grievance.resolution_letter,
    }


def grievances_export(*, organization, actor, fmt: str) -> str:
    """Every grievance of the organization as CSV or JSON, for an external complaints system; audited."""
    _require_identity_access(actor, organization)
    if fmt not in ("csv", "json"):
        raise SafeReplyError("Export as csv or json.", code="format_invalid")
    grievances = list(Grievance.objects.filter(organization=organization).select_related("patient")
                      .order_by("opened_at"))
    rows = [_row(g) for g in grievances]
    audit_record(actor=actor, action="grievances.exported", obj=organization, organization_id=organization.pk,
                 data={"format": fmt, "grievance_ids": [g.pk for g in grievances]})
    if fmt == "json":
        return json.dumps({"grievances": rows}, indent=2)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: spreadsheet_safe(v) for k, v in row.items()})
    return out.getvalue()


# What a spreadsheet may read as the start of a formula (OWASP's CSV injection list).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value
