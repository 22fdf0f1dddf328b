from safereply.accounts import access


def roles(request):
    held = getattr(request, "roles", frozenset())
    user = getattr(request, "user", None)  # absent on error pages rendered before auth ran
    authenticated = bool(user and user.is_authenticated)

    def can(route: str) -> bool:
        return access.allows(route, held, authenticated=authenticated)

    return {
        "roles": held,
        "nav": {
            "inbox": can("cases:inbox"),
            "report": can("cases:report"),
            "my_reports": can("cases:my_reports"),
            "concerns": can("cases:concerns"),
            "provider_concerns": can("providers:list"),
            "reports_summary": can("cases:reports_summary"),
            "users": can("accounts:users"),
            "settings": can("accounts:settings"),
            "policy": can("policy"),
            "policy_versions": can("policy:versions"),
            "policy_builder": can("policy:builder"),
            "acknowledgements": can("policy:acknowledgements"),
        },
    }
