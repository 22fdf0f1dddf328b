"""API endpoints for provider concerns: the same objects, the same rules as the pages."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from safereply.providers.views import concerns_for

router = Router(tags=["provider concerns"])


class ConcernOut(Schema):
    id: int
    case_id: int
    clinician: str
    state: str
    opened_at: dt.datetime
    post_text: str  # the post as published; never the poster's name or anything from a patient index
    case_state: str
    case_decision: str
    outcome: str


def _out(concern) -> dict:
    case = concern.case
    return {"id": concern.pk, "case_id": case.pk, "clinician": concern.clinician.display_name,
            "state": concern.state, "opened_at": concern.opened_at, "post_text": case.post_text,
            "case_state": case.state, "case_decision": case.decision, "outcome": concern.outcome}


@router.get("/provider-concerns", response=list[ConcernOut], url_name="provider_concerns")
def provider_concerns(request):
    return [_out(c) for c in concerns_for(request).order_by("-opened_at")[:200]]


@router.get("/provider-concerns/{concern_id}", response=ConcernOut, url_name="provider_concern")
def provider_concern(request, concern_id: int):
    return _out(get_object_or_404(concerns_for(request), pk=concern_id))
