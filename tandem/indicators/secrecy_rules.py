"""Statistical secrecy as a dashboard applies it: whether it applies to this reader and this scope, and how a
figure is masked (docs/indicators.md, "Statistical secrecy")."""

from __future__ import annotations

from django.db.models import Q

from tandem.accounts.models import Membership, User
from tandem.indicators.dashboards import Figure, Protect, shown_as_is
from tandem.indicators.permissions import holds_organisation_data
from tandem.indicators.registry import COUNT, RATE, IndicatorValue
from tandem.indicators.scopes import ADVISER, CONVENTION, ORGANISATION, Scope
from tandem.organisations.models import Organisation
from tandem.organisations.selectors import acting_for_ids
from tandem.partnerships.models import ConventionParty

THRESHOLD = 5


def _is_small(count: int | float | None) -> bool:
    return count is not None and 0 < count < THRESHOLD


def _applies(user: User | None, membership: Membership | None, scope: Scope) -> bool:
    """Secrecy applies outside the organisation that holds the data: not for an administrator, an organisation's
    own members, an adviser's scope (the adviser and their managers), a convention's parties; always for a
    territory (a Mission Locale reading its département does not hold its neighbours' data) and for an observer."""
    if user is not None and user.is_administrator:
        return False
    if scope.kind == ADVISER:
        return False
    if scope.kind == ORGANISATION:
        organisation = Organisation.objects.filter(pk=int(scope.code)).first()
        return organisation is None or not holds_organisation_data(membership, organisation)
    if scope.kind == CONVENTION:
        if membership is None:
            return True
        parties = ConventionParty.objects.filter(
            Q(convention_id=int(scope.code)) | Q(convention__parent_id=int(scope.code)),
            organisation_id__in=acting_for_ids(membership.organisation),
        )
        return not parties.exists()
    return True


def protect_figure(figure: IndicatorValue, unit: str) -> Figure:
    """A count of 1 to 4 people is masked; so is a rate whose numerator or denominator is."""
    if unit == COUNT and _is_small(figure.value):
        return Figure(None, masked=True)
    if unit == RATE and (_is_small(figure.numerator) or _is_small(figure.denominator)):
        return Figure(None, masked=True)
    return Figure(figure.value)


def protector(user: User | None, membership: Membership | None, scope: Scope) -> tuple[Protect, bool]:
    """How this reader's figures are shown for this scope, and whether secrecy applies."""
    if _applies(user, membership, scope):
        return protect_figure, True
    return shown_as_is, False
