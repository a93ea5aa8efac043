"""The periods indicators are computed over: a month (`2026-03`), a quarter (`2026-Q1`) or a year (`2026`), from
midnight of its first day to midnight of the day after its last, in the platform's time zone (Europe/Paris)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

MONTH, QUARTER, YEAR = "month", "quarter", "year"
_PATTERNS = (
    (re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"), MONTH),
    (re.compile(r"^(\d{4})-[Qq]([1-4])$"), QUARTER),
    (re.compile(r"^(\d{4})$"), YEAR),
)


@dataclass(frozen=True)
class Period:
    kind: str  # MONTH, QUARTER or YEAR
    start: datetime.date

    @property
    def end(self) -> datetime.date:
        """The first day after the period (excluded)."""
        months = {MONTH: 1, QUARTER: 3, YEAR: 12}[self.kind]
        month_index = self.start.month - 1 + months
        return datetime.date(self.start.year + month_index // 12, month_index % 12 + 1, 1)

    @property
    def starts_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.start, datetime.time.min))

    @property
    def ends_at(self) -> datetime.datetime:
        """The first instant after the period (excluded)."""
        return timezone.make_aware(datetime.datetime.combine(self.end, datetime.time.min))

    @property
    def label(self) -> str:
        if self.kind == MONTH:
            return f"{self.start:%Y-%m}"
        if self.kind == QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)


def period_parse(text: str) -> Period:
    """`2026-03` (a month), `2026-Q1` (a quarter), `2026` (a year); anything else is a ValidationError saying what
    is expected."""
    value = (text or "").strip()
    for pattern, kind in _PATTERNS:
        match = pattern.match(value)
        if match is None:
            continue
        year = int(match.group(1))
        if not 2000 <= year <= 2100:
            break
        if kind == MONTH:
            return Period(MONTH, datetime.date(year, int(match.group(2)), 1))
        if kind == QUARTER:
            return Period(QUARTER, datetime.date(year, 3 * (int(match.group(2)) - 1) + 1, 1))
        return Period(YEAR, datetime.date(year, 1, 1))
    raise ValidationError(
        _(
            "Période « %(value)s » non reconnue : indiquez un mois (2026-03), un trimestre (2026-Q1) ou une année "
            "(2026), entre 2000 et 2100."
        )
        % {"value": value},
        code="period",
    )


def year_period(year: int) -> Period:
    return Period(YEAR, datetime.date(year, 1, 1))
