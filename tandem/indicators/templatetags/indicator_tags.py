"""How a dashboard's figures read on a page and in its charts: a masked figure is « s », a rate has its %, a chart
gets its series as the JSON the State's chart components expect (x, y, name)."""

from __future__ import annotations

import json
from decimal import Decimal

from django import template
from django.utils import formats

from tandem.indicators.dashboards import Figure, Gauge, Row, Table
from tandem.indicators.registry import DAYS, RATE

register = template.Library()


def _number(value: float | int | Decimal) -> str:
    if isinstance(value, Decimal) and value == value.to_integral():
        value = int(value)
    return formats.number_format(
        value, decimal_pos=None if isinstance(value, int) else 1, use_l10n=True, force_grouping=True
    )


@register.filter
def figure(value: Figure, unit: str = "") -> str:
    if value.masked:
        return "s"
    if value.value is None:
        return "—"
    text = _number(value.value)
    if unit == RATE:
        return f"{text} %"
    if unit == DAYS:
        return f"{text} j"
    return text


@register.filter
def cells(row: Row, table: Table) -> list[str]:
    """A row's figures as text, each with its unit (the row's own, else its column's)."""
    units = row.units or table.units
    return [figure(value, units[index] if index < len(units) else "") for index, value in enumerate(row.figures)]


def _plain(value: Figure) -> float | None:
    return None if value.masked or value.value is None else float(value.value)


@register.filter
def chart_x(table: Table) -> str:
    return json.dumps([[row.label for row in table.rows]], ensure_ascii=False)


@register.filter
def chart_y(table: Table) -> str:
    columns = range(len(table.header))
    return json.dumps([[_plain(row.figures[column]) for row in table.rows] for column in columns])


@register.filter
def chart_names(table: Table) -> str:
    return json.dumps(table.header, ensure_ascii=False)


@register.filter
def gauge_percent(gauge: Gauge) -> float:
    """How far along the target, 0 to 100 (a PDF bar's width)."""
    value = _plain(gauge.value)
    if value is None or not gauge.target:
        return 0.0
    return round(min(100.0, 100 * value / float(gauge.target)), 1)


@register.filter
def bar_percent(value: Figure, table: Table) -> float:
    """A figure's share of its table's largest figure (a PDF bar's width)."""
    largest = max((_plain(f) or 0.0 for row in table.rows for f in row.figures), default=0.0)
    plain = _plain(value)
    return round(100 * plain / largest, 1) if plain and largest else 0.0


@register.filter
def bar_y(gauge: Gauge) -> str:
    return json.dumps([[_plain(gauge.value), float(gauge.target)]])
