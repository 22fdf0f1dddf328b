"""Every route × every role against safereply.accounts.access.ACCESS.

Enumerates Django's URL resolver and the ninja API's routes; a route missing from the
table fails here, and so does a table entry for a route that no longer exists. Each
role gets a real request: allowed means "not refused" (a 404 for a made-up id, a 405
for GET on a POST-only view are fine), refused means 403 (or the login page / 401 for
someone not signed in).
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from safereply.accounts import access
from safereply.accounts.services import api_token_create
from safereply.api import api

from .conftest import ROLES


def _routes(patterns=None, prefix="", namespace=""):
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _routes(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield f"{namespace}{p.name}", prefix + str(p.pattern)


ROUTES = dict(_routes())


def _example_path(pattern: str, token: str) -> str:
    if pattern.startswith("^static/"):
        return "/static/safereply.css"
    path = re.sub(r"<str:token>", token, pattern)
    path = re.sub(r"<(int:)?\w+>", "999999", path)
    return "/" + path


def test_every_route_is_in_the_access_table():
    missing = sorted(set(ROUTES) - set(access.ACCESS))
    assert not missing, f"Add these routes to safereply.accounts.access.ACCESS: {missing}"


def test_the_access_table_lists_no_route_that_does_not_exist():
    assert sorted(set(access.ACCESS) - set(ROUTES)) == []


def test_every_api_operation_is_named_and_in_the_table():
    names = []
    for _, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                assert operation.url_name, f"{operation.view_func.__name__} needs a url_name"
                names.append(f"api:{operation.url_name}")
    assert names and all(name in access.ACCESS for name in names)


def test_routes_missing_from_the_table_are_refused_to_everyone():
    assert not access.allows("cases:something_new", access.ALL_ROLES)


@pytest.fixture
def tokens(people):
    return {role: api_token_create(user=people[role], name="test")[1] for role in ROLES}


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_each_role_gets_exactly_what_the_table_allows(client, org, people, tokens, route):
    path = _example_path(ROUTES[route], org.report_token)
    allowed = access.ACCESS[route]
    is_api = route.startswith("api:")
    for role in ROLES:
        if is_api:
            response = client.get(path, headers={"Authorization": f"Bearer {tokens[role]}"})
        else:
            client.force_login(people[role])
            response = client.get(path)
        if allowed == access.PUBLIC or role in allowed:
            assert response.status_code != 403, f"{role} should reach {route}"
        else:
            assert response.status_code == 403, f"{role} must not reach {route} (got {response.status_code})"
    client.logout()
    anonymous = client.get(path)
    if allowed == access.PUBLIC:
        assert anonymous.status_code not in (401, 403)
    elif is_api:
        assert anonymous.status_code == 401
    else:
        assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")


def test_a_session_does_not_authenticate_the_api(client, people):
    client.force_login(people["responder"])
    assert client.get("/api/cases").status_code == 401


def test_an_ended_role_grants_nothing(client, people):
    from safereply.accounts.services import membership_end

    membership = people["responder"].memberships.get()
    membership_end(membership=membership, actor=people["administrator"])
    client.force_login(people["responder"])
    assert client.get("/cases/").status_code == 403


def test_a_revoked_token_authenticates_nobody(client, people):
    from safereply.accounts.models import ApiToken
    from safereply.accounts.services import api_token_revoke

    token, raw = api_token_create(user=people["responder"], name="t")
    api_token_revoke(token=token, actor=people["responder"])
    assert client.get("/api/cases", headers={"Authorization": f"Bearer {raw}"}).status_code == 401
    assert ApiToken.objects.get(pk=token.pk).digest != raw  # only the hash is stored
