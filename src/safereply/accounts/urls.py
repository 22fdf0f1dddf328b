from django.urls import path

from safereply.accounts import views

app_name = "accounts"
urlpatterns = [
    path("admin/users/", views.users, name="users"),
    path("admin/users/new/", views.user_create, name="user_create"),
    path("admin/users/<int:user_id>/grant/", views.membership_grant, name="membership_grant"),
    path("admin/memberships/<int:membership_id>/end/", views.membership_end, name="membership_end"),
    path("admin/settings/", views.settings_page, name="settings"),
    path("admin/settings/rotate-report-link/", views.rotate_report_link, name="rotate_report_link"),
    path("account/tokens/", views.tokens, name="tokens"),
    path("account/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
]
