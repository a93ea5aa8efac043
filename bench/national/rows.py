"""Rows of a model's table as tuples, and sinks that hold them on disk until they are loaded.

A generator writes millions of rows of several tables in one pass over the young people; each table's rows go
to its own temporary file (flat memory) and are loaded table after table (COPY on PostgreSQL).
"""

from __future__ import annotations

import csv
import datetime
import itertools
import json
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.db import connection, models
from django.db.models.fields import NOT_PROVIDED

NULL = r"\N"
BATCH = 20_000  # rows per INSERT on SQLite
_MISSING = object()


class Template:
    """A model's columns with their defaults; `row(**values)` gives the tuple in column order."""

    def __init__(self, model: type[models.Model] | None = None, *, table: str = "", columns: tuple[str, ...] = ()):
        if model is not None:
            fields = [f for f in model._meta.concrete_fields]
            self.table = model._meta.db_table
            self.names = [f.attname for f in fields]
            self.columns = [f.column for f in fields]
            self.defaults = [self._default(f) for f in fields]
        else:
            self.table, self.names, self.columns = table, list(columns), list(columns)
            self.defaults = [_MISSING for _ in columns]
        self.position = {name: index for index, name in enumerate(self.names)}

    @staticmethod
    def _default(field: models.Field) -> Any:
        if field.primary_key:
            return _MISSING
        if field.default is not NOT_PROVIDED:
            return field.get_default()
        if field.null:
            return None
        if isinstance(field, models.CharField | models.TextField):
            return ""
        return _MISSING

    def row(self, **values: Any) -> list[Any]:
        row = list(self.defaults)
        position = self.position
        for name, value in values.items():
            row[position[name]] = value
        return row


class Sink:
    """One table's rows, written to a temporary file as CSV (\\N for NULL) and loaded in one go."""

    def __init__(self, template: Template, directory: Path):
        self.template = template
        self.path = Path(tempfile.mkstemp(prefix=f"{template.table}-", suffix=".csv", dir=directory)[1])
        self._file = self.path.open("w", newline="", encoding="utf-8")
        self._writer = csv.writer(self._file)
        self.count = 0
        self._postgres = connection.vendor == "postgresql"

    def _cell(self, value: Any) -> Any:
        if value is None:
            return NULL
        if value is True or value is False:
            return "1" if value else "0"
        if isinstance(value, datetime.datetime):
            if self._postgres:
                return value.isoformat()
            return value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(sep=" ")
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, dict | list):
            return json.dumps(value, ensure_ascii=False)
        return value

    def add(self, **values: Any) -> None:
        row = self.template.row(**values)
        if _MISSING in row:
            missing = [n for n, v in zip(self.template.names, row, strict=True) if v is _MISSING]
            raise ValueError(f"{self.template.table}: no value for {missing}")
        cell = self._cell
        self._writer.writerow([cell(value) for value in row])
        self.count += 1

    def _rows(self) -> Iterator[tuple[Any, ...]]:
        with self.path.open(newline="", encoding="utf-8") as file:
            for row in csv.reader(file):
                yield tuple(None if value == NULL else value for value in row)

    def load(self, advance: Callable[[int], None] | None = None) -> int:
        self._file.close()
        try:
            if self._postgres:
                return self._copy(advance)
            return self._insert(advance)
        finally:
            self.path.unlink(missing_ok=True)

    def _insert(self, advance: Callable[[int], None] | None) -> int:
        """SQLite: the file's rows in INSERTs of BATCH rows (its values are already text as SQLite keeps them)."""
        quoted = ", ".join(connection.ops.quote_name(column) for column in self.template.columns)
        placeholders = ", ".join("%s" for _ in self.template.columns)
        sql = f"INSERT INTO {connection.ops.quote_name(self.template.table)} ({quoted}) VALUES ({placeholders})"
        rows = self._rows()
        with connection.cursor() as cursor:
            while batch := list(itertools.islice(rows, BATCH)):
                cursor.executemany(sql, batch)
                if advance is not None:
                    advance(len(batch))
        return self.count

    def _copy(self, advance: Callable[[int], None] | None) -> int:
        quoted = ", ".join(connection.ops.quote_name(column) for column in self.template.columns)
        table = connection.ops.quote_name(self.template.table)
        sql = f"COPY {table} ({quoted}) FROM STDIN WITH (FORMAT csv, NULL '{NULL}')"
        with connection.cursor() as cursor, self.path.open("rb") as file:
            # Foreign keys are not checked row by row while loading (the generator gives consistent ids, and the
            # test of the generator checks them on SQLite, which does): `replica` skips PostgreSQL's FK triggers.
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:
                cursor.execute("SET LOCAL session_replication_role = replica")
            rebuilt = self._indexes_dropped(cursor) if self.count >= 100_000 else []
            self._write(cursor, sql, file, advance)
            # Building an index once over the loaded rows is much faster than maintaining it row by row (the
            # trigram indexes most of all).
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            for definition in rebuilt:
                cursor.execute(definition)
        return self.count

    def _indexes_dropped(self, cursor: Any) -> list[str]:
        """Drop the table's secondary indexes (not those behind a constraint); return how to build them again."""
        cursor.execute(
            """
            SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
            WHERE t.relname = %s AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
            ORDER BY i.relname
            """,
            [self.template.table],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        return [definition for _name, definition in indexes]

    @staticmethod
    def _write(cursor: Any, sql: str, file: Any, advance: Callable[[int], None] | None) -> None:
        with cursor.cursor.copy(sql) as copy:
            while block := file.read(1 << 20):
                copy.write(block)
                if advance is not None:
                    advance(block.count(b"\n"))
