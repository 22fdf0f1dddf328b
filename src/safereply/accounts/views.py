"""Administration (users, roles, settings; no case content) and personal API tokens."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from safereply.accounts import services
from safereply.accounts.models import ApiToken, Membership, Organization, Role
from safereply.errors import SafeReplyError


class UserForm(forms.Form):
    username = forms.CharField(max_length=150)
    password = forms.CharField(widget=forms.PasswordInput, min_length=10)
    role = forms.ChoiceField(choices=Role.choices)


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "phones", "emails", "addresses", "urls", "holding_reply"]
        widgets = {f: forms.Textarea(attrs={"rows": 2}) for f in ["phones", "emails", "addresses", "urls"]}


def _org_users(organization):
    User = get_user_model()
    return User.objects.filter(memberships__organization=organization).distinct().order_by("username")


def users(request):
    organization = request.organization
    people = []
    for user in _org_users(organization):
        held = Membership.objects.filter(user=user, organization=organization).order_by("-started_at")
        people.append({"user": user, "memberships": held})
    return render(request, "accounts/users.html",
                  {"people": people, "form": UserForm(), "roles": Role.choices})


@require_POST
def user_create(request):
    form = UserForm(request.POST)
    if form.is_valid():
        try:
            services.user_create(organization=request.organization, actor=request.user, **form.cleaned_data)
        except SafeReplyError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, "User created.")
    else:
        messages.error(request, "Enter a username, a password of at least 10 characters and a role.")
    return redirect("accounts:users")


@require_POST
def membership_grant(request, user_id: int):
    user = get_object_or_404(_org_users(request.organization), pk=user_id)
    try:
        services.membership_grant(organization=request.organization, actor=request.user,
                                  user=user, role=request.POST.get("role", ""))
    except SafeReplyError as e:
        messages.error(request, e.message)
    return redirect("accounts:users")


@require_POST
def membership_end(request, membership_id: int):
    membership = get_object_or_404(Membership, pk=membership_id, organization=request.organization)
    try:
        services.membership_end(membership=membership, actor=request.user)
    except SafeReplyError as e:
        messages.error(request, e.message)
    return redirect("accounts:users")


def settings_page(request):
    organization = request.organization
    form = OrganizationForm(request.POST or None, instance=Organization.objects.get(pk=organization.pk))
    if getattr(request, "policy", None) is not None:
        # The approved holding reply is part of the policy in force; it changes with a new version.
        del form.fields["holding_reply"]
    if request.method == "POST" and form.is_valid():
        services.organization_update(organization=organization, actor=request.user,
                                     **{f: form.cleaned_data[f] for f in form.changed_data})
        messages.success(request, "Settings saved.")
        return redirect("accounts:settings")
    report_link = request.build_absolute_uri(f"/r/{organization.report_token}/")
    return render(request, "accounts/settings.html",
                  {"form": form, "organization": organization, "report_link": report_link})


@require_POST
def rotate_report_link(request):
    services.organization_rotate_report_token(organization=request.organization, actor=request.user)
    messages.success(request, "A new report link is active; the old one no longer works.")
    return redirect("accounts:settings")


def tokens(request):
    raw = None
    if request.method == "POST":
        _, raw = services.api_token_create(user=request.user, name=request.POST.get("name", ""))
    listed = ApiToken.objects.filter(user=request.user, revoked_at__isnull=True).order_by("-created_at")
    return render(request, "accounts/tokens.html", {"tokens": listed, "raw": raw})


@require_POST
def token_revoke(request, token_id: int):
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user, revoked_at__isnull=True)
    services.api_token_revoke(token=token, actor=request.user)
    messages.success(request, "Token revoked.")
    return redirect("accounts:tokens")
