"""Who may reach which route: ONE table, enforced by AccessMiddleware for every page and
API endpoint, and checked route by route, role by role, in tests/test_access_table.py.

Keys are Django view names (``namespace:name``); the API's routes live in the ``api``
namespace. A route missing from this table is refused to everyone (and fails the test).
Object-level rules (only this organization's cases, only one's own reports, only concerns
naming oneself) are applied by the views on top of this table.
"""

from __future__ import annotations

from safereply.accounts.models import Membership, Role

STAFF = Role.STAFF.value
RESPONDER = Role.RESPONDER.value
RISK_MANAGER = Role.RISK_MANAGER.value
COUNSEL = Role.COUNSEL.value
PROVIDER = Role.PROVIDER.value
ADMINISTRATOR = Role.ADMINISTRATOR.value

ALL_ROLES = frozenset(Role.values)
PUBLIC = "public"  # anyone, signed in or not
CASE_READERS = frozenset({RESPONDER, RISK_MANAGER, COUNSEL})
CASE_WORKERS = frozenset({RESPONDER, RISK_MANAGER})
APPROVERS = frozenset({RESPONDER, RISK_MANAGER, COUNSEL})
POLICY_EDITORS = frozenset({ADMINISTRATOR, RISK_MANAGER})
POLICY_READERS = frozenset({ADMINISTRATOR, RISK_MANAGER, COUNSEL})

ACCESS: dict[str, frozenset[str] | str] = {
    # Signing in, static files, the public report link.
    "login": PUBLIC,
    "logout": PUBLIC,
    "static": PUBLIC,
    "cases:public_report": PUBLIC,
    "cases:public_report_received": PUBLIC,
    # Everyone with a role: report a post, read the policy, see their own reports arrived.
    "home": ALL_ROLES,
    "policy": ALL_ROLES,
    "cases:report": ALL_ROLES,
    "cases:report_received": ALL_ROLES,
    "cases:my_reports": ALL_ROLES,
    "accounts:tokens": ALL_ROLES,
    "accounts:token_revoke": ALL_ROLES,
    "policy:acknowledge": ALL_ROLES,
    "policy:version": ALL_ROLES,  # drafts: POLICY_READERS only (the view checks)
    "policy:version_pdf": ALL_ROLES,
    # The policy: drafted by administrators and the risk manager, approved by counsel.
    "policy:versions": POLICY_READERS,
    "policy:diff": POLICY_READERS,
    "policy:builder": POLICY_EDITORS,
    "policy:start": POLICY_EDITORS,
    "policy:screen_text": POLICY_EDITORS,
    "policy:approve": frozenset({COUNSEL}),
    "policy:acknowledgements": frozenset({ADMINISTRATOR}),
    "policy:remind": frozenset({ADMINISTRATOR}),
    "policy:notice": POLICY_EDITORS,
    # Case work.
    "cases:inbox": CASE_READERS,
    "cases:detail": CASE_READERS,
    "cases:screenshot": CASE_READERS,
    "cases:triage": CASE_WORKERS,
    "cases:decide": CASE_WORKERS,
    "cases:draft": CASE_WORKERS,
    "cases:draft_screen": CASE_WORKERS,
    "cases:submit": CASE_WORKERS,
    "cases:approve": APPROVERS,
    "cases:send_back": APPROVERS,
    "cases:publish": CASE_WORKERS,
    "cases:close": CASE_WORKERS,
    "cases:reopen": CASE_WORKERS,
    "cases:reports_summary": frozenset({RISK_MANAGER}),
    # Private resolution: patient identities, outreach and the complaints process. The views
    # narrow this to the designated responders of the policy in force and the risk manager.
    "patients:resolution": CASE_WORKERS,
    "patients:identify": CASE_WORKERS,
    "patients:unidentified": CASE_WORKERS,
    "patients:contact": CASE_WORKERS,
    "outreach:invite": CASE_WORKERS,
    "outreach:letter": CASE_WORKERS,
    "outreach:call": CASE_WORKERS,
    "outreach:update": CASE_WORKERS,
    "grievances:open": CASE_WORKERS,
    "grievances:acknowledge": CASE_WORKERS,
    "grievances:resolve": CASE_WORKERS,
    "grievances:letter": CASE_WORKERS,
    "grievances:export_csv": frozenset({RISK_MANAGER}),
    "grievances:export_json": frozenset({RISK_MANAGER}),
    # Providers: concerns that name them, without patient identities.
    "cases:concerns": frozenset({PROVIDER}),
    # Provider concerns (safereply.providers): the clinician named sees only their own (the views
    # check); the risk manager schedules the meeting with counsel; both prepare the packet.
    "providers:list": frozenset({PROVIDER, RISK_MANAGER, COUNSEL}),
    "providers:concern": frozenset({PROVIDER, RISK_MANAGER, COUNSEL}),
    "providers:write": frozenset({PROVIDER}),
    "providers:acknowledge": frozenset({PROVIDER}),
    "providers:ics": frozenset({PROVIDER, RISK_MANAGER, COUNSEL}),
    "providers:schedule": frozenset({RISK_MANAGER}),
    "providers:outcome": frozenset({RISK_MANAGER, COUNSEL}),
    "providers:follow_up": frozenset({RISK_MANAGER}),
    "providers:packet": frozenset({RISK_MANAGER, COUNSEL}),
    "providers:packet_pdf": frozenset({RISK_MANAGER, COUNSEL}),
    "providers:mention_decide": CASE_WORKERS,
    # Administration: users and settings, no case content.
    "accounts:users": frozenset({ADMINISTRATOR}),
    "accounts:user_create": frozenset({ADMINISTRATOR}),
    "accounts:membership_grant": frozenset({ADMINISTRATOR}),
    "accounts:membership_end": frozenset({ADMINISTRATOR}),
    "accounts:settings": frozenset({ADMINISTRATOR}),
    "accounts:rotate_report_link": frozenset({ADMINISTRATOR}),
    # The API (token authentication).
    "api:openapi-json": PUBLIC,
    "api:openapi-view": PUBLIC,
    "api:api-root": PUBLIC,
    "api:report_create": ALL_ROLES,
    "api:cases_list": CASE_READERS,
    "api:case_read": CASE_READERS,
    "api:screen_text": CASE_READERS,
    "api:case_transition": APPROVERS,
    "api:provider_concerns": frozenset({PROVIDER, RISK_MANAGER, COUNSEL}),
    "api:provider_concern": frozenset({PROVIDER, RISK_MANAGER, COUNSEL}),
}

# The API's transition endpoint fires workflow events; each event needs the access of the
# page that fires it, so the table above stays the only place roles are written down.
EVENT_ROUTES: dict[str, str] = {
    "triage": "cases:triage",
    "decide": "cases:decide",
    "submit": "cases:submit",
    "send_back": "cases:send_back",
    "approve": "cases:approve",
    "publish": "cases:publish",
    "close": "cases:close",
    "reopen": "cases:reopen",
}


def active_memberships(user):
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.active().filter(user=user).select_related("organization")


def roles_of(user) -> frozenset[str]:
    return frozenset(m.role for m in active_memberships(user))


def allows(route: str, roles: frozenset[str], *, authenticated: bool = True) -> bool:
    allowed = ACCESS.get(route)
    if allowed is None:
        return False  # not in the table: nobody
    if allowed == PUBLIC:
        return True
    return authenticated and bool(roles & allowed)
