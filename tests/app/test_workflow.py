"""Every event from every state: the legal ones land where the table says; the rest are
refused with a message saying what must happen first."""

from __future__ import annotations

import pytest

from safereply.cases import workflow
from safereply.cases.models import Case
from safereply.errors import SafeReplyError

# (state, event, decision) -> target. Everything not listed must be refused.
LEGAL = {
    ("reported", "triage", ""): "triaged",
    ("triaged", "decide", "watch"): "watching",
    ("triaged", "decide", "private"): "outreach",
    ("triaged", "decide", "holding"): "drafting",
    ("triaged", "decide", "counsel"): "escalated",
    ("escalated", "decide", "watch"): "watching",
    ("escalated", "decide", "private"): "outreach",
    ("escalated", "decide", "holding"): "drafting",
    ("drafting", "submit", ""): "awaiting_approval",
    ("awaiting_approval", "send_back", ""): "drafting",
    ("awaiting_approval", "approve", ""): "approved",
    ("approved", "publish", ""): "published",
    ("watching", "close", ""): "closed",
    ("outreach", "close", ""): "closed",
    ("published", "close", ""): "closed",
    ("approved", "close", ""): "closed",
    ("closed", "reopen", ""): "triaged",
}
DECISIONS = ("", "watch", "private", "holding", "counsel")
ALL = [(s, e, d) for s in workflow.STATES for e in workflow.EVENTS for d in (DECISIONS if e == "decide" else ("",))]


def test_the_states_and_events_are_the_documented_ones():
    assert set(workflow.STATES) == {
        "reported", "triaged", "watching", "outreach", "drafting", "escalated",
        "awaiting_approval", "approved", "published", "closed",
    }
    assert set(workflow.EVENTS) == set(workflow.REQUIREMENTS)


def test_every_state_has_its_own_timestamp_field():
    fields = {f.name for f in Case._meta.get_fields()}
    for state in workflow.STATES:
        assert workflow.timestamp_field(state) in fields


@pytest.mark.parametrize("state,event,decision", [k for k in ALL if k in LEGAL])
def test_legal_transition_lands_in_its_target(state, event, decision):
    case = Case(state=state, decision=decision)
    assert workflow.transition(case, event) == LEGAL[(state, event, decision)]
    assert case.state == LEGAL[(state, event, decision)]


@pytest.mark.parametrize("state,event,decision", [k for k in ALL if k not in LEGAL])
def test_illegal_transition_is_refused_with_what_must_happen_first(state, event, decision):
    case = Case(state=state, decision=decision)
    with pytest.raises(SafeReplyError) as refused:
        workflow.transition(case, event)
    assert refused.value.code == "illegal_transition"
    assert workflow.REQUIREMENTS[event] in refused.value.message
    assert case.state == state


def test_an_unknown_event_is_refused():
    with pytest.raises(SafeReplyError, match="Unknown action"):
        workflow.transition(Case(state="reported"), "delete")


def test_approve_before_submit_says_to_submit_first():
    with pytest.raises(SafeReplyError, match="Submit the draft for approval first"):
        workflow.transition(Case(state="drafting"), "approve")
