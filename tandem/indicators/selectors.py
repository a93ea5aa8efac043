"""Reads of the indicators: the catalogue, a value by code, period and scope, and a convention against its target.
Figures are aggregates only (no names): any authenticated caller may read them (statistical secrecy is the next
step of issue 14: docs/indicators.md)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max
from django.http import Http404

from tandem.accounts.enums import Role
from tandem.accounts.models import Membership, User
from tandem.indicators.periods import Period, year_period
from tandem.indicators.registry import CATALOGUE, Indicator, IndicatorValue
from tandem.indicators.scopes import CONVENTION, DEPARTEMENT, NATION, ORGANISATION, REGION, Scope
from tandem.organisations.enums import OrganisationKind
from tandem.partnerships.enums import Indicator as TargetIndicator
from tandem.partnerships.models import Convention, Target


def indicator_catalogue() -> list[Indicator]:
    return list(CATALOGUE.values())


def indicator_get(*, code: str) -> Indicator:
    try:
        return CATALOGUE[code]
    except KeyError as error:
        raise Http404(code) from error


def indicator_value(*, code: str, period: Period, scope: Scope) -> IndicatorValue:
    return indicator_get(code=code).compute(period, scope)


@dataclass(frozen=True)
class TargetComparison:
    """A convention's figure for a year against its target: the ratio is value ÷ target (None without a target,
    or a target of zero)."""

    value: int
    target: Decimal | None
    ratio: float | None


def convention_referrals_against_target(*, convention: Convention, year: int) -> TargetComparison:
    """Referrals proposed between the convention's parties during the year against its REFERRALS_PER_YEAR target
    for that year (two queries)."""
    figure = CATALOGUE["referrals_proposed"].compute(year_period(year), Scope(CONVENTION, str(convention.pk)))
    target = (
        Target.objects.filter(convention=convention, indicator=TargetIndicator.REFERRALS_PER_YEAR, year=year)
        .values_list("value", flat=True)
        .first()
    )
    value = int(figure.value or 0)
    ratio = round(value / float(target), 3) if target else None
    return TargetComparison(value=value, target=target, ratio=ratio)


def home_scope(user: User | None, membership: Membership | None) -> Scope:
    """The dashboard a member opens first: an observer's territory (the smallest one holding the communes their
    organisation covers: a DDETS its département, a DREETS its région), an administrator's nation, everyone else's
    organisation (a site's staff their Mission Locale's)."""
    if membership is None or (user is not None and user.is_administrator and membership.role == Role.ADMINISTRATOR):
        return Scope(NATION)
    organisation = membership.organisation
    if membership.role == Role.OBSERVER:
        covered = organisation.coverage.aggregate(
            departements=Count("departement", distinct=True),
            regions=Count("region", distinct=True),
            departement=Max("departement"),
            region=Max("region"),
        )
        if covered["departements"] == 1:
            return Scope(DEPARTEMENT, covered["departement"])
        if covered["regions"] == 1:
            return Scope(REGION, covered["region"])
        if covered["regions"] == 0 and organisation.commune is not None and organisation.commune.region_id:
            return Scope(REGION, organisation.commune.region_id)
        return Scope(NATION)
    if organisation.kind == OrganisationKind.ML_SITE and organisation.parent_id:
        return Scope(ORGANISATION, str(organisation.parent_id))
    return Scope(ORGANISATION, str(organisation.pk))
