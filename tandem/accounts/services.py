"""Writes on accounts: users, memberships, acting organisation, API tokens."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts import permissions
from tandem.accounts.enums import Role
from tandem.accounts.http import AuthenticatedHttpRequest
from tandem.accounts.models import ApiToken, Membership, User
from tandem.accounts.selectors import ACTING_SESSION_KEY, membership_list_for_user
from tandem.organisations.models import Organisation

TOKEN_PREFIX = "tdm_"


@transaction.atomic
def user_create(
    *, email: str, first_name: str, last_name: str, password: str | None = None, is_superuser: bool = False
) -> User:
    return User.objects.create_user(
        email=email, password=password, first_name=first_name, last_name=last_name, is_superuser=is_superuser
    )


@transaction.atomic
def membership_create(
    *,
    user: User,
    organisation: Organisation,
    role: str,
    fte_share: Decimal | None = None,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Membership:
    membership = Membership(
        user=user, organisation=organisation, role=role, fte_share=fte_share, starts_on=starts_on, ends_on=ends_on
    )
    membership.full_clean()
    membership.save()
    return membership


def membership_switch(*, request: AuthenticatedHttpRequest, membership_id: int) -> Membership:
    """Choose the organisation the user acts for; only one of the user's own active memberships."""
    for membership in membership_list_for_user(user=request.user):
        if membership.pk == membership_id:
            request.session[ACTING_SESSION_KEY] = membership.pk
            return membership
    raise PermissionDenied(_("Vous n'êtes pas rattaché·e à cette organisation."))


def _hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *, organisation: Organisation, name: str, scope: str, by: User, role: str = Role.ADVISER
) -> tuple[ApiToken, str]:
    """Create a token acting with `role` in the organisation; returns it with the clear key, shown once only.

    Only the organisation's managers (or administrators) create tokens, never with more rights than their own;
    a State service's token only observes.
    """
    grantable = permissions.token_roles_grantable(user=by, organisation=organisation)
    if not grantable:
        raise PermissionDenied(_("Seuls les responsables de l'organisation créent ses jetons."))
    if role not in grantable:
        raise ValidationError(
            {"role": _("Ce rôle ne peut pas être donné à un jeton de %(org)s.") % {"org": organisation.name}},
            code="token_role",
        )
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        organisation=organisation,
        name=name,
        scope=scope,
        role=role,
        created_by=by,
        prefix=key[:12],
        key_hash=_hash_key(key),
    )
    token.full_clean()
    token.save()
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_authenticate(*, key: str) -> ApiToken | None:
    """The active token matching this key, or None; records when it was last used."""
    if not key.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("organisation").filter(key_hash=_hash_key(key), revoked_at__isnull=True).first()
    )
    if token is not None:
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=5):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def user_update_profile(*, user: User, first_name: str, last_name: str, phone: str, preferred_language: str) -> User:
    user.first_name, user.last_name, user.phone = first_name, last_name, phone
    user.preferred_language = preferred_language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["first_name", "last_name", "phone", "preferred_language"])
    return user
