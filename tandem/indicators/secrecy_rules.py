"""Statistical secrecy as a dashboard applies it: whether it applies to this reader and this scope, and how a
figure is masked (docs/indicators.md, "Statistical secrecy")."""

from __future__ import annotations

from tandem.accounts.models import Membership, User
from tandem.core.secrecy import is_primary, mask_series
from tandem.indicators.dashboards import Figure, Protect, shown_as_is
from tandem.indicators.periods import Period
from tandem.indicators.permissions import secrecy_applies
from tandem.indicators.registry import CATALOGUE, COUNT, Indicator, IndicatorValue
from tandem.indicators.scopes import Scope


def _is_small(count: int | float | None) -> bool:
    return count is not None and is_primary(int(count))


def protect_figure(figure: IndicatorValue, unit: str) -> Figure:
    """A lone figure: a count of 1 to 4 people is masked; so is a median of 1 to 4 delays, and a rate or a ratio
    whose numerator, denominator or their difference is. A column of counts published with its total goes through
    `protect_column` instead."""
    if unit == COUNT and _is_small(figure.value):
        return Figure(None, masked=True)
    if _is_small(figure.count):  # a median of 1 to 4 delays tells each of them
        return Figure(None, masked=True)
    if figure.numerator is not None and figure.denominator is not None:
        # A rate or a ratio over few people points at them; so does its complement (6 accepted of 8: 2 refused).
        counts = (figure.numerator, figure.denominator, max(figure.denominator - figure.numerator, 0))
        if any(_is_small(n) for n in counts):
            return Figure(None, masked=True)
    return Figure(figure.value)


def protector(user: User | None, membership: Membership | None, scope: Scope) -> tuple[Protect, bool]:
    """How this reader's figures are shown for this scope, and whether secrecy applies."""
    if secrecy_applies(user, membership, scope):
        return protect_figure, True
    return shown_as_is, False


def gives_a_masked_part_away(indicator: Indicator, period: Period, scope: Scope) -> bool:
    """Whether the figure, read beside a split it discloses (`Indicator.discloses`) for the same scope and period,
    would let a part that split masks be worked out: then the figure is masked whole. Each answer of the API is
    masked on its own; this is the rule that keeps two answers from being subtracted."""
    for code in indicator.discloses:
        split = mask_series(CATALOGUE[code].compute(period, scope).breakdown, total_shown=True)
        if split.masked or split.total_masked:
            return True
    return False
