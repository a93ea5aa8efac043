"""Aggregates the indicators need beyond Django's: the median of a duration."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connections
from django.db.models import Aggregate, Count, DurationField, Expression, QuerySet

from tandem.indicators.registry import IndicatorValue

SECONDS_PER_DAY = 86400


class Median(Aggregate):
    """PostgreSQL's continuous median (the mean of the two middle values for an even count)."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def median_days(rows: QuerySet[Any], delay: Expression) -> IndicatorValue:
    """The median of `delay` (a duration) over `rows`, in days with one decimal (None over no row), with the number
    of delays it is the median of (`count`: statistical secrecy masks a median of 1 to 4 delays).

    PostgreSQL computes both in one query (percentile_cont). Elsewhere (SQLite, which has no ordered-set
    aggregate) two queries whatever the number of rows: the count, then the one or two middle values read with
    ORDER BY … LIMIT 2 OFFSET (n - 1) / 2 — the same continuous median, never a Python loop over the rows."""
    if connections[rows.db].vendor == "postgresql":
        found = rows.aggregate(median=Median(delay), count=Count(delay))
        median: datetime.timedelta | None = found["median"]
        days = None if median is None else round(median.total_seconds() / SECONDS_PER_DAY, 1)
        return IndicatorValue(value=days, count=found["count"])
    delays = rows.annotate(delay=delay).filter(delay__isnull=False)
    count = delays.count()
    if count == 0:
        return IndicatorValue(value=None, count=0)
    middle = list(delays.order_by("delay").values_list("delay", flat=True)[(count - 1) // 2 : count // 2 + 1])
    seconds = sum(value.total_seconds() for value in middle) / len(middle)
    return IndicatorValue(value=round(seconds / SECONDS_PER_DAY, 1), count=count)
