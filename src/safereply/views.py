import hashlib

from django.conf import settings
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render

from safereply.ratelimit import client_address, rate_limit_hit, rate_limit_reached

LOGIN_WINDOW_SECONDS = 15 * 60


class SignInView(LoginView):
    """Django's sign-in, with failed attempts limited per address and username.

    Only failures count, so people who share an office address do not lock each other out;
    the username is hashed so the cache never holds it.
    """

    redirect_authenticated_user = True

    def _limit_key(self) -> str:
        username = self.request.POST.get("username", "").strip().lower()
        digest = hashlib.sha256(username.encode("utf-8", "replace")).hexdigest()[:16]
        return f"{client_address(self.request)}:{digest}"

    def post(self, request, *args, **kwargs):
        if rate_limit_reached(scope="login-failure", key=self._limit_key(),
                              limit=settings.SAFEREPLY_LOGIN_FAILURES, window_seconds=LOGIN_WINDOW_SECONDS):
            form = self.get_form_class()(request)
            context = self.get_context_data(form=form, locked_out=True)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        rate_limit_hit(scope="login-failure", key=self._limit_key(),
                       limit=settings.SAFEREPLY_LOGIN_FAILURES, window_seconds=LOGIN_WINDOW_SECONDS)
        return super().form_invalid(form)



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
