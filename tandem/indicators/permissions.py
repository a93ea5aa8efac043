"""Who reads an indicator for which scope (docs/indicators.md).

Figures are aggregates, never names; still, a small organisation's figures could point at a few people, and they
are shown unmasked to those who hold them. So:
- the territories (the nation, a région, a département, an EPCI, a commune) are read by every member, observers
  included;
- an organisation's figures by its own members (a Mission Locale's with its sites' staff), administrators, and the
  State's observers (who follow the partnership's organisations; secrecy masks small figures for them);
- an adviser's figures by the adviser and by the managers of an organisation the adviser belongs to;
- a convention's by whoever may see the convention (partnerships.permissions.can_see_convention).
Anything else is answered as if the scope did not exist (404).

Statistical secrecy (tandem.core.secrecy, docs/secrecy.md) masks small figures for whoever does not hold the data
(secrecy_applies).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404

from tandem.accounts.enums import Role
from tandem.accounts.models import Membership, User
from tandem.indicators.scopes import ADVISER, CONVENTION, ORGANISATION, RECORD_UNKNOWN, Scope, scope_parse
from tandem.organisations.models import Organisation
from tandem.organisations.selectors import acting_for_ids
from tandem.partnerships.models import Convention, ConventionParty
from tandem.partnerships.permissions import can_see_convention


def holds_organisation_data(membership: Membership | None, organisation: Organisation) -> bool:
    """A member of the organisation (a Mission Locale's with its sites' staff, and the other way round) holds its
    data: its figures are theirs, unmasked."""
    if membership is None:
        return False
    ours = acting_for_ids(membership.organisation)
    return organisation.pk in ours or organisation.parent_id in ours


def readable_scope(text: str, user: User | None, membership: Membership | None) -> Scope:
    """The scope named, if the caller may read it: a ValidationError for text that means nothing or an unknown
    territory (what is expected), Http404 for a scope they may not read or a record that does not exist (the same
    answer, so that nobody learns which users, organisations or conventions exist)."""
    try:
        scope = scope_parse(text)
    except ValidationError as error:
        if error.code == RECORD_UNKNOWN:
            raise Http404 from error
        raise
    if not can_read_scope(user, membership, scope):
        raise Http404
    return scope


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
            and Membership.objects.active()
            .filter(user_id=int(scope.code), organisation_id__in=acting_for_ids(membership.organisation))
            .exists()
        )
    if scope.kind == CONVENTION:
        convention = Convention.objects.filter(pk=int(scope.code)).first()
        return convention is not None and can_see_convention(user, membership, convention)
    return membership is not None or user is not None


def secrecy_applies(user: User | None, membership: Membership | None, scope: Scope) -> bool:
    """Whether small figures (1 to 4 people) are masked for this reader of this scope: not for whoever holds the
    data. Administrators read everything unmasked; an organisation's figures are held by its own members (a Mission
    Locale's with its sites' staff) and masked for an observer; an adviser's are read only by the adviser and their
    managers (can_read_scope), who hold them; a convention's are held by its own parties (the caller's
    organisation, or its Mission Locale for a site's staff), observers excepted, and masked for anyone else who sees
    the convention (an observer, a party of a convention under it). Every territory (commune, EPCI, département,
    région, nation) is masked for everyone but administrators: a Mission Locale reading its département does not
    hold its neighbours' data. One query for an organisation or a convention, none otherwise."""
    if user is not None and user.is_administrator:
        return False
    if scope.kind == ADVISER:
        return False
    if scope.kind == ORGANISATION:
        organisation = Organisation.objects.filter(pk=int(scope.code)).first()
        return organisation is None or not holds_organisation_data(membership, organisation)
    if scope.kind == CONVENTION:
        # Held by the convention's own parties only: a State service (an observer) is masked even as a party, and
        # a party of one local convention reading the regional one does not hold its neighbours' data.
        if membership is None or membership.role == Role.OBSERVER:
            return True
        return not ConventionParty.objects.filter(
            convention_id=int(scope.code), organisation_id__in=acting_for_ids(membership.organisation)
        ).exists()
    return True
