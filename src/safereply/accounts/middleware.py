"""Enforce the access table (safereply.accounts.access.ACCESS) on every resolved URL."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import render

from safereply.accounts import access
from safereply.accounts.models import ApiToken


def _bearer(request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, raw = header.partition(" ")
    if scheme.lower() == "bearer" and raw.strip():
        return raw.strip()
    return None


class AccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        route = request.resolver_match.view_name
        is_api = request.resolver_match.namespace == "api"
        if is_api:
            # The API authenticates by token only; a browser session does not count there,
            # which keeps the API free of CSRF concerns.
            raw = _bearer(request)
            user = ApiToken.user_for(raw) if raw else None
            request.user = user or AnonymousUser()

        memberships = list(access.active_memberships(request.user))
        request.roles = frozenset(m.role for m in memberships)
        request.organization = memberships[0].organization if memberships else None

        if access.allows(route, request.roles, authenticated=request.user.is_authenticated):
            return None
        if not request.user.is_authenticated:
            if is_api:
                return JsonResponse({"detail": "Authentication required: send 'Authorization: Bearer <token>'."}, status=401)
            return redirect_to_login(request.get_full_path())
        if is_api:
            return JsonResponse({"detail": "Your role does not allow this."}, status=403)
        return render(request, "403.html", status=403)
