"""The few SQL pieces that PostgreSQL and SQLite write differently, for the matching's hand-built query.

Everything else in the matching's SQL is common to both (CASE, COALESCE, LIKE, the trigonometric functions,
which Django provides on SQLite when it lacks them). SQLite has no regular expression substring: the matching
registers one small function on the connection (`tandem_regex_group`), deterministic like Django's `regexp`.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper


@lru_cache(maxsize=64)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _regex_group(text: str | None, pattern: str | None) -> str | None:
    """Group 1 of the first match of `pattern` in `text` (PostgreSQL's `substring(text from pattern)`)."""
    if text is None or pattern is None:
        return None
    found = _compiled(pattern).search(text)
    return found.group(1) if found else None


@dataclass(frozen=True)
class Dialect:
    vendor: str

    @property
    def postgres(self) -> bool:
        return self.vendor == "postgresql"

    def matches(self, expression: str, pattern_sql: str) -> str:
        """A regular expression search (the patterns are written for both engines: docs/matching.md)."""
        return f"({expression} ~ {pattern_sql})" if self.postgres else f"({expression} REGEXP {pattern_sql})"

    def regex_group(self, expression: str, pattern_sql: str) -> str:
        if self.postgres:
            return f"substring({expression} from {pattern_sql})"
        return f"tandem_regex_group({expression}, {pattern_sql})"

    def codes(self, expression: str) -> str:
        """An aggregate: the values joined by commas."""
        return f"string_agg({expression}, ',')" if self.postgres else f"group_concat({expression}, ',')"

    def json_length(self, expression: str) -> str:
        """The number of elements of a JSON array; 0 for anything else (NULL included)."""
        if self.postgres:
            return f"(CASE WHEN jsonb_typeof({expression}) = 'array' THEN jsonb_array_length({expression}) ELSE 0 END)"
        return f"(CASE WHEN json_type({expression}) = 'array' THEN json_array_length({expression}) ELSE 0 END)"

    def json_months(self, expression: str) -> str:
        """The sum of the whole numbers `duration_months` of a JSON array's objects; NULL when none has one."""
        if self.postgres:
            return (
                "(SELECT SUM((e.value ->> 'duration_months')::integer) FROM jsonb_array_elements("
                f"CASE WHEN jsonb_typeof({expression}) = 'array' THEN {expression} ELSE '[]'::jsonb END) e "
                "WHERE jsonb_typeof(e.value -> 'duration_months') = 'number' "
                "AND (e.value ->> 'duration_months') ~ '^[0-9]+$')"
            )
        return (
            "(SELECT SUM(json_extract(e.value, '$.duration_months')) FROM json_each("
            f"CASE WHEN json_type({expression}) = 'array' THEN {expression} ELSE '[]' END) e "
            "WHERE (CASE WHEN e.type = 'object' THEN json_type(e.value, '$.duration_months') END) = 'integer' "
            "AND json_extract(e.value, '$.duration_months') >= 0)"
        )

    def json_text(self, expression: str) -> str:
        return f"({expression})::text" if self.postgres else f"({expression})"

    def greatest(self, a: str, b: str) -> str:
        return f"GREATEST({a}, {b})" if self.postgres else f"MAX({a}, {b})"

    def fence(self) -> str:
        """Keeps a subquery a subquery: its columns are computed once, not copied into every use."""
        return "OFFSET 0" if self.postgres else "LIMIT -1 OFFSET 0"

    def typed(self, type_name: str) -> str:
        """A parameter of the given type (`real`, `integer`, `boolean`, `text`, `date`)."""
        names = (
            {"real": "double precision", "integer": "integer", "boolean": "boolean", "text": "text", "date": "date"}
            if self.postgres
            else {"real": "REAL", "integer": "INTEGER", "boolean": "INTEGER", "text": "TEXT", "date": "TEXT"}
        )
        return f"CAST(%s AS {names[type_name]})"

    def param(self, value: Any) -> Any:
        if not self.postgres and isinstance(value, datetime.date):
            return value.isoformat()
        return value


def dialect_of(connection: BaseDatabaseWrapper) -> Dialect:
    """The dialect of the connection; on SQLite, makes sure the connection knows `tandem_regex_group`."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        connection.connection.create_function("tandem_regex_group", 2, _regex_group, deterministic=True)
    return Dialect(connection.vendor)
