"""The meeting packet: what counsel shows the clinician, on screen and as PDF (one builder, two renderings).

The post as published and its evidence record, the case's triage and decision options, the
relevant part of the policy in force, the enforcement actions (table and chart), and what
the screening engine found in any reply drafted for the post. Never the poster's display
name, the patient index or outreach records.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils import timezone
from fpdf import FPDF

from safereply.cases.models import Decision
from safereply.cases.screener import reply_screen
from safereply.policy.document import ESCALATIONS, NOT_LEGAL_ADVICE
from safereply.policy.pdf import _latin1
from safereply.policy.services import policy_effective
from safereply.providers.enforcement import CLASSIFICATIONS, EnforcementAction, chart_svg, enforcement_actions
from safereply.providers.models import Concern, PostEvidence
from safereply.providers.services import evidence_ensure


@dataclass(frozen=True)
class ScreenedReply:
    source: str  # "Draft by staff (saved ...)" or "Reply the clinician would want to post"
    verdict: str
    findings: tuple[tuple[str, str, str], ...]  # (words, explanation, fix)


@dataclass(frozen=True)
class Packet:
    concern: Concern
    post_text: str
    platform: str
    evidence: PostEvidence
    state: str
    category: str
    severity: str
    reasons: tuple[str, ...]
    decision: str
    decision_options: tuple[tuple[str, bool], ...]  # (label, chosen)
    policy_lines: tuple[str, ...]
    actions: tuple[EnforcementAction, ...]
    chart: str
    screened: tuple[ScreenedReply, ...]

    @property
    def review_replies(self) -> tuple[EnforcementAction, ...]:
        return tuple(a for a in self.actions if a.is_review_reply)

    @property
    def related(self) -> tuple[EnforcementAction, ...]:
        return tuple(a for a in self.actions if not a.is_review_reply)

    @property
    def total_usd(self) -> str:
        return f"${sum(a.amount_usd for a in self.actions):,}"


def _screen(source: str, text: str, case) -> ScreenedReply:
    result = reply_screen(text=text, organization=case.organization, case=case)
    findings = tuple((text[f.start:f.end], f.explanation, f.fix) for f in result.findings)
    return ScreenedReply(source, result.verdict.value, findings)


def _policy_lines(case) -> tuple[str, ...]:
    policy = policy_effective(case.organization)
    if policy is None:
        return ("No policy is in force yet: the organization's counsel decides.", NOT_LEGAL_ADVICE)
    counsel = policy.document.get("counsel") or {}
    lines = [f"Policy version {policy.number}, in force since {policy.effective_at:%B %-d, %Y}."]
    lines += [f"Escalation: {label}." for rule, label in ESCALATIONS.items() if policy.escalation(rule)]
    lines.append(f"Counsel: {counsel.get('name', '')} ({counsel.get('contact', '')}).")
    if policy.text("holding_reply"):
        lines.append(f"The only approved public wording (holding reply): \"{policy.text('holding_reply')}\"")
    lines.append(NOT_LEGAL_ADVICE)
    return tuple(lines)


def packet_build(concern: Concern) -> Packet:
    case = concern.case
    suggested = case.suggested or {}
    screened = [_screen(f"Draft by staff (saved {d.updated_at:%b %-d, %Y})", d.text, case)
                for d in case.drafts.order_by("pk")]
    if concern.wished_reply:
        screened.append(_screen("Reply the clinician would want to post", concern.wished_reply, case))
    return Packet(
        concern=concern,
        post_text=case.post_text,
        platform=case.get_platform_display(),
        evidence=evidence_ensure(case=case),
        state=case.state_label,
        category=case.get_category_display() or "Not triaged yet",
        severity=case.get_severity_display() or "Not triaged yet",
        reasons=tuple(suggested.get("reasons") or ()),
        decision=case.get_decision_display() or "Not decided yet",
        decision_options=tuple((label, case.decision == value) for value, label in Decision.choices),
        policy_lines=_policy_lines(case),
        actions=enforcement_actions(),
        chart=chart_svg(),
        screened=tuple(screened),
    )


class _PacketPDF(FPDF):
    def footer(self):
        self.set_y(-14)
        self.set_font("Helvetica", size=8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 4, _latin1(f"Confidential: prepared for a meeting with counsel. Page {self.page_no()}"),
                  align="C")


def packet_pdf(packet: Packet) -> bytes:
    pdf = _PacketPDF(format="Letter")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_margins(18, 16, 18)
    pdf.add_page()

    def heading(text: str) -> None:
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 13)
        pdf.multi_cell(0, 7, _latin1(text), new_x="LMARGIN", new_y="NEXT")

    def para(text: str, size: int = 10, style: str = "") -> None:
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(0, 5, _latin1(text), new_x="LMARGIN", new_y="NEXT")

    case = packet.concern.case
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, _latin1(f"Meeting packet: case #{case.pk}, {packet.concern.clinician.display_name}"),
                   new_x="LMARGIN", new_y="NEXT")
    para("For a private discussion of the clinician with counsel. " + NOT_LEGAL_ADVICE, 9)

    heading("The post as published")
    para(f"Platform: {packet.platform}")
    para(packet.post_text, 10, "I")
    heading("Evidence record")
    para(f"Captured: {timezone.localtime(packet.evidence.captured_at):%Y-%m-%d %H:%M %Z}")
    para(f"SHA-256 of the post text as reported: {packet.evidence.sha256}")
    para(f"Length: {packet.evidence.characters} characters")

    heading("Triage and decision")
    para(f"State: {packet.state}. Category: {packet.category}. Severity: {packet.severity}.")
    if packet.reasons:
        para("Why: " + ", ".join(packet.reasons))
    para("Decision options:")
    for label, chosen in packet.decision_options:
        para(f"  {'[x]' if chosen else '[ ]'} {label}")

    heading("The policy in force")
    for line in packet.policy_lines:
        para(line)

    heading("What answering publicly has cost others")
    para(f"{len(packet.actions)} enforcement actions by the HHS Office for Civil Rights, {packet.total_usd} in all: "
         f"{len(packet.review_replies)} about replies to online reviews and {len(packet.related)} about related "
         "public disclosures.")
    svg = io.BytesIO(chart_svg(packet.actions, tooltips=False).encode("utf-8"))
    pdf.image(svg, w=pdf.epw)
    for group, actions in ((CLASSIFICATIONS["review_reply"], packet.review_replies),
                           (CLASSIFICATIONS["related_disclosure"], packet.related)):
        heading(group)
        for a in actions:
            para(f"{a.entity} ({a.state}), {a.announced:%B %-d, %Y}: {a.amount_label}, {a.kind}", 10, "B")
            para(f"Where: {a.channel}. Disclosed: {a.what_was_disclosed}.", 9)
            checked = "" if a.corrective_action_checked else " [not verified]"
            para(f"Required afterwards: {a.corrective_action}{checked}", 9)
            para(f"Source: {a.source}", 8)
            pdf.ln(1)

    heading("What the screening engine found in replies drafted for this post")
    if not packet.screened:
        para("Nobody has drafted a reply to this post.")
    for reply in packet.screened:
        para(f"{reply.source}: verdict {reply.verdict.upper()}", 10, "B")
        if not reply.findings:
            para("No findings.", 9)
        for words, explanation, fix in reply.findings:
            para(f'- "{words}": {explanation} Instead: {fix}', 9)
    return bytes(pdf.output())
