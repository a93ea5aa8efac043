"""Small queries compiled by the ORM once per process and database, then bound to each call's values.

A page that reads an organisation's partners or territory paid the ORM's compiling of those small queries at every
request (1.5–2 ms each, more than the database's answer). `compiled_once` builds the query with stand-ins for the
values, compiles it once, and at each call puts the call's values where the stand-ins were.

The query must take the values as they are (no value computed from them, no branch on them: the stand-ins are
what it sees) and hold no other parameter: compiling refuses a parameter that is not a stand-in, and a value that
does not reach the SQL.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.db.models import QuerySet

Sql = tuple[str, list[Any]]

# Two sets of stand-ins, each value its own within a set: integers far below any key, then small positive ones
# (within every integer field's range, so that a condition the first set made void or always true shows).
_STAND_INS = (-918_273_645, 32_000)
_COMPILED: dict[tuple[str, str], tuple[str, tuple[str, ...], tuple[type, ...]]] = {}


def _stand_in(base: int, position: int, value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        raise TypeError(f"no stand-in for {value!r}: pass ids, text or days")
    if isinstance(value, int):
        return base + position if base > 0 else base - position
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return datetime.date(1001 + position + (base % 500), 1, 1)
    if isinstance(value, str):
        return f"\x1fstand-in-{base}-{position}\x1f"
    raise TypeError(f"no stand-in for {type(value).__name__}")


def _adapted(value: Any) -> Any:
    """A value as the ORM hands it to the driver (a day is text on SQLite)."""
    if isinstance(value, datetime.date):
        return connection.ops.adapt_datefield_value(value)
    return value


def _compiled(
    name: str, build: Callable[..., QuerySet[Any]], values: dict[str, Any], base: int
) -> tuple[str, tuple[str, ...]]:
    stand_ins = {
        value_name: _stand_in(base, position, value) for position, (value_name, value) in enumerate(values.items())
    }
    names_of = {_adapted(stand_in): value_name for value_name, stand_in in stand_ins.items()}
    sql, params = build(**stand_ins).query.sql_with_params()
    unknown = [param for param in params if param not in names_of]
    if unknown:
        raise ValueError(f"{name}: parameters that are not the values: {unknown}")
    slots = tuple(names_of[param] for param in params)
    if set(slots) != set(values):
        raise ValueError(f"{name}: values the query does not read: {sorted(set(values) - set(slots))}")
    return sql, slots


def compiled_once(name: str, build: Callable[..., QuerySet[Any]], **values: Any) -> Sql:
    """The SQL of `build(**values)` and its parameters: compiled once per process and database under `name`, the
    values bound again at each call. Compiled with two sets of stand-ins, which must give the same SQL: a query
    whose text changes between them (a branch on the values that they take apart, a condition an out-of-range
    integer makes void) is refused; and each call's values must be of the first call's types."""
    key = (name, connection.vendor)
    if key not in _COMPILED:
        first, second = (_compiled(name, build, values, base) for base in _STAND_INS)
        if first != second:
            raise ValueError(f"{name}: the query's text depends on its values")
        _COMPILED[key] = (*first, tuple(type(value) for value in values.values()))
    sql, slots, types = _COMPILED[key]
    if tuple(type(value) for value in values.values()) != types:
        raise TypeError(f"{name}: values of other types than when compiled: {values}")
    return sql, [_adapted(values[slot]) for slot in slots]


def fetch_all(sql: Sql) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql[0], sql[1])
        return cursor.fetchall()
