"""Changes to organizations, memberships and API tokens, each audited in its transaction."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safereply.accounts.models import ApiToken, Membership, Organization, Role, new_report_token, token_digest
from safereply.audit.services import audit_record
from safereply.errors import SafeReplyError


def organization_rotate_report_token(*, organization: Organization, actor) -> Organization:
    """Issue a new report link; the old one stops working at once."""
    with transaction.atomic():
        organization.report_token = new_report_token()
        organization.report_token_rotated_at = timezone.now()
        organization.full_clean()
        organization.save(update_fields=["report_token", "report_token_rotated_at"])
        audit_record(actor=actor, action="organization.report_link_rotated", obj=organization,
                     organization_id=organization.pk)
    return organization


def organization_update(*, organization: Organization, actor, **fields) -> Organization:
    allowed = {"name", "phones", "emails", "addresses", "urls", "holding_reply"}
    with transaction.atomic():
        for name, value in fields.items():
            if name not in allowed:
                raise SafeReplyError(f"{name} cannot be changed here.")
            setattr(organization, name, value)
        organization.full_clean()
        organization.save(update_fields=list(fields))
        audit_record(actor=actor, action="organization.updated", obj=organization,
                     organization_id=organization.pk, data={"fields": sorted(fields)})
    return organization


def user_create(*, organization: Organization, actor, username: str, password: str, role: str):
    User = get_user_model()
    if role not in Role.values:
        raise SafeReplyError("Choose a role.", code="role_invalid")
    if User.objects.filter(username=username).exists():
        raise SafeReplyError("That username is taken.", code="username_taken")
    user = User(username=username)
    try:
        user.full_clean(exclude=["password"])
        validate_password(password, user)
    except ValidationError as e:
        raise SafeReplyError(" ".join(e.messages), code="user_invalid") from None
    with transaction.atomic():
        user.set_password(password)
        user.save()
        audit_record(actor=actor, action="user.created", obj=user, organization_id=organization.pk)
        membership_grant(organization=organization, actor=actor, user=user, role=role)
    return user


def membership_grant(*, organization: Organization, actor, user, role: str) -> Membership:
    if role not in Role.values:
        raise SafeReplyError("Choose a role.", code="role_invalid")
    with transaction.atomic():
        if Membership.objects.active().filter(user=user, organization=organization, role=role).exists():
            raise SafeReplyError("That person holds that role already.", code="role_held")
        membership = Membership(user=user, organization=organization, role=role, granted_by=actor
                                if getattr(actor, "is_authenticated", False) else None)
        membership.full_clean()
        membership.save()
        audit_record(actor=actor, action="membership.granted", obj=membership, organization_id=organization.pk,
                     data={"user_id": user.pk, "role": role})
    return membership


def membership_end(*, membership: Membership, actor) -> Membership:
    with transaction.atomic():
        if membership.ended_at is not None:
            raise SafeReplyError("That role has ended already.", code="role_ended")
        membership.ended_at = timezone.now()
        membership.full_clean()
        membership.save(update_fields=["ended_at"])
        audit_record(actor=actor, action="membership.ended", obj=membership,
                     organization_id=membership.organization_id,
                     data={"user_id": membership.user_id, "role": membership.role})
    return membership


def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """Create a token; the raw value is returned once and never stored."""
    raw = "sr_" + secrets.token_urlsafe(32)
    # Control characters dropped (PostgreSQL refuses NUL); a blank name gets the default.
    name = "".join(c for c in (name or "") if c.isprintable()).strip()[:100] or "API token"
    token = ApiToken(user=user, name=name, prefix=raw[3:11], digest=token_digest(raw))
    with transaction.atomic():
        token.full_clean()
        token.save()
        audit_record(actor=user, action="api_token.created", obj=token, organization_id=None)
    return token, raw


def api_token_revoke(*, token: ApiToken, actor) -> ApiToken:
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="api_token.revoked", obj=token)
    return token
