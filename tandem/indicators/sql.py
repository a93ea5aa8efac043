"""Aggregates the indicators need beyond Django's: the median of a duration."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connections
from django.db.models import Aggregate, DurationField, Expression, QuerySet

SECONDS_PER_DAY = 86400


class Median(Aggregate):
    """PostgreSQL's continuous median (the mean of the two middle values for an even count)."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def median_days(rows: QuerySet[Any], delay: Expression) -> float | None:
    """The median of `delay` (a duration) over `rows`, in days with one decimal; None over no row.

    PostgreSQL computes it in one aggregate (percentile_cont). Elsewhere (SQLite, which has no ordered-set
    aggregate) two queries whatever the number of rows: the count, then the one or two middle values read with
    ORDER BY … LIMIT 2 OFFSET (n - 1) / 2 — the same continuous median, never a Python loop over the rows."""
    if connections[rows.db].vendor == "postgresql":
        found: datetime.timedelta | None = rows.aggregate(median=Median(delay))["median"]
        return None if found is None else round(found.total_seconds() / SECONDS_PER_DAY, 1)
    count = rows.count()
    if count == 0:
        return None
    middle = list(
        rows.annotate(delay=delay).order_by("delay").values_list("delay", flat=True)[(count - 1) // 2 : count // 2 + 1]
    )
    seconds = sum(value.total_seconds() for value in middle) / len(middle)
    return round(seconds / SECONDS_PER_DAY, 1)
