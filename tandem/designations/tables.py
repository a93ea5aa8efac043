"""Rows of a table written at once, every column given: COPY on PostgreSQL, multi-row INSERT elsewhere.

For the bulk import (tandem.designations.bulk) and its audit entries: thousands of rows a second, with their
primary keys known before they are written so that the rows that point to them are built in the same pass.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import connection, models, transaction


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
        if connection.vendor == "postgresql":
            return self._copy()
        return self._insert()

    def _columns(self, pk: models.Field[Any, Any]) -> list[str]:
        return [str(pk.column), *(str(f.column) for f in self.fields)]

    def _table(self) -> str:
        return self.model._meta.db_table

    def _copy(self) -> list[int]:
        table, pk = self._table(), self.model._meta.pk
        assert pk is not None
        quote = connection.ops.quote_name
        json_positions = [i for i, f in enumerate(self.fields) if isinstance(f, models.JSONField)]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk.column, len(self.rows)],
            )
            ids = sorted(row[0] for row in cursor.fetchall())
            columns = ", ".join(quote(column) for column in self._columns(pk))
            with cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
                for pk_value, row in zip(ids, self.rows, strict=True):
                    if json_positions:
                        row = row.copy()
                        for position in json_positions:
                            row[position] = json.dumps(row[position])
                    copy.write_row((pk_value, *row))
        return ids

    def _insert(self) -> list[int]:
        table, pk = self._table(), self.model._meta.pk
        assert pk is not None
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            # The write lock is held from the transaction's start (SQLite, transaction_mode IMMEDIATE), so no
            # one takes these numbers meanwhile; above any number ever given (AUTOINCREMENT).
            cursor.execute(f"SELECT COALESCE(MAX({quote(str(pk.column))}), 0) FROM {quote(table)}")
            start = cursor.fetchone()[0]
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            sequence = cursor.fetchone()
            start = max(start, sequence[0] if sequence else 0) + 1
            ids = list(range(start, start + len(self.rows)))
            columns = self._columns(pk)
            sql = (
                f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
                f"VALUES ({', '.join(['%s'] * len(columns))})"
            )
            prepared = [
                [pk_value, *(f.get_db_prep_save(value, connection) for f, value in zip(self.fields, row, strict=True))]
                for pk_value, row in zip(ids, self.rows, strict=True)
            ]
            cursor.executemany(sql, prepared)
        return ids
