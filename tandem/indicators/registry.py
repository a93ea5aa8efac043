"""The catalogue: each indicator declared once (code, French name, the definition shown to users, unit, and its
computation from the event log over a period and a scope). Families register theirs on import (apps.ready)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tandem.indicators.periods import Period
from tandem.indicators.scopes import Scope

COUNT, RATE, DAYS = "count", "rate", "days"
UNITS = {COUNT: _("nombre"), RATE: _("taux (%)"), DAYS: _("jours")}


@dataclass(frozen=True)
class IndicatorValue:
    """A figure: `value` (None when it cannot be computed: a rate over nothing, a median of no delay), the
    numerator and denominator of a rate, the split when the indicator has one (code → count), and the number of
    delays of a median."""

    value: float | int | None
    numerator: int | None = None
    denominator: int | None = None
    breakdown: dict[str, int] = field(default_factory=dict)
    # For a median: the number of delays it is the median of (secrecy masks a median of 1 to 4).
    count: int | None = None


@dataclass(frozen=True)
class Indicator:
    code: str
    name: Promise
    definition: Promise
    unit: str
    compute: Callable[[Period, Scope], IndicatorValue]
    family: str
    # Whether the figure counts people (young people, companies): statistical secrecy masks it when small. The
    # partnership's own running (seconded staff, committees held, actions done) is public to its readers.
    counts_people: bool = True
    # The splits (indicators with a breakdown) this figure, read beside them for the same scope and period, could
    # give a masked part of away: a rate of positive exits and the exits by reason (positive − employment =
    # training when the training exits are masked). Secrecy masks the figure whenever such a split masks a part
    # (secrecy_rules.gives_a_masked_part_away).
    discloses: tuple[str, ...] = ()


CATALOGUE: dict[str, Indicator] = {}


def indicator(
    *,
    code: str,
    name: Promise,
    definition: Promise,
    unit: str,
    family: str,
    counts_people: bool = True,
    discloses: tuple[str, ...] = (),
) -> Callable[[Callable[[Period, Scope], IndicatorValue]], Callable[[Period, Scope], IndicatorValue]]:
    """Declare a computation as an indicator of the catalogue."""

    def register(compute: Callable[[Period, Scope], IndicatorValue]) -> Callable[[Period, Scope], IndicatorValue]:
        if code in CATALOGUE:
            raise ValueError(f"Indicator {code} declared twice")
        CATALOGUE[code] = Indicator(
            code=code,
            name=name,
            definition=definition,
            unit=unit,
            compute=compute,
            family=family,
            counts_people=counts_people,
            discloses=discloses,
        )
        return compute

    return register


def rate(numerator: int, denominator: int) -> IndicatorValue:
    """A percentage with one decimal; none over an empty denominator."""
    value = round(100 * numerator / denominator, 1) if denominator else None
    return IndicatorValue(value=value, numerator=numerator, denominator=denominator)
