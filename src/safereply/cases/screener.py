"""The one place the application calls the screening engine."""

from __future__ import annotations

from dataclasses import dataclass

from safereply.accounts.models import Organization


@dataclass(frozen=True)
class Segment:
    text: str
    finding: object | None = None  # a screening Finding, or None for plain text
    number: int | None = None


def reply_screen(*, text: str, organization: Organization, case=None):
    """Screen `text` as a reply from `organization`, about `case` when there is one."""
    from safereply import screening
    from safereply.policy.services import holding_reply_for

    org = screening.Organization(
        name=organization.name,
        phones=Organization.lines(organization.phones),
        emails=Organization.lines(organization.emails),
        addresses=Organization.lines(organization.addresses),
        urls=Organization.lines(organization.urls),
        # The approved holding reply of the policy in force, which the safe alternative uses.
        holding_reply=holding_reply_for(organization) or None,
    )
    clinicians = tuple(c.full_name for c in organization.clinicians.filter(active=True))
    context = screening.Context(
        post=case.post_text if case else "",
        poster=case.poster_name if case else "",
        organization=org,
        clinicians=clinicians,
    )
    return screening.screen(text, context)


def screening_panel(*, text: str, result) -> dict:
    """What the draft editor's screening panel shows, for the full page and the htmx partial."""
    from safereply.screening.notice import NOT_LEGAL_ADVICE

    return {"text": text, "result": result, "segments": segments(result) if result else [],
            "not_legal_advice": NOT_LEGAL_ADVICE}


def segments(result) -> list[Segment]:
    """Split the screened text into plain and highlighted pieces (overlaps: first wins)."""
    text = result.text
    pieces: list[Segment] = []
    position = 0
    number = 0
    for finding in sorted(result.findings, key=lambda f: (f.start, -f.end)):
        if finding.start < position or finding.end <= finding.start:
            continue
        if finding.start > position:
            pieces.append(Segment(text[position : finding.start]))
        number += 1
        pieces.append(Segment(text[finding.start : finding.end], finding, number))
        position = finding.end
    if position < len(text):
        pieces.append(Segment(text[position:]))
    return pieces
