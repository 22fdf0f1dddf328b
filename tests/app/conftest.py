"""Fixtures for the application tests: one organization with a person in every role, and
an outsider organization whose responder must never see our cases."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from safereply.accounts.models import Clinician, Location, Membership, Organization
from safereply.cases import services

ROLES = ("staff", "responder", "risk_manager", "counsel", "provider", "administrator")
DISCLOSING_REPLY = "Hi Nina, we are sorry about your visit on March 3 for your knee surgery."
SAFE_REPLY = (
    "Thank you for your feedback. We take every concern seriously. "
    "Please contact our patient relations team at 555-0100 so we can talk privately."
)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Argon2 is deliberately slow; tests create dozens of users. test_settings.py checks
    # that the real settings put Argon2 first.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_user(username: str, organization: Organization | None, role: str | None):
    user = get_user_model().objects.create_user(username=username, password="correct horse battery")
    if organization is not None and role is not None:
        Membership.objects.create(user=user, organization=organization, role=role)
    return user


@pytest.fixture
def org(db):
    organization = Organization.objects.create(name="Riverbend", phones="555-0100")
    main = Location.objects.create(organization=organization, name="Main Clinic")
    Location.objects.create(organization=organization, name="Eastside")
    Clinician.objects.create(organization=organization, first_name="Maria", last_name="Alvarez", title="Dr.",
                             location=main)
    Clinician.objects.create(organization=organization, first_name="James", last_name="Okafor", title="NP")
    return organization


@pytest.fixture
def people(org):
    users = {role: make_user(role.replace("_", "."), org, role) for role in ROLES}
    users["responder2"] = make_user("responder2", org, "responder")
    alvarez = org.clinicians.get(last_name="Alvarez")
    alvarez.user = users["provider"]
    alvarez.save()
    return users


@pytest.fixture
def outsider(db):
    other = Organization.objects.create(name="Elsewhere Clinic")
    return make_user("outsider", other, "responder")


@pytest.fixture
def report_post(org, people):
    counter = iter(range(1, 10_000))

    def report(text="I waited two hours and nobody told me why.", *, url=None, poster="Nina P.",
               platform="google", reporter=None, **kwargs):
        return services.report_submit(
            organization=org, reporter=reporter or people["staff"], platform=platform,
            url=url or f"https://www.google.com/maps/reviews/{next(counter)}", poster_name=poster,
            post_text=text, **kwargs,
        )

    return report


@pytest.fixture
def case_in(report_post, people):
    """A case moved along the workflow to the given state with real services."""

    def build(state: str, *, severity="medium", decision="holding", text=None):
        case = report_post(text or "I waited two hours and nobody told me why.").case
        if state == "reported":
            return case
        services.case_triage(case=case, actor=people["responder"], category="access", severity=severity)
        if state == "triaged":
            return _fresh(case)
        if state in ("watching", "outreach", "escalated"):
            decision = {"watching": "watch", "outreach": "private", "escalated": "counsel"}[state]
        services.case_decide(case=case, actor=people["responder"], decision=decision,
                             reason="Discussed with the risk manager this morning.")
        if state in ("watching", "outreach", "escalated", "drafting"):
            return _fresh(case)
        services.draft_save(case=case, actor=people["responder"], text=SAFE_REPLY)
        services.draft_submit(case=case, actor=people["responder"])
        if state == "awaiting_approval":
            return _fresh(case)
        services.draft_approve(case=case, actor=people["responder2"])
        if severity == "egregious":
            services.draft_approve(case=case, actor=people["counsel"])
        if state == "approved":
            return _fresh(case)
        services.case_publish(case=case, actor=people["responder"], published_url="https://g.co/reply/1")
        if state == "published":
            return _fresh(case)
        services.case_close(case=case, actor=people["responder"])
        return _fresh(case)

    return build


def _fresh(case):
    case.refresh_from_db()
    return case
