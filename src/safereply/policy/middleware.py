"""Look up the policy in force once per request, and hold everyone at the acknowledgement
page until they have acknowledged it. Runs after AccessMiddleware (request.organization)."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import redirect

from safereply.policy.services import policy_acknowledged, policy_effective

# Reachable before acknowledging: signing in and out, static files, the public report
# link, the policy itself, and the API's own description.
EXEMPT = frozenset({
    "login", "logout", "static", "cases:public_report", "cases:public_report_received",
    "policy", "policy:acknowledge", "policy:version", "policy:version_pdf",
    "api:openapi-json", "api:openapi-view", "api:api-root",
})


class PolicyGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        request.policy = policy_effective(getattr(request, "organization", None))
        match = request.resolver_match
        if request.policy is None or not request.user.is_authenticated or match.view_name in EXEMPT:
            return None
        if policy_acknowledged(request.policy, request.user):
            return None
        if match.namespace == "api":
            # A token acts for a person, and that person has not acknowledged the policy yet.
            return JsonResponse({"detail": f"Sign in and acknowledge policy version {request.policy.number} first."},
                                status=403)
        return redirect("policy:acknowledge")
