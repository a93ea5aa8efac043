"""Who may do what with accounts and tokens: one function per rule."""

from __future__ import annotations

from tandem.accounts.enums import Role
from tandem.accounts.models import Membership, User
from tandem.organisations.models import Organisation

MANAGING_ROLES = {Role.MANAGER, Role.ADMINISTRATOR}
NOMINATIVE_ROLES = {Role.ADVISER, Role.EMPLOYER_RELATIONS, Role.MANAGER, Role.ADMINISTRATOR}


def can_manage_api_tokens(user: User, membership: Membership | None) -> bool:
    return membership is not None and membership.user_id == user.pk and membership.role in MANAGING_ROLES


def can_edit_organisation(user: User, membership: Membership | None, organisation: Organisation) -> bool:
    """Its managers and administrators edit an organisation (coverage, details); platform admins edit any."""
    if user.is_administrator:
        return True
    return (
        membership is not None and membership.organisation_id == organisation.pk and membership.role in MANAGING_ROLES
    )


def can_see_nominative_data(membership: Membership | None) -> bool:
    """Observers (State services) see aggregates only."""
    return membership is not None and membership.role in NOMINATIVE_ROLES
