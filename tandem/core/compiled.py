"""Small queries compiled by the ORM once per process and database, then bound to each call's values.

A page that reads an organisation's partners or territory paid the ORM's compiling of those small queries at every
request (1.5–2 ms each, more than the database's answer). `compiled_once` builds the query with stand-ins for the
values, compiles it once, and at each call puts the call's values where the stand-ins were.

The query must take the values as they are (no value computed from them, no branch on them: the stand-ins are
what it sees) and hold no other parameter: compiling refuses a parameter that is not a stand-in, and a value that
does not reach the SQL. A query that also reads what a `key` names (an organisation's sites, its kind, the day) is
compiled once per key, its other parameters kept as compiled: the key must name everything they come from. The
test suite checks that at every call (`VERIFY`, set by tests/conftest.py): the query is compiled again and must
be the one kept.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable, Hashable
from typing import Any

from django.db import connection
from django.db.models import QuerySet

Sql = tuple[str, list[Any]]

# Two sets of stand-ins, each value its own within a set: integers far below any id, then small positive ones
# (within every integer field's range, so that a condition the first set made void or always true shows), moved
# past any parameter kept as compiled that they would equal.
_STAND_INS = (-918_273_645, 32_000)
# Queries compiled under a key (an organisation's, a day's) kept at most: past that, all of them are dropped and
# compiled again as asked (a day's keys for a few thousand organisations fit).
_KEYED_BOUND = 4096
# What a builder passes for a value the query must not read (a feature that only shapes it): refused if it reaches
# the SQL, where under a key it would be kept as compiled.
UNREAD = "\x1funread\x1f"
# Compile again at every call and check the kept query is that one (the test suite: a key that misses what the
# query reads fails the test that changes it).
VERIFY = False
# A slot: the name of the value bound there, or (as a 1-tuple) a parameter kept as compiled.
Slot = str | tuple[Any]
Compiled = tuple[str, tuple[Slot, ...]]
_COMPILED: dict[tuple[Any, ...], tuple[str, tuple[Slot, ...], tuple[type, ...]]] = {}
_LOCK = threading.Lock()


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
    name: str, build: Callable[..., QuerySet[Any]], values: dict[str, Any], base: int, *, keyed: bool
) -> Compiled:
    stand_ins = {
        value_name: _stand_in(base, position, value) for position, (value_name, value) in enumerate(values.items())
    }
    names_of = {_adapted(stand_in): value_name for value_name, stand_in in stand_ins.items()}
    sql, params = build(**stand_ins).query.sql_with_params()
    slots: list[Slot] = []
    for param in params:
        if isinstance(param, Hashable) and param in names_of:
            slots.append(names_of[param])
        elif param == UNREAD:
            raise ValueError(f"{name}: a value built as unread reaches the SQL")
        elif keyed:
            slots.append((param,))
        else:
            raise ValueError(f"{name}: parameters that are not the values: {param!r}")
    unread = set(values) - {slot for slot in slots if isinstance(slot, str)}
    if unread:
        raise ValueError(f"{name}: values the query does not read: {sorted(unread)}")
    return sql, tuple(slots)


def _second_base(first: Compiled, count: int) -> int:
    """The second set's base, past the integers kept as compiled (an organisation's id may be 32,001)."""
    kept = {slot[0] for slot in first[1] if isinstance(slot, tuple) and isinstance(slot[0], int)}
    base = _STAND_INS[1]
    while kept & set(range(base, base + count)):
        base += count + 100
    return base


def compiled_once(name: str, build: Callable[..., QuerySet[Any]], *, key: Hashable = None, **values: Any) -> Sql:
    """The SQL of `build(**values)` and its parameters: compiled once per process and database under `name` (and
    `key`, naming all else the query reads: its other parameters are then kept as compiled), the values bound again
    at each call. Compiled with two sets of stand-ins, which must give the same SQL: a query whose text changes
    between them (a branch on the values that they take apart, a condition an out-of-range integer makes void) is
    refused; and each call's values must be of the first call's types."""
    cache_key = (name, connection.vendor, key)
    types = tuple(type(value) for value in values.values())
    kept = _COMPILED.get(cache_key)
    if kept is not None and types != kept[2]:
        raise TypeError(f"{name}: values of other types than when compiled: {values}")
    if kept is None or VERIFY:
        compiled = _compiled_twice(name, build, values, keyed=key is not None)
        if kept is not None and kept[:2] != compiled:
            raise AssertionError(f"{name}: the query kept under {key!r} is not the query compiled afresh")
        if kept is None:
            kept = (*compiled, types)
            with _LOCK:  # (threads: the dict is the process's)
                if key is not None and len(_COMPILED) >= _KEYED_BOUND:
                    for stale in [entry for entry in _COMPILED if entry[2] is not None]:
                        _COMPILED.pop(stale, None)
                _COMPILED[cache_key] = kept
    sql, slots, _types = kept
    return sql, [slot[0] if isinstance(slot, tuple) else _adapted(values[slot]) for slot in slots]


def _compiled_twice(name: str, build: Callable[..., QuerySet[Any]], values: dict[str, Any], *, keyed: bool) -> Compiled:
    first = _compiled(name, build, values, _STAND_INS[0], keyed=keyed)
    second = _compiled(name, build, values, _second_base(first, len(values)), keyed=keyed)
    if first != second:
        raise ValueError(f"{name}: the query's text depends on its values")
    return first


def forget(name: str, key: Hashable) -> None:
    """Drop what was compiled under `name` and `key` (compiled across midnight under the day before's key)."""
    with _LOCK:
        _COMPILED.pop((name, connection.vendor, key), None)


def fetch_all(sql: Sql) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql[0], sql[1])
        return cursor.fetchall()
