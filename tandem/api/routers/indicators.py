"""API of the indicators (docs/indicators.md): the catalogue, and a value by code, period and scope.

Figures are aggregates only, never names. The territories (nation, région, département, EPCI, commune) are read by
any authenticated caller (a partner's token, a logged-in member, observers included); an organisation's figures by
its own members and the State's observers, an adviser's by the adviser and their managers, a convention's by whoever
sees it (tandem.indicators.permissions.can_read_scope). 404: no such indicator, a scope the caller may not read, or
an organisation, convention or user that does not exist (the same answer); 422: a period or scope that means
nothing, or an unknown territory (the message says what is expected).

Statistical secrecy (docs/secrecy.md) for whoever does not hold the data (permissions.secrecy_applies: everyone but
administrators on a territory, a convention's non-parties): a count of 1 to 4 is null with `masked: true`; a split is
masked with its total (tandem.core.secrecy.mask_series: the masked keys in `masked_breakdown`, their values null,
and the value null when the total is masked); a rate whose numerator, denominator or their difference is 1 to 4 is
null, with its numerator and denominator; a figure that, beside a split it adds parts of (a rate of positive exits and
the exits by reason), would give a masked part of that split away is null too (secrecy_rules.gives_a_masked_part_away).
A median of days over 1 to 4 delays is masked. Figures of the partnership's own running (governance: seconded
staff, committees, actions) count no people and are never masked.
"""

# No postponed annotations here: django-ninja reads the types at run time.

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from tandem.api.auth import ApiHttpRequest, acting_user, membership_of
from tandem.api.errors import refused_as_not_found
from tandem.core.secrecy import is_primary, mask_series
from tandem.indicators import selectors
from tandem.indicators.periods import YEAR, period_parse
from tandem.indicators.permissions import readable_scope, secrecy_applies
from tandem.indicators.registry import COUNT, UNITS, Indicator, IndicatorValue
from tandem.indicators.secrecy_rules import gives_a_masked_part_away

router = Router(tags=["indicators"])


class IndicatorOut(Schema):
    code: str
    name: str
    definition: str
    unit: str
    unit_label: str
    family: str


class IndicatorValueOut(Schema):
    """The value (null when it cannot be computed: a rate over nothing, a median of no delay; or when statistical
    secrecy masks it: then `masked` is true); for a rate, its numerator and denominator (null when masked); the split
    when the indicator has one, with the keys secrecy masks in `masked_breakdown` (their values null)."""

    code: str
    period: str
    scope: str
    unit: str
    value: float | None
    numerator: int | None
    denominator: int | None
    breakdown: dict[str, int | None]
    masked: bool
    masked_breakdown: list[str]


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
    the_period = period_parse(period)
    try:
        the_scope = readable_scope(scope, acting_user(request), membership_of(request))
    except Http404 as error:
        raise HttpError(404, "Not found") from error
    protected = indicator.counts_people and secrecy_applies(acting_user(request), membership_of(request), the_scope)
    if protected and the_period.kind != YEAR:
        # A month read alone would give away a month the dashboard masks with its neighbours (the year's total
        # minus the others): under secrecy, figures are read by year.
        raise HttpError(
            422,
            _("Sous le secret statistique, ce périmètre se lit par année (2026), pas par mois ni par trimestre."),
        )
    figure = indicator.compute(the_period, the_scope)
    shown = _published(indicator, figure) if protected else {}
    if protected and gives_a_masked_part_away(indicator, the_period, the_scope):
        shown |= {"value": None, "numerator": None, "denominator": None, "masked": True}
    return {
        "code": indicator.code,
        "period": the_period.label,
        "scope": the_scope.label,
        "unit": indicator.unit,
        "value": figure.value,
        "numerator": figure.numerator,
        "denominator": figure.denominator,
        "breakdown": figure.breakdown,
        "masked": False,
        "masked_breakdown": [],
    } | shown


def _published(indicator: Indicator, figure: IndicatorValue) -> dict[str, object]:
    """What secrecy changes in the answer: a count of 1 to 4 masked; a split masked with its total (the value is
    its total, or over-protected when it is not); a rate whose numerator, denominator or their difference (those
    not counted) is 1 to 4 masked with its numerator and denominator. Nothing when nothing is masked."""
    shown: dict[str, object] = {}
    masked = False
    if figure.breakdown:
        series = mask_series(figure.breakdown, total_shown=True)
        if series.masked or series.total_masked:
            shown |= {"breakdown": series.values, "masked_breakdown": list(series.masked)}
        masked = series.total_masked
    if indicator.unit == COUNT and isinstance(figure.value, int) and is_primary(figure.value):
        masked = True
    if figure.count is not None and is_primary(figure.count):  # a median of 1 to 4 delays tells each of them
        masked = True
    if figure.numerator is not None and figure.denominator is not None:
        # A rate or a ratio publishes its numerator and denominator, and those not counted (their difference).
        counts = (figure.numerator, figure.denominator, max(figure.denominator - figure.numerator, 0))
        masked = masked or any(is_primary(n) for n in counts)
    if masked:
        shown |= {"value": None, "numerator": None, "denominator": None, "masked": True}
    return shown
