"""Rows of a table written at once, every column given: COPY on PostgreSQL, multi-row INSERT elsewhere.

For the bulk import (tandem.designations.bulk) and its audit entries: thousands of rows a second, with their
primary keys known before they are written so that the rows that point to them are built in the same pass.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.db import connection, models, transaction


def ids_take(tables: Sequence[TableRows]) -> None:
    """Take the primary keys of every table's rows before any is written, so that rows point to one another:
    one query on PostgreSQL (the tables' sequences); elsewhere, above the highest number each table ever gave
    (SQLite holds its write lock from the transaction's start, transaction_mode IMMEDIATE: call it inside one)."""
    wanted = [table for table in tables if table.rows and table.ids is None]
    if not wanted:
        return
    if connection.vendor == "postgresql":
        parts, params = [], []
        for number, table in enumerate(wanted):
            pk = table.model._meta.pk
            assert pk is not None
            parts.append(f"SELECT {number}, nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)")
            params += [table.model._meta.db_table, pk.column, len(table.rows)]
        taken: list[list[int]] = [[] for _ in wanted]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for number, pk_value in cursor.fetchall():
                taken[number].append(pk_value)
        for table, ids in zip(wanted, taken, strict=True):
            table.ids = sorted(ids)
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in wanted:
            name, pk = table.model._meta.db_table, table.model._meta.pk
            assert pk is not None
            cursor.execute(f"SELECT COALESCE(MAX({quote(str(pk.column))}), 0) FROM {quote(name)}")
            start = cursor.fetchone()[0]
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [name])
            sequence = cursor.fetchone()
            start = max(start, sequence[0] if sequence else 0) + 1
            table.ids = list(range(start, start + len(table.rows)))


class TableRows:
    """Rows to insert in a model's table, every column given (the model's defaults where not set), written in
    one COPY on PostgreSQL (primary keys taken from the table's sequence first) or multi-row INSERTs."""

    def __init__(self, model: type[models.Model], **constants: Any) -> None:
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.attnames = [f.attname for f in self.fields]
        self.index = {name: position for position, name in enumerate(self.attnames)}
        template = []
        for f in self.fields:
            template.append(f.get_default() if f.has_default() or not f.null else None)
        for name, value in constants.items():
            template[self.index[name]] = value
        self.template = template
        self.rows: list[list[Any]] = []
        self.ids: list[int] | None = None  # taken by ids_take, else by write()

    def add(self, **values: Any) -> None:
        row = self.template.copy()
        index = self.index
        for name, value in values.items():
            row[index[name]] = value
        self.rows.append(row)

    def write(self) -> list[int]:
        """Insert the rows; their primary keys, in order."""
        if not self.rows:
            return []
        with transaction.atomic():
            ids_take([self])
            if connection.vendor == "postgresql":
                self._copy()
            else:
                self._insert()
        assert self.ids is not None
        return self.ids

    def _columns(self, pk: models.Field[Any, Any]) -> list[str]:
        return [str(pk.column), *(str(f.column) for f in self.fields)]

    def _table(self) -> str:
        return self.model._meta.db_table

    def _copy(self) -> None:
        table, pk, ids = self._table(), self.model._meta.pk, self.ids
        assert pk is not None and ids is not None
        quote = connection.ops.quote_name
        json_positions = [i for i, f in enumerate(self.fields) if isinstance(f, models.JSONField)]
        columns = ", ".join(quote(column) for column in self._columns(pk))
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
            for pk_value, row in zip(ids, self.rows, strict=True):
                if json_positions:
                    row = row.copy()
                    for position in json_positions:
                        row[position] = json.dumps(row[position])
                copy.write_row((pk_value, *row))

    def _insert(self) -> None:
        table, pk, ids = self._table(), self.model._meta.pk, self.ids
        assert pk is not None and ids is not None
        quote = connection.ops.quote_name
        columns = self._columns(pk)
        sql = (
            f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
            f"VALUES ({', '.join(['%s'] * len(columns))})"
        )
        # Values the driver takes as they are pass through; dates, moments and JSON as Django stores them.
        converted = [
            position
            for position, f in enumerate(self.fields)
            if isinstance(f, models.DateField | models.JSONField | models.DecimalField | models.UUIDField)
        ]
        prepared = []
        for pk_value, row in zip(ids, self.rows, strict=True):
            values = [pk_value, *row]
            for position in converted:
                values[position + 1] = self.fields[position].get_db_prep_save(row[position], connection)
            prepared.append(values)
        with connection.cursor() as cursor:
            cursor.executemany(sql, prepared)
