from django.contrib.auth import views as auth_views
from django.contrib.staticfiles.views import serve as static_serve
from django.urls import include, path, re_path

from safereply import views
from safereply.policy import views as policy_views
from safereply.api import api

urlpatterns = [
    path("", views.home, name="home"),
    path("policy/", policy_views.policy_page, name="policy"),
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("safereply.cases.urls")),
    path("", include("safereply.accounts.urls")),
    path("", include("safereply.policy.urls")),
    path("", include("safereply.providers.urls")),
    path("", include("safereply.patients.urls")),
    path("", include("safereply.outreach.urls")),
    path("", include("safereply.grievances.urls")),
    path("api/", api.urls),
    # Static files are served by Django itself (vendored htmx, one stylesheet): a small
    # deployment needs no separate web server. A large one puts a CDN or nginx in front.
    re_path(r"^static/(?P<path>.*)$", static_serve, {"insecure": True}, name="static"),
]

handler403 = "safereply.views.permission_denied"
handler404 = "safereply.views.page_not_found"
handler500 = "safereply.views.server_error"
