"""The life of a case, as data.

    reported ──triage──▶ triaged ──decide──▶ watching | outreach | drafting | escalated
    escalated ──decide──▶ watching | outreach | drafting        (after counsel has advised)
    drafting ──submit──▶ awaiting_approval ──approve──▶ approved ──publish──▶ published
    awaiting_approval ──send_back──▶ drafting
    watching | outreach | published | approved ──close──▶ closed
    closed ──reopen──▶ triaged

Which of the four targets ``decide`` reaches is the case's recorded decision. Each state
has its own timestamp field on the case, ``<state>_at``. Who may fire an event, and the
business rules (approval by someone other than the author, counsel for egregious cases,
no blocked reply) live in services.py; this module answers only "is this move legal now".
"""

from __future__ import annotations

from statemachine import State, StateMachine
from statemachine.exceptions import TransitionNotAllowed

from safereply.errors import SafeReplyError


class CaseWorkflow(StateMachine):
    reported = State("Reported", initial=True, value="reported")
    triaged = State("Triaged", value="triaged")
    watching = State("Watching, no public reply", value="watching")
    outreach = State("Private outreach", value="outreach")
    drafting = State("Drafting a reply", value="drafting")
    escalated = State("With counsel", value="escalated")
    awaiting_approval = State("Awaiting approval", value="awaiting_approval")
    approved = State("Approved", value="approved")
    published = State("Published", value="published")
    closed = State("Closed", final=False, value="closed")

    triage = reported.to(triaged)
    decide = (
        triaged.to(watching, cond="decision_is_watch")
        | triaged.to(outreach, cond="decision_is_private")
        | triaged.to(drafting, cond="decision_is_holding")
        | triaged.to(escalated, cond="decision_is_counsel")
        | escalated.to(watching, cond="decision_is_watch")
        | escalated.to(outreach, cond="decision_is_private")
        | escalated.to(drafting, cond="decision_is_holding")
    )
    submit = drafting.to(awaiting_approval)
    send_back = awaiting_approval.to(drafting)
    approve = awaiting_approval.to(approved)
    publish = approved.to(published)
    close = watching.to(closed) | outreach.to(closed) | published.to(closed) | approved.to(closed)
    reopen = closed.to(triaged)

    # The model is a Case; its `decision` field picks the branch of `decide`.
    def decision_is_watch(self) -> bool:
        return self.model.decision == "watch"

    def decision_is_private(self) -> bool:
        return self.model.decision == "private"

    def decision_is_holding(self) -> bool:
        return self.model.decision == "holding"

    def decision_is_counsel(self) -> bool:
        return self.model.decision == "counsel"


STATES: tuple[str, ...] = tuple(s.value for s in CaseWorkflow.states)
STATE_LABELS: dict[str, str] = {s.value: s.name for s in CaseWorkflow.states}
OPEN_STATES = tuple(s for s in STATES if s not in ("published", "closed"))
EVENTS: tuple[str, ...] = tuple(e.id for e in CaseWorkflow.events)

# What must happen before each event can fire: the message a person sees when refused.
REQUIREMENTS: dict[str, str] = {
    "triage": "Only a newly reported case can be triaged; this one has been triaged already.",
    "decide": "Triage the case first (category and severity), then decide how to respond.",
    "submit": "Decide on a public holding reply first; only a reply being drafted can be submitted.",
    "send_back": "Only a reply awaiting approval can be sent back to drafting.",
    "approve": "Submit the draft for approval first; only a submitted reply can be approved.",
    "publish": "The reply must be approved before it can be marked published.",
    "close": "Close a case only after deciding not to reply publicly, doing private outreach, or publishing.",
    "reopen": "Only a closed case can be reopened.",
}


def timestamp_field(state: str) -> str:
    return f"{state}_at"


def transition(case, event: str) -> str:
    """Fire `event` on `case` (in memory); return the new state or explain what is missing."""
    if event not in EVENTS:
        raise SafeReplyError(f"Unknown action {event!r}.", code="unknown_event")
    machine = CaseWorkflow(model=case, state_field="state")
    try:
        machine.send(event)
    except TransitionNotAllowed:
        raise SafeReplyError(
            f"Cannot {event.replace('_', ' ')} a case that is {STATE_LABELS[case.state].lower()}. "
            f"{REQUIREMENTS[event]}",
            code="illegal_transition",
            details={"event": event, "state": case.state},
        ) from None
    return case.state


def allowed_events(case) -> list[str]:
    machine = CaseWorkflow(model=case, state_field="state")
    return [e.id for e in machine.allowed_events]
