"""Writes on accounts: users, memberships, acting organisation, API tokens."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from tandem.accounts import permissions
from tandem.accounts.enums import Role
from tandem.accounts.http import AuthenticatedHttpRequest
from tandem.accounts.models import ApiToken, Membership, User
from tandem.accounts.selectors import ACTING_SESSION_KEY, membership_list_for_user
from tandem.core.errors import Conflict
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


# Members of an organisation, managed by its managers ---------------------------------------------------------------

Changes = dict[str, tuple[Any, Any]]


class InvitationOutcome(StrEnum):
    CREATED = "created"  # a new account, with a link to choose its password
    ADDED = "added"  # an existing account, now a member of one more organisation
    REOPENED = "reopened"  # a former member again
    RESENT = "resent"  # already a member who never chose a password: the link again, nothing else changed


@dataclass(frozen=True)
class Invitation:
    membership: Membership
    outcome: InvitationOutcome


def _require_may_manage(*, by: User, acting: Membership | None, organisation: Organisation) -> None:
    if not permissions.can_edit_organisation(by, acting, organisation):
        raise PermissionDenied(_("Seuls les responsables de l'organisation gèrent ses membres."))


def _require_grantable(*, by: User, acting: Membership | None, organisation: Organisation, role: str) -> None:
    if role not in permissions.member_roles_grantable(user=by, membership=acting, organisation=organisation):
        raise ValidationError(
            {
                "role": _("Vous ne pouvez pas donner ce rôle dans %(org)s : il dépasse le vôtre ou n'y existe pas.")
                % {"org": organisation.name}
            },
            code="member_role",
        )


def _require_valid_terms(
    *,
    fte_share: Decimal | None,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
    new_end: bool = True,
) -> None:
    """FTE share and dates of a membership; an end date being set is not in the past (that is a removal)."""
    errors: dict[str, str] = {}
    if fte_share is not None and not Decimal(0) < fte_share <= Decimal(1):
        errors["fte_share"] = _("La part d'ETP est supérieure à 0 et au plus 1 (par exemple 0,5 pour un mi-temps).")
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("La date de fin précède la date de début.")
    elif new_end and ends_on is not None and ends_on < timezone.localdate():
        errors["ends_on"] = _(
            "La date de fin est passée : pour retirer la personne dès maintenant, "
            "utilisez « Retirer de l'organisation »."
        )
    if errors:
        raise ValidationError(errors, code="membership_terms")


def _manages_now(membership: Membership, day: datetime.date) -> bool:
    return (
        membership.role in permissions.MANAGING_ROLES
        and (membership.starts_on is None or membership.starts_on <= day)
        and (membership.ends_on is None or membership.ends_on >= day)
    )


def _require_another_manager(*, membership: Membership, by: User) -> None:
    """An organisation keeps a manager: the last one can be neither removed nor demoted (nor given an end date)."""
    # Lock the organisation's managers: two managers demoting each other at once cannot both win.
    list(
        Membership.objects.select_for_update()
        .filter(organisation_id=membership.organisation_id, role__in=permissions.MANAGING_ROLES)
        .order_by("pk")
    )
    others = (
        Membership.objects.active()
        .filter(organisation_id=membership.organisation_id, role__in=permissions.MANAGING_ROLES, user__is_active=True)
        .exclude(pk=membership.pk)
    )
    if others.exists():
        return
    organisation = membership.organisation.name
    if membership.user_id == by.pk:
        message = _(
            "Vous êtes le dernier responsable de %(org)s : rattachez d'abord un autre responsable, "
            "puis vous pourrez vous retirer ou changer de rôle."
        ) % {"org": organisation}
    else:
        message = _("%(name)s est le dernier responsable de %(org)s : rattachez d'abord un autre responsable.") % {
            "name": membership.user.get_full_name(),
            "org": organisation,
        }
    raise Conflict(message, code="last_manager")


def _invitation_email(*, user: User, organisation: Organisation, by: User, site_url: str) -> EmailMessage:
    """The e-mail written now (the link's token dates from the invitation), sent once the transaction commits."""
    base = site_url.rstrip("/")
    context: dict[str, Any] = {
        "user": user,
        "organisation": organisation,
        "by": by,
        "login_url": base + reverse("accounts:login"),
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    if user.has_usable_password():
        template = "accounts/email/membership_added"
    else:
        template = "accounts/email/invitation"
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        context["link"] = base + reverse("accounts:invitation_accept", kwargs={"uidb64": uid, "token": token})
    with translation.override(user.preferred_language):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}.txt", context)
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email])


@transaction.atomic
def member_invite(
    *,
    organisation: Organisation,
    by: User,
    acting: Membership | None,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    fte_share: Decimal | None = None,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    site_url: str,
) -> Invitation:
    """Make someone a member of the organisation by their e-mail address.

    A new address gets an account without a password and an e-mail with a one-time link to choose it; an existing
    account gets the membership (its names are left as their owner wrote them) and an e-mail saying so. The e-mail
    leaves once the transaction commits."""
    _require_may_manage(by=by, acting=acting, organisation=organisation)
    _require_grantable(by=by, acting=acting, organisation=organisation, role=role)
    _require_valid_terms(fte_share=fte_share, starts_on=starts_on, ends_on=ends_on)
    email = email.strip().lower()
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    if user is not None and not user.is_active:
        raise Conflict(
            _("Le compte de %(email)s est désactivé : seul un administrateur de la plateforme peut le réactiver.")
            % {"email": email},
            code="account_deactivated",
        )
    membership = None
    if user is not None:
        membership = Membership.objects.select_for_update().filter(user=user, organisation=organisation).first()
    today = timezone.localdate()
    if membership is not None and (membership.ends_on is None or membership.ends_on >= today):
        if user is not None and not user.has_usable_password():
            email_message = _invitation_email(user=user, organisation=organisation, by=by, site_url=site_url)
            transaction.on_commit(email_message.send)
            return Invitation(membership=membership, outcome=InvitationOutcome.RESENT)
        raise Conflict(
            _("%(name)s est déjà rattaché·e à %(org)s : modifiez son rattachement dans la liste des membres.")
            % {"name": membership.user.get_full_name() or email, "org": organisation.name},
            code="already_member",
        )
    if user is None:
        user = User.objects.create_user(email=email, password=None, first_name=first_name, last_name=last_name)
        outcome = InvitationOutcome.CREATED
    else:
        outcome = InvitationOutcome.ADDED if membership is None else InvitationOutcome.REOPENED
    if membership is None:
        membership = Membership(user=user, organisation=organisation)
    membership.role, membership.fte_share = role, fte_share
    membership.starts_on, membership.ends_on = starts_on or today, ends_on
    membership.full_clean()
    membership.save()
    email_message = _invitation_email(user=user, organisation=organisation, by=by, site_url=site_url)
    transaction.on_commit(email_message.send)
    return Invitation(membership=membership, outcome=outcome)


@transaction.atomic
def membership_update(
    *,
    membership: Membership,
    by: User,
    acting: Membership | None,
    role: str,
    fte_share: Decimal | None,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
) -> tuple[Membership, Changes]:
    """Change a member's role, FTE share or dates (a secondment); returns what changed."""
    current = Membership.objects.select_for_update().select_related("user", "organisation").get(pk=membership.pk)
    if not permissions.can_change_member(by, acting, current):
        raise PermissionDenied(_("Vous ne pouvez pas modifier ce rattachement."))
    today = timezone.localdate()
    if current.ends_on is not None and current.ends_on < today:
        raise Conflict(
            _("Ce rattachement est terminé : invitez de nouveau la personne pour la rattacher."),
            code="membership_ended",
        )
    wanted = {"role": role, "fte_share": fte_share, "starts_on": starts_on, "ends_on": ends_on}
    changes: Changes = {
        name: (getattr(current, name), value) for name, value in wanted.items() if getattr(current, name) != value
    }
    if not changes:
        return current, changes
    if "role" in changes:
        _require_grantable(by=by, acting=acting, organisation=current.organisation, role=role)
    _require_valid_terms(fte_share=fte_share, starts_on=starts_on, ends_on=ends_on if "ends_on" in changes else None)
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("La date de fin précède la date de début.")}, code="membership_terms")
    keeps_managing = (
        role in permissions.MANAGING_ROLES and (starts_on is None or starts_on <= today) and ends_on is None
    )
    if _manages_now(current, today) and not keeps_managing:
        _require_another_manager(membership=current, by=by)
    for name, (_old, value) in changes.items():
        setattr(current, name, value)
    current.full_clean()
    current.save(update_fields=list(changes))
    return current, changes


@transaction.atomic
def membership_end(*, membership: Membership, by: User, acting: Membership | None) -> tuple[Membership, Changes]:
    """Remove a member from the organisation now: the membership ends yesterday, so it gives no access from now on
    (memberships count whole days). The account stays: the person may belong to other organisations."""
    current = Membership.objects.select_for_update().select_related("user", "organisation").get(pk=membership.pk)
    if not permissions.can_change_member(by, acting, current):
        raise PermissionDenied(_("Vous ne pouvez pas modifier ce rattachement."))
    today = timezone.localdate()
    if current.ends_on is not None and current.ends_on < today:
        raise Conflict(_("Ce rattachement est déjà terminé."), code="membership_ended")
    if _manages_now(current, today):
        _require_another_manager(membership=current, by=by)
    changes: Changes = {"ends_on": (current.ends_on, today - datetime.timedelta(days=1))}
    current.ends_on = today - datetime.timedelta(days=1)
    current.save(update_fields=["ends_on"])
    return current, changes


@transaction.atomic
def user_deactivate(*, user: User, by: User) -> int:
    """Close an account (platform administrators only): it no longer logs in and every membership ends now.

    Unlike a manager's removal, this may leave an organisation without a manager: closing the account of someone
    who left must never wait for their replacement. Returns how many memberships ended."""
    if not permissions.can_deactivate_account(by, user):
        raise PermissionDenied(_("Seuls les administrateurs de la plateforme désactivent un compte, jamais le leur."))
    current = User.objects.select_for_update().get(pk=user.pk)
    if not current.is_active:
        raise Conflict(_("Ce compte est déjà désactivé."), code="account_deactivated")
    current.is_active = False
    current.save(update_fields=["is_active"])
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    return Membership.objects.active().filter(user=current).update(ends_on=yesterday)
