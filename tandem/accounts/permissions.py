"""Who may do what with accounts and tokens: one function per rule."""

from __future__ import annotations

from typing import TypeGuard

from tandem.accounts.enums import Role
from tandem.accounts.models import Membership, User
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation, PartnershipLink

MANAGING_ROLES = {Role.MANAGER, Role.ADMINISTRATOR}
NOMINATIVE_ROLES = {Role.ADVISER, Role.EMPLOYER_RELATIONS, Role.MANAGER, Role.ADMINISTRATOR}
# The roles a partner system's token may act with: never administrator.
TOKEN_ROLES = [Role.ADVISER, Role.EMPLOYER_RELATIONS, Role.MANAGER, Role.OBSERVER]
# How much each role may do: a token never gets more than the person who creates it. Keyed by the stored role.
ROLE_RANK: dict[str, int] = {
    Role.OBSERVER: 0,
    Role.ADVISER: 1,
    Role.EMPLOYER_RELATIONS: 1,
    Role.MANAGER: 2,
    Role.ADMINISTRATOR: 3,
}
# State services see aggregates only, whoever acts for them.
OBSERVER_ONLY_KINDS = {OrganisationKind.STATE_SERVICE}


def can_manage_api_tokens(user: User, membership: Membership | None) -> bool:
    return membership is not None and membership.user_id == user.pk and membership.role in MANAGING_ROLES


def roles_allowed_in(organisation: Organisation) -> list[str]:
    """The roles anyone (person or token) may hold in this organisation."""
    if organisation.kind in OBSERVER_ONLY_KINDS:
        return [Role.OBSERVER]
    return list(Role.values)


def token_roles_grantable(*, user: User, organisation: Organisation) -> list[str]:
    """The roles this user may give a token of the organisation: allowed there, and none above their own."""
    if user.is_administrator:
        ceiling = ROLE_RANK[Role.MANAGER]
    else:
        roles = Membership.objects.active().filter(user=user, organisation=organisation).values_list("role", flat=True)
        if not any(role in MANAGING_ROLES for role in roles):
            return []
        ceiling = max(ROLE_RANK[role] for role in roles)
    allowed = roles_allowed_in(organisation)
    return [role for role in TOKEN_ROLES if role in allowed and ROLE_RANK[role] <= ceiling]


def can_edit_organisation(user: User, membership: Membership | None, organisation: Organisation) -> bool:
    """Its managers and administrators edit an organisation (coverage, details); platform admins edit any."""
    if user.is_administrator:
        return True
    return (
        membership is not None and membership.organisation_id == organisation.pk and membership.role in MANAGING_ROLES
    )


def can_see_nominative_data(membership: Membership | None) -> TypeGuard[Membership]:
    """Observers (State services) see aggregates only."""
    return membership is not None and membership.role in NOMINATIVE_ROLES


def role_ceiling(user: User, membership: Membership | None) -> int | None:
    """The highest role rank this caller may give or touch: their own role's (a platform administrator's is the
    administrator's); None for anyone who manages no organisation."""
    if user.is_administrator:
        return ROLE_RANK[Role.ADMINISTRATOR]
    if membership is None or membership.user_id != user.pk or membership.role not in MANAGING_ROLES:
        return None
    return ROLE_RANK[membership.role]


def member_roles_grantable(*, user: User, membership: Membership | None, organisation: Organisation) -> list[str]:
    """The roles this caller may give a member of the organisation: allowed there, and none above their own."""
    ceiling = role_ceiling(user, membership)
    if ceiling is None or not can_edit_organisation(user, membership, organisation):
        return []
    allowed = roles_allowed_in(organisation)
    return [role for role in Role.values if role in allowed and ROLE_RANK[role] <= ceiling]


def can_change_member(user: User, membership: Membership | None, target: Membership) -> bool:
    """The organisation's managers change its members' memberships, never one above their own rank."""
    ceiling = role_ceiling(user, membership)
    return (
        ceiling is not None
        and can_edit_organisation(user, membership, target.organisation)
        and ROLE_RANK[target.role] <= ceiling
    )


def can_manage_partnership_link(
    user: User, membership: Membership | None, organisation: Organisation, link: PartnershipLink
) -> bool:
    """A link is managed from either side: the managers of each of its two organisations (and administrators)."""
    return organisation.pk in (link.organisation_a_id, link.organisation_b_id) and can_edit_organisation(
        user, membership, organisation
    )


def can_deactivate_account(user: User, target: User) -> bool:
    """Only platform administrators close an account (a manager ends a membership); never their own."""
    return user.is_administrator and target.pk != user.pk
