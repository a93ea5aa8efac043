"""Expressions the ORM lacks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import BooleanField, Expression, F


class AnyOf(Expression):
    """`column IN (values)` for a long list of ids: PostgreSQL reads it as one array parameter (`= ANY(%s)`, the
    form it gives `IN` itself, so the same plan), other databases as `IN`. Hundreds of parameters cost the driver
    and Django about 1 ms a statement to pass, one costs nothing. Filter with it as with any condition:
    `Q(AnyOf("organisation_id", ids))`. No value: no row, as `__in=[]`. Not for a nullable column under `~`: its
    negation leaves out the rows without a value, where `~Q(column__in=ids)` keeps them."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, column: str | Expression, values: Sequence[int]) -> None:
        super().__init__()
        self.column = F(column) if isinstance(column, str) else column
        self.values = [int(value) for value in values]

    def get_source_expressions(self) -> list[Any]:
        return [self.column]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.column,) = exprs

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        if not self.values:
            raise EmptyResultSet
        sql, params = compiler.compile(self.column)
        return f"{sql} IN ({', '.join(['%s'] * len(self.values))})", (*params, *self.values)

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        if not self.values:
            raise EmptyResultSet
        sql, params = compiler.compile(self.column)
        return f"{sql} = ANY(%s)", (*params, self.values)
