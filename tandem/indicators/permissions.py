"""Who reads an indicator for which scope (docs/indicators.md).

Figures are aggregates, never names; still, until statistical secrecy masks small cells, a small organisation's
figures could point at a few people. So:
- the territories (the nation, a région, a département, an EPCI, a commune) are read by every member, observers
  included;
- an organisation's figures by its own members (a Mission Locale's with its sites' staff), administrators, and the
  State's observers (who follow the partnership's organisations; secrecy masks small figures for them);
- an adviser's figures by the adviser and by the managers of an organisation the adviser belongs to;
- a convention's by whoever may see the convention (partnerships.permissions.can_see_convention).
Anything else is answered as if the scope did not exist (404).
"""

from __future__ import annotations

from tandem.accounts.enums import Role
from tandem.accounts.models import Membership, User
from tandem.indicators.scopes import ADVISER, CONVENTION, ORGANISATION, Scope
from tandem.organisations.models import Organisation
from tandem.organisations.selectors import acting_for_ids
from tandem.partnerships.models import Convention
from tandem.partnerships.permissions import can_see_convention


def holds_organisation_data(membership: Membership | None, organisation: Organisation) -> bool:
    """A member of the organisation (a Mission Locale's with its sites' staff, and the other way round) holds its
    data: its figures are theirs, unmasked."""
    if membership is None:
        return False
    ours = acting_for_ids(membership.organisation)
    return organisation.pk in ours or organisation.parent_id in ours


def can_read_scope(user: User | None, membership: Membership | None, scope: Scope) -> bool:
    if user is not None and user.is_administrator:
        return True
    if scope.kind == ORGANISATION:
        if membership is None:
            return False
        organisation = Organisation.objects.filter(pk=int(scope.code)).first()
        if organisation is None:
            return False
        # A State observer follows the partnership's organisations (their figures masked by secrecy).
        return membership.role == Role.OBSERVER or holds_organisation_data(membership, organisation)
    if scope.kind == ADVISER:
        if user is not None and user.pk == scope.adviser_id:
            return True
        return (
            membership is not None
            and membership.role == Role.MANAGER
            and Membership.objects.filter(
                user_id=int(scope.code), organisation_id__in=acting_for_ids(membership.organisation)
            ).exists()
        )
    if scope.kind == CONVENTION:
        convention = Convention.objects.filter(pk=int(scope.code)).first()
        return convention is not None and can_see_convention(user, membership, convention)
    return membership is not None or user is not None
