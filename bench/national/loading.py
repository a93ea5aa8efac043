"""Bulk loading of generated rows: COPY on PostgreSQL, batched INSERTs on SQLite.

Rows are tuples in the order of the columns named; ids are given by the generator (so that rows can point at
each other without reading anything back), and the sequences are moved past them at the end.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models

BATCH = 20_000


def _sqlite_value(value: Any) -> Any:
    """What Django itself would store on SQLite: naive UTC datetimes, ISO dates, JSON text, 0/1."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def _pg_value(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def table_load(
    model: type[models.Model] | str,
    columns: Sequence[str],
    rows: Iterable[tuple[Any, ...]],
    *,
    advance: Callable[[int], None] | None = None,
) -> int:
    """Append the rows to the model's table (or a table named by its db_table); returns how many."""
    table = model if isinstance(model, str) else model._meta.db_table
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg 3's own cursor: COPY … FROM STDIN streams the rows
            with raw.copy(f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([_pg_value(value) for value in row])
                    count += 1
                    if advance is not None and count % BATCH == 0:
                        advance(BATCH)
        else:
            sql = (
                f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({', '.join('%s' for _ in columns)})"
            )
            batch: list[list[Any]] = []
            for row in rows:
                batch.append([_sqlite_value(value) for value in row])
                count += 1
                if len(batch) == BATCH:
                    cursor.executemany(sql, batch)
                    batch.clear()
                    if advance is not None:
                        advance(BATCH)
            if batch:
                cursor.executemany(sql, batch)
    if advance is not None and count % BATCH:
        advance(count % BATCH)
    return count


def next_id(model: type[models.Model]) -> int:
    """The first free id of a table (the generator appends after whatever is there)."""
    last = model._default_manager.aggregate(last=models.Max("pk"))["last"]
    return (last or 0) + 1


def sequences_reset(models_: Iterable[type[models.Model]]) -> None:
    """Move PostgreSQL's id sequences past the ids the generator gave (SQLite needs nothing)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_))
    if not statements:
        return
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def analyse() -> None:
    """Fresh planner statistics after a bulk load (PostgreSQL's ANALYZE, SQLite's ANALYZE)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
