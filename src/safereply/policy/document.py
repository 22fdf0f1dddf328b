"""The policy document: its defaults, its validation, and its plain-language rendering.

The wording lives in one maintained template, ``templates/policy/document.txt``, written in
a tiny line format that the web page, the PDF and the version diff all read:

    # Title            ## Section heading        ### Subheading
    ! The staff rule, shown prominently           - A bullet
    any other non-blank line is a paragraph
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.template.loader import render_to_string

from safereply.accounts.models import Membership, Organization
from safereply.cases.models import Platform
from safereply.errors import SafeReplyError

NOT_LEGAL_ADVICE = (
    "SafeReply does not give legal advice. Your organization's counsel decides what this policy "
    "requires and whether any reply may be published."
)
STAFF_RULE = (
    "If you see a complaint about us online: do not reply, like or comment, not even to say sorry. "
    "Report it, and that is all."
)

TEXTS = {
    "holding_reply": "Public holding reply",
    "invitation_letter": "Private invitation letter",
    "invitation_email": "Private invitation email",
    "phone_script": "Phone script",
}
TARGETS = {
    "triage": "Triage a new report",
    "decision": "Decide how to respond",
    "outreach": "Reach out privately",
    "approval": "Approve a reply",
}
ESCALATIONS = {
    "egregious_to_counsel": "Egregious complaints (threats of legal action, media, safety) go to counsel, "
                            "and counsel approves any reply",
    "clinician_to_risk_manager": "Posts that name a clinician go to the risk manager, "
                                 "who approves any reply",
}
RESPONDER_ROLES = ("responder", "risk_manager")
MIN_TARGET_DAYS, MAX_TARGET_DAYS = 1, 30
MAX_TARGET_HOURS = 240
TARGET_UNITS = {"days": "business days", "hours": "business hours (weekdays, around the clock)"}
MIN_RETENTION_DAYS, MAX_RETENTION_DAYS = 365, 3650


def document_default(organization: Organization) -> dict:
    """A starting point for the first draft, with the organization's own details."""
    phone = (Organization.lines(organization.phones) or ("our main number",))[0]
    email = (Organization.lines(organization.emails) or ("",))[0]
    write = f" or write to {email}" if email else ""
    return {
        "organization": organization.name,
        "locations": [location.name for location in organization.locations.all()],
        "responders": [],
        "responder_group": False,
        "backups": [],
        "risk_manager": None,
        "counsel": {"name": "", "contact": ""},
        "channels": [p for p in Platform.values if p != "other"],
        "targets": {"triage": 1, "decision": 2, "outreach": 3, "approval": 1, "unit": "days"},
        "escalation": {"egregious_to_counsel": True, "clinician_to_risk_manager": True},
        "texts": {
            "holding_reply": organization.holding_reply or (
                "Thank you for taking the time to share this. We take every concern seriously, and privacy "
                "rules keep us from discussing anyone's care in a public forum. Please contact our patient "
                f"relations team at {phone} so we can talk privately."),
            "invitation_letter": (
                "Thank you for sharing your concerns. We take every concern seriously and would welcome "
                f"the chance to talk privately. Please call our patient relations team at {phone}{write}."),
            "invitation_email": (
                "Thank you for reaching out. We take every concern seriously and would like to listen. "
                f"Please reply to this message or call our patient relations team at {phone} so we can "
                "talk privately."),
            "phone_script": (
                f"Hello, this is the patient relations team at {organization.name}. Thank you for sharing "
                "your concerns. We would like to listen and help. Is now a good time to talk privately?"),
        },
        "retention_days": 6 * 365,  # HIPAA keeps policy documentation for six years
    }


def _members(organization: Organization, roles) -> set[int]:
    return set(Membership.objects.active().filter(organization=organization, role__in=roles)
               .values_list("user_id", flat=True))


def _int(value, field: str, low: int, high: int, errors: dict) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors[field] = "Enter a whole number."
        return low
    if not low <= number <= high:
        errors[field] = f"Enter a number from {low} to {high}."
    return number


def _ids(values) -> set[int]:
    try:
        return {int(x) for x in values or []}
    except (TypeError, ValueError):
        raise SafeReplyError("People are chosen by their user id.", code="policy_invalid") from None


def document_validate(document: dict, *, organization: Organization) -> dict:
    """Return the cleaned document, or refuse it with one message per field in `details`."""
    from safereply.cases.screener import reply_screen

    errors: dict[str, str] = {}
    clean: dict = {}
    clean["organization"] = str(document.get("organization") or "").strip()[:200]
    if not clean["organization"]:
        errors["organization"] = "Name the organization."
    clean["locations"] = [str(x).strip()[:200] for x in document.get("locations") or [] if str(x).strip()]

    may_respond = _members(organization, RESPONDER_ROLES)
    clean["responders"] = sorted(_ids(document.get("responders")))
    clean["backups"] = sorted(_ids(document.get("backups")) - set(clean["responders"]))
    clean["responder_group"] = bool(document.get("responder_group"))
    if not clean["responders"] and not clean["responder_group"]:
        errors["responders"] = "Name at least one designated responder, or choose the group."
    elif not set(clean["responders"]) <= may_respond:
        errors["responders"] = "Designated responders must hold the responder or risk manager role."
    if not set(clean["backups"]) <= may_respond:
        errors["backups"] = "Backups must hold the responder or risk manager role."
    risk_manager = _ids([document["risk_manager"]] if document.get("risk_manager") else [])
    clean["risk_manager"] = risk_manager.pop() if risk_manager else None
    if clean["risk_manager"] is None:
        errors["risk_manager"] = "Name the risk manager."
    elif clean["risk_manager"] not in _members(organization, ["risk_manager"]):
        errors["risk_manager"] = "The risk manager must hold the risk manager role."

    counsel = document.get("counsel") or {}
    clean["counsel"] = {"name": str(counsel.get("name") or "").strip()[:200],
                        "contact": str(counsel.get("contact") or "").strip()[:300]}
    if not clean["counsel"]["name"] or not clean["counsel"]["contact"]:
        errors["counsel"] = "Give counsel's name and how to reach them."

    clean["channels"] = [p for p in Platform.values if p in set(document.get("channels") or [])]
    if not clean["channels"]:
        errors["channels"] = "Choose at least one channel the organization watches."
    targets = document.get("targets") or {}
    unit = targets.get("unit") or "days"
    if unit not in TARGET_UNITS:
        errors["target_unit"] = "Choose business days or business hours."
        unit = "days"
    highest = MAX_TARGET_HOURS if unit == "hours" else MAX_TARGET_DAYS
    clean["targets"] = {step: _int(targets.get(step), f"target_{step}", MIN_TARGET_DAYS, highest, errors)
                        for step in TARGETS}
    clean["targets"]["unit"] = unit
    escalation = document.get("escalation") or {}
    clean["escalation"] = {rule: bool(escalation.get(rule)) for rule in ESCALATIONS}

    texts = document.get("texts") or {}
    clean["texts"] = {}
    for key, label in TEXTS.items():
        text = str(texts.get(key) or "").replace("\r\n", "\n").strip()[:5000]
        clean["texts"][key] = text
        if not text:
            errors[key] = f"Write the {label.lower()}."
            continue
        verdict = reply_screen(text=text, organization=organization).verdict.value
        if verdict != "pass":
            errors[key] = f"The {label.lower()} does not pass screening ({verdict}); rewrite the highlighted parts."
    clean["retention_days"] = _int(document.get("retention_days"), "retention_days",
                                   MIN_RETENTION_DAYS, MAX_RETENTION_DAYS, errors)
    # Private resolution (safereply.outreach, safereply.grievances): optional; the settings
    # supply the defaults (a reminder after seven days, a written response within seven).
    for key, high in (("outreach_reminder_days", 60), ("grievance_acknowledge_days", 30),
                      ("grievance_resolve_days", 90)):
        if document.get(key) not in (None, ""):
            clean[key] = _int(document.get(key), key, 1, high, errors)
    if errors:
        raise SafeReplyError("The policy is not complete yet: " + " ".join(errors.values()),
                             code="policy_invalid", details=errors)
    return clean


def _person(users: dict, pk) -> str:
    user = users.get(pk)
    if user is None:
        return "(no longer a user)"
    return user.get_full_name() or user.get_username()


def document_text(version) -> str:
    """The policy in plain text, from the maintained template (also what the diff compares)."""
    doc = version.document
    ids = set(doc.get("responders") or []) | set(doc.get("backups") or []) | {doc.get("risk_manager")}
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=[i for i in ids if i])}
    texts = doc.get("texts") or {}
    targets = doc.get("targets") or {}
    context = {
        "version": version,
        "doc": doc,
        "staff_rule": STAFF_RULE,
        "not_legal_advice": NOT_LEGAL_ADVICE,
        "responders": [_person(users, pk) for pk in doc.get("responders") or []],
        "backups": [_person(users, pk) for pk in doc.get("backups") or []],
        "risk_manager": _person(users, doc.get("risk_manager")) if doc.get("risk_manager") else "(not named)",
        "channels": [Platform(p).label for p in doc.get("channels") or [] if p in Platform.values],
        "targets": [(label, targets.get(step)) for step, label in TARGETS.items()],
        "target_unit": "hour" if targets.get("unit") == "hours" else "day",
        "escalations": [label for rule, label in ESCALATIONS.items() if (doc.get("escalation") or {}).get(rule)],
        "texts": [(label, texts.get(key, "")) for key, label in TEXTS.items()],
        "retention_years": round((doc.get("retention_days") or 0) / 365, 1),
    }
    return render_to_string("policy/document.txt", context).strip() + "\n"


@dataclass(frozen=True)
class Block:
    kind: str  # "title", "heading", "subheading", "rule", "bullet", "paragraph"
    text: str


def blocks(text: str) -> list[Block]:
    markers = (("# ", "title"), ("## ", "heading"), ("### ", "subheading"), ("! ", "rule"), ("- ", "bullet"))
    result = []
    for line in text.splitlines():
        line = line.rstrip()
        if not line:
            continue
        for marker, kind in sorted(markers, key=lambda m: -len(m[0])):
            if line.startswith(marker):
                result.append(Block(kind, line[len(marker):]))
                break
        else:
            result.append(Block("paragraph", line))
    return result
