"""Who may propose young people to a Mission Locale: one function per rule."""

from __future__ import annotations

from typing import TypeGuard

from tandem.accounts.enums import Role
from tandem.accounts.models import Membership
from tandem.organisations.enums import OrganisationKind

DESIGNATING_ROLES = {Role.ADVISER, Role.MANAGER, Role.ADMINISTRATOR}


def can_propose_designations(membership: Membership | None) -> TypeGuard[Membership]:
    """France Travail agency staff acting for their agency; everyone else gets a 404."""
    return (
        membership is not None
        and membership.organisation.kind == OrganisationKind.FT_AGENCY
        and membership.role in DESIGNATING_ROLES
    )
