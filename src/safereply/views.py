from django.shortcuts import redirect, render


def home(request):
    roles = request.roles
    if roles & {"responder", "risk_manager", "counsel"}:
        return redirect("cases:inbox")
    if "provider" in roles:
        return redirect("cases:concerns")
    if "administrator" in roles:
        # First run: until a policy is in force, administrators are led to the builder.
        return redirect("accounts:users" if getattr(request, "policy", None) else "policy:builder")
    return redirect("cases:report")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)
