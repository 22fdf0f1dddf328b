"""Every change to a case, its reports and its drafts.

Each function takes keyword arguments, validates with full_clean(), and writes its audit
entry in the same transaction as the change. Views, the API and the import command call
these and nothing else.
"""

from __future__ import annotations

import copy
import datetime as dt
import re

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image, UnidentifiedImageError

from safereply.accounts import access
from safereply.accounts.models import Clinician, Location, Organization
from safereply.audit.services import audit_record
from safereply.cases import triage, workflow
from safereply.cases.links import url_normalize
from safereply.cases.models import (
    Approval,
    Case,
    Category,
    Decision,
    Draft,
    Language,
    Platform,
    Report,
    Severity,
)
from safereply.cases.screener import reply_screen
from safereply.errors import SafeReplyError
from safereply.policy.services import policy_effective

MAX_NAME = 200
MAX_NOTE = 2000
MAX_REPLY = 5000
ALLOWED_IMAGE_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text_clean(value: str | None) -> str:
    """Normalize line ends and drop control characters (PostgreSQL refuses NUL)."""
    return _CONTROL.sub("", (value or "").replace("\r\n", "\n").replace("\r", "\n")).strip()


class SystemActor:
    """The actor for reports that arrive without a signed-in person (report link, import)."""

    is_authenticated = False

    def __init__(self, label: str):
        self.label = label


def image_verify(upload: UploadedFile) -> str:
    """Return the content type of an uploaded screenshot, or refuse it."""
    if upload.size > settings.SAFEREPLY_MAX_UPLOAD_BYTES:
        limit = settings.SAFEREPLY_MAX_UPLOAD_BYTES // (1024 * 1024)
        raise SafeReplyError(f"The screenshot is too large; the limit is {limit} MB.", code="upload_too_large")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
            kind = image.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise SafeReplyError("The screenshot must be an image (PNG, JPEG, GIF or WebP).", code="upload_not_image") from None
    finally:
        upload.seek(0)
    if kind not in ALLOWED_IMAGE_FORMATS:
        raise SafeReplyError("The screenshot must be an image (PNG, JPEG, GIF or WebP).", code="upload_not_image")
    return ALLOWED_IMAGE_FORMATS[kind]


def _roster(organization: Organization) -> list[triage.RosterEntry]:
    return [
        triage.RosterEntry(c.pk, c.first_name, c.last_name, c.title)
        for c in organization.clinicians.filter(active=True)
    ]


def report_validate(
    *, platform: str, url: str, poster_name: str, post_text: str, note: str = ""
) -> dict:
    """Check one report's fields; return them cleaned. Used by every way in (form, link, API, import)."""
    platform = (platform or "").strip().lower()
    if platform not in Platform.values:
        raise SafeReplyError(f"Choose a platform: {', '.join(Platform.labels)}.", code="platform_invalid")
    poster_name = text_clean(poster_name)
    post_text = text_clean(post_text)
    note = text_clean(note)
    if not poster_name:
        raise SafeReplyError("Enter the poster's display name as it appears on the post.", code="poster_missing")
    if len(poster_name) > MAX_NAME:
        raise SafeReplyError(f"The display name is longer than {MAX_NAME} characters.", code="poster_too_long")
    if not post_text:
        raise SafeReplyError("Paste the text of the post.", code="post_missing")
    if len(post_text) > settings.SAFEREPLY_MAX_POST_CHARS:
        raise SafeReplyError(
            f"The post is longer than {settings.SAFEREPLY_MAX_POST_CHARS:,} characters; "
            "paste the part that matters and attach a screenshot.",
            code="post_too_long",
        )
    if len(note) > MAX_NOTE:
        raise SafeReplyError(f"The note is longer than {MAX_NOTE:,} characters.", code="note_too_long")
    return {
        "platform": platform,
        "url": url_normalize(url),
        "url_as_given": (url or "").strip(),
        "poster_name": poster_name,
        "post_text": post_text,
        "note": note,
    }


def report_submit(
    *,
    organization: Organization,
    reporter=None,
    platform: str,
    url: str,
    poster_name: str,
    post_text: str,
    note: str = "",
    screenshot: UploadedFile | None = None,
    location: Location | None = None,
    reporter_name: str = "",
    via: str = Report.Via.ACCOUNT,
    reported_at=None,
) -> Report:
    """Hand a post to the response team. A second report of the same link joins its case."""
    fields = report_validate(platform=platform, url=url, poster_name=poster_name, post_text=post_text, note=note)
    screenshot_type = image_verify(screenshot) if screenshot else ""
    if location is not None and location.organization_id != organization.pk:
        raise SafeReplyError("Choose one of your organization's locations.", code="location_invalid")
    now = reported_at or timezone.now()
    with transaction.atomic():
        case, created = _case_for_link(organization=organization, fields=fields, location=location, now=now)
        report = Report(
            case=case,
            reporter=reporter if reporter is not None and reporter.is_authenticated else None,
            reporter_name=text_clean(reporter_name)[:MAX_NAME],
            via=via,
            platform=fields["platform"],
            url_as_given=fields["url_as_given"][:2000],
            poster_name=fields["poster_name"],
            post_text=fields["post_text"],
            note=fields["note"],
            screenshot_type=screenshot_type,
            created_at=now,
        )
        if screenshot:
            report.screenshot.save("upload", screenshot, save=False)
        report.full_clean()
        report.save()
        audit_record(
            actor=reporter if reporter is not None else SystemActor("report link" if via == Report.Via.LINK else via),
            action="report.received",
            obj=case,
            data={"report_id": report.pk, "via": via, "new_case": created, "screenshot": bool(screenshot)},
        )
        if created:  # clinicians named in the post, for a responder to confirm (safereply.providers)
            from safereply.providers.services import mentions_refresh

            mentions_refresh(case=case, actor=report.reporter or SystemActor(via))
    return report


def _case_for_link(*, organization, fields, location, now) -> tuple[Case, bool]:
    existing = Case.objects.select_for_update().filter(organization=organization, url=fields["url"]).first()
    if existing:
        return existing, False
    suggestion = triage.suggest(fields["post_text"], roster=_roster(organization))
    case = Case(
        organization=organization,
        location=location,
        platform=fields["platform"],
        url=fields["url"],
        poster_name=fields["poster_name"],
        post_text=fields["post_text"],
        suggested=suggestion.as_dict(),
        language=suggestion.language,
        reported_at=now,
        updated_at=now,
    )
    case.full_clean(exclude=["clinicians"])
    try:
        # A savepoint, so that losing a race with a simultaneous first report is recoverable.
        with transaction.atomic():
            case.save()
    except IntegrityError:
        return Case.objects.select_for_update().get(organization=organization, url=fields["url"]), False
    return case, True


def case_view(*, case: Case, actor) -> None:
    audit_record(actor=actor, action="case.viewed", obj=case)


def _move(*, case: Case, event: str, actor, data: dict | None = None, update_fields: list[str] = ()) -> Case:
    """Fire a workflow event, stamp the state's timestamp, save, audit. Inside a transaction."""
    previous = case.state
    new_state = workflow.transition(case, event)
    now = timezone.now()
    stamp = workflow.timestamp_field(new_state)
    setattr(case, stamp, now)
    case.updated_at = now
    case.full_clean(exclude=["clinicians"])
    case.save(update_fields=["state", stamp, "updated_at", *update_fields])
    audit_record(
        actor=actor,
        action=f"case.{event}",
        obj=case,
        data={"from": previous, "to": new_state, **(data or {})},
    )
    return case


def _check(case: Case, event: str) -> None:
    """Refuse early, with the workflow's message, without changing the case."""
    workflow.transition(copy.copy(case), event)


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def case_triage(
    *,
    case: Case,
    actor,
    category: str,
    severity: str,
    language: str = "",
    clinicians: list[Clinician] | None = None,
    self_disclosed: list[str] | None = None,
    location: Location | None = None,
) -> Case:
    if category not in Category.values:
        raise SafeReplyError("Choose a category.", code="category_invalid")
    if severity not in Severity.values:
        raise SafeReplyError("Choose a severity.", code="severity_invalid")
    language = language or case.language
    if language not in Language.values:
        raise SafeReplyError("Choose a language.", code="language_invalid")
    clinicians = list(clinicians or [])
    if any(c.organization_id != case.organization_id for c in clinicians):
        raise SafeReplyError("Choose clinicians from your organization's roster.", code="clinician_invalid")
    if location is not None and location.organization_id != case.organization_id:
        raise SafeReplyError("Choose one of your organization's locations.", code="location_invalid")
    with transaction.atomic():
        case = _locked(case)
        case.category, case.severity, case.language = category, severity, language
        case.self_disclosed = [text_clean(s)[:200] for s in (self_disclosed or []) if text_clean(s)]
        if location is not None:
            case.location = location
        suggested = case.suggested or {}
        _move(
            case=case,
            event="triage",
            actor=actor,
            update_fields=["category", "severity", "language", "self_disclosed", "location"],
            data={
                "category": category,
                "severity": severity,
                "language": language,
                "clinician_ids": sorted(c.pk for c in clinicians),
                "location_id": case.location_id,
                "self_disclosures": len(case.self_disclosed),
                "suggestion_accepted": suggested.get("category") == category and suggested.get("severity") == severity,
            },
        )
        case.clinicians.set(clinicians)
        from safereply.providers.services import mentions_refresh

        mentions_refresh(case=case, actor=actor)
    return case


# The decision form allows the same; the API and imports are held to it here.
DECISION_REASON_MAX_CHARS = 2000


def case_decide(*, case: Case, actor, decision: str, reason: str) -> Case:
    if decision not in Decision.values:
        raise SafeReplyError("Choose how to respond.", code="decision_invalid")
    reason = text_clean(reason)
    if len(reason) < 10:
        raise SafeReplyError("Write down the reason for this decision (a sentence or two).", code="reason_missing")
    if len(reason) > DECISION_REASON_MAX_CHARS:
        raise SafeReplyError(
            f"Keep the reason under {DECISION_REASON_MAX_CHARS:,} characters; put long notes in the case file.",
            code="reason_too_long",
        )
    with transaction.atomic():
        case = _locked(case)
        if case.state == "escalated" and decision == Decision.COUNSEL:
            raise SafeReplyError("The case is with counsel already; record the decision counsel advised.", code="decision_invalid")
        policy = policy_effective(case.organization)
        if (case.state == "triaged" and decision != Decision.COUNSEL and policy is not None
                and case.is_egregious and policy.escalation("egregious_to_counsel")):
            raise SafeReplyError(
                f"Policy version {policy.number} sends egregious complaints to counsel first: "
                "escalate to counsel, then record the decision counsel advises.",
                code="escalation_required",
            )
        case.decision, case.decision_reason = decision, reason
        _check(case, "decide")
        return _move(case=case, event="decide", actor=actor, data={"decision": decision},
                     update_fields=["decision", "decision_reason"])


def _designated(case: Case, actor) -> None:
    """The policy in force names who drafts and approves replies; without one, the role does."""
    policy = policy_effective(case.organization)
    if policy is not None and not policy.may_respond(actor):
        raise SafeReplyError(
            f"Policy version {policy.number} names the designated responders and you are not one of them; "
            "changing them takes a new policy version.",
            code="not_designated",
        )


def draft_save(*, case: Case, actor, text: str) -> Draft:
    """Save the reply being drafted. A draft that was submitted is never edited: a new one starts.

    So does one saved by someone other than its author: the author is whoever wrote the text
    as it stands, and the author never approves it (the two-person rule).
    """
    text = text_clean(text)
    if not text:
        raise SafeReplyError("Write the reply first.", code="draft_empty")
    if len(text) > MAX_REPLY:
        raise SafeReplyError(f"A public reply should be short; this one is over {MAX_REPLY:,} characters.", code="draft_too_long")
    _designated(case, actor)
    with transaction.atomic():
        case = _locked(case)
        if case.state != "drafting":
            raise SafeReplyError(
                "Replies are drafted only after deciding on a public holding reply, "
                "and not while one is awaiting approval.",
                code="not_drafting",
            )
        result = reply_screen(text=text, organization=case.organization, case=case)
        draft = case.current_draft()
        now = timezone.now()
        if draft is None or draft.submitted_at is not None or draft.author_id != actor.pk:
            draft = Draft(case=case, author=actor, created_at=now)
        draft.text, draft.verdict, draft.updated_at = text, result.verdict.value, now
        draft.full_clean()
        draft.save()
        audit_record(actor=actor, action="draft.saved", obj=case,
                     data={"draft_id": draft.pk, "verdict": draft.verdict, "findings": len(result.findings)})
    return draft


def draft_submit(*, case: Case, actor) -> Draft:
    _designated(case, actor)
    with transaction.atomic():
        case = _locked(case)
        _check(case, "submit")
        draft = case.current_draft()
        if draft is None or draft.submitted_at is not None:
            raise SafeReplyError("Save a draft of the reply first.", code="draft_missing")
        result = reply_screen(text=draft.text, organization=case.organization, case=case)
        draft.verdict = result.verdict.value
        if result.verdict.value == "block":
            draft.save(update_fields=["verdict"])
            raise SafeReplyError(
                "This reply discloses protected information and cannot be submitted; "
                "fix the highlighted parts or use the safe alternative.",
                code="draft_blocked",
            )
        draft.submitted_at = timezone.now()
        draft.save(update_fields=["verdict", "submitted_at"])
        _move(case=case, event="submit", actor=actor, data={"draft_id": draft.pk, "verdict": draft.verdict})
    return draft


def draft_send_back(*, case: Case, actor) -> Case:
    with transaction.atomic():
        case = _locked(case)
        draft = case.current_draft()
        return _move(case=case, event="send_back", actor=actor, data={"draft_id": draft.pk if draft else None})


def approvals_missing(case: Case, draft: Draft) -> list[str]:
    """What this draft still needs before the case is approved, in words."""
    held = {a.as_role for a in draft.approvals.exclude(approver=draft.author)}
    missing = []
    if "responder" not in held:
        missing.append("approval by a designated responder other than the author")
    if _needs_counsel(case) and "counsel" not in held:
        missing.append("approval by counsel (the case is egregious)")
    if _needs_risk_manager(case) and "risk_manager" not in held:
        missing.append("approval by the risk manager (the post names a clinician)")
    return missing


def _needs_counsel(case: Case) -> bool:
    # Without a policy in force, egregious cases always need counsel (the safe default).
    policy = policy_effective(case.organization)
    return case.is_egregious and (policy is None or policy.escalation("egregious_to_counsel"))


def _needs_risk_manager(case: Case) -> bool:
    policy = policy_effective(case.organization)
    return (policy is not None and policy.escalation("clinician_to_risk_manager")
            and policy.risk_manager_id is not None and case.clinicians.exists())


def draft_approve(*, case: Case, actor) -> Approval:
    """Record one approval; the case becomes approved once every approval it needs is in.

    The reply is screened again here, on the server, whatever the editor showed.
    """
    with transaction.atomic():
        case = _locked(case)
        _check(case, "approve")
        draft = case.current_draft()
        if draft is None or draft.submitted_at is None:
            raise SafeReplyError("There is no submitted reply to approve.", code="draft_missing")
        if draft.author_id == actor.pk:
            raise SafeReplyError(
                "You wrote this reply; a designated responder other than the author must approve it.",
                code="author_cannot_approve",
            )
        result = reply_screen(text=draft.text, organization=case.organization, case=case)
        if result.verdict.value == "block":
            raise SafeReplyError(
                "Screening blocks this reply: it discloses protected information. Send it back to drafting.",
                code="draft_blocked",
            )
        roles = access.roles_of(actor)
        held = set(draft.approvals.values_list("as_role", flat=True))
        policy = policy_effective(case.organization)
        if access.COUNSEL in roles and _needs_counsel(case) and "counsel" not in held:
            as_role = "counsel"
        elif (_needs_risk_manager(case) and "risk_manager" not in held
              and policy is not None and actor.pk == policy.risk_manager_id):
            as_role = "risk_manager"
        elif roles & {access.RESPONDER, access.RISK_MANAGER}:
            _designated(case, actor)
            as_role = "responder"
        elif access.COUNSEL in roles:
            raise SafeReplyError(
                "Counsel approves replies on egregious cases; a designated responder approves this one.",
                code="counsel_not_needed",
            )
        else:
            raise SafeReplyError("Your role cannot approve replies.", code="not_an_approver")
        if as_role in held:
            raise SafeReplyError("This reply already has that approval.", code="already_approved")
        approval = Approval(draft=draft, approver=actor, as_role=as_role, verdict=result.verdict.value)
        approval.full_clean()
        approval.save()
        audit_record(actor=actor, action="draft.approved", obj=case,
                     data={"draft_id": draft.pk, "as_role": as_role, "verdict": approval.verdict})
        if not approvals_missing(case, draft):
            _move(case=case, event="approve", actor=actor, data={"draft_id": draft.pk})
    return approval


def case_publish(*, case: Case, actor, published_url: str) -> Case:
    link = url_normalize(published_url)
    _designated(case, actor)
    with transaction.atomic():
        case = _locked(case)
        case.published_url = link
        _check(case, "publish")
        return _move(case=case, event="publish", actor=actor, update_fields=["published_url"])


def case_close(*, case: Case, actor) -> Case:
    from safereply.providers.services import concerns_case_closed

    with transaction.atomic():
        case = _move(case=_locked(case), event="close", actor=actor)
        concerns_case_closed(case=case, actor=actor)  # clinicians named are told it is resolved
        return case


def case_reopen(*, case: Case, actor) -> Case:
    with transaction.atomic():
        return _move(case=_locked(case), event="reopen", actor=actor)


def evidence_purge(*, organization: Organization, kept_days: int, now=None) -> int:
    """Delete the screenshots of cases closed more than `kept_days` ago; return how many.

    The policy in force sets `kept_days`. The case, its reports' text and the audit log stay:
    they are the record of what was decided. Run daily (`safereply purge-evidence`).
    """
    cutoff = (now or timezone.now()) - dt.timedelta(days=kept_days)
    reports = (Report.objects.select_related("case")
               .filter(case__organization=organization, case__state="closed", case__closed_at__lt=cutoff)
               .exclude(screenshot=""))
    purged = 0
    for report in reports:
        with transaction.atomic():
            report.screenshot.delete(save=False)
            report.screenshot_type = ""
            report.save(update_fields=["screenshot", "screenshot_type"])
            audit_record(actor=SystemActor("retention"), action="report.screenshot_purged", obj=report.case,
                         data={"report_id": report.pk, "kept_days": kept_days})
        purged += 1
    return purged
