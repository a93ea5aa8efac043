"""API of the indicators (docs/indicators.md): the catalogue, and a value by code, period and scope.

Figures are aggregates only, never names. The territories (nation, région, département) are read by any
authenticated caller (a partner's token, a logged-in member, observers included); an organisation's figures by its
own members, a convention's by whoever sees it (tandem.indicators.permissions: until statistical secrecy masks small
cells, a small organisation's figures could point at a few people). 404: no such indicator, or a scope the caller
may not read; 422: a period or scope that means nothing (the message says what is expected).
"""

# No postponed annotations here: django-ninja reads the types at run time.

from ninja import Router, Schema
from ninja.errors import HttpError

from tandem.api.auth import ApiHttpRequest, acting_user, membership_of
from tandem.api.errors import refused_as_not_found
from tandem.indicators import selectors
from tandem.indicators.periods import period_parse
from tandem.indicators.permissions import can_read_scope
from tandem.indicators.registry import UNITS, Indicator
from tandem.indicators.scopes import scope_parse

router = Router(tags=["indicators"])


class IndicatorOut(Schema):
    code: str
    name: str
    definition: str
    unit: str
    unit_label: str
    family: str


class IndicatorValueOut(Schema):
    """The value (null when it cannot be computed: a rate over nothing, a median of no delay); for a rate, its
    numerator and denominator; the split when the indicator has one."""

    code: str
    period: str
    scope: str
    unit: str
    value: float | None
    numerator: int | None
    denominator: int | None
    breakdown: dict[str, int]


def _out(indicator: Indicator) -> dict[str, str]:
    return {
        "code": indicator.code,
        "name": str(indicator.name),
        "definition": str(indicator.definition),
        "unit": indicator.unit,
        "unit_label": str(UNITS[indicator.unit]),
        "family": indicator.family,
    }


@router.get("", response=list[IndicatorOut], summary="The catalogue of indicators, with their definitions")
def catalogue(request: ApiHttpRequest):
    return [_out(indicator) for indicator in selectors.indicator_catalogue()]


@router.get(
    "/{code}",
    response=IndicatorValueOut,
    summary="An indicator's value for a period and a scope",
    description=(
        "`period`: a month (2026-03), a quarter (2026-Q1) or a year (2026). `scope`: nation, region:<INSEE code>, "
        "departement:<INSEE code>, organisation:<id> (with a Mission Locale's sites) or convention:<id>."
    ),
)
def value(request: ApiHttpRequest, code: str, period: str, scope: str = "nation"):
    indicator = refused_as_not_found(lambda: selectors.indicator_get(code=code))
    the_period, the_scope = period_parse(period), scope_parse(scope)
    if not can_read_scope(acting_user(request), membership_of(request), the_scope):
        raise HttpError(404, "Not found")
    figure = indicator.compute(the_period, the_scope)
    return {
        "code": indicator.code,
        "period": the_period.label,
        "scope": the_scope.label,
        "unit": indicator.unit,
        "value": figure.value,
        "numerator": figure.numerator,
        "denominator": figure.denominator,
        "breakdown": figure.breakdown,
    }
