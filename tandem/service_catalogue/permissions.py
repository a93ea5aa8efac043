"""Who may do what with the services catalogue: one function per rule (docs/service_catalogue.md).

- The catalogue is no personal data: every member of a partner reads it, observers included, so that advisers know
  who does what and the partners see where their services meet.
- A partner's managers (accounts.permissions.MANAGING_ROLES) keep its services: they create, change, deactivate
  and reactivate them. A Mission Locale's managers keep the services of its sites; a site's managers keep those
  given at their site. Nobody else learns more than a reader does: their writes answer 404.
"""

from __future__ import annotations

from typing import TypeGuard

from tandem.accounts.models import Membership
from tandem.accounts.permissions import MANAGING_ROLES
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation


def can_read_catalogue(membership: Membership | None) -> TypeGuard[Membership]:
    """Every member of a partner, observers included."""
    return membership is not None


def can_create_services(membership: Membership | None) -> TypeGuard[Membership]:
    """A manager adds services for their organisation (for a site's manager: at their site)."""
    return membership is not None and membership.role in MANAGING_ROLES


def services_owner(membership: Membership) -> tuple[Organisation, Organisation | None]:
    """For whom a manager adds a service: their organisation; for a Mission Locale's site, its Mission Locale at
    that site (a site is part of its Mission Locale: docs/access.md)."""
    organisation = membership.organisation
    if organisation.kind == OrganisationKind.ML_SITE and organisation.parent is not None:
        return organisation.parent, organisation
    return organisation, None


def can_manage_service(
    membership: Membership | None, organisation: Organisation, site: Organisation | None = None
) -> TypeGuard[Membership]:
    """The managers of the partner, or of the site the service is given at."""
    if not can_create_services(membership):
        return False
    return membership.organisation_id == organisation.pk or (site is not None and membership.organisation_id == site.pk)
