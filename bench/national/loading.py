"""What a bulk load needs around the rows themselves (bench/national/rows.py writes them): the first free ids,
the sequences moved past the ids the generator gave, fresh planner statistics."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.core.management.color import no_style
from django.db import connection, models

logger = logging.getLogger(__name__)


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
    """Fresh planner statistics after a bulk load (PostgreSQL's ANALYZE, SQLite's ANALYZE); on PostgreSQL outside
    a transaction, a VACUUM first, as autovacuum does after many inserts: it marks the loaded pages all visible, so
    that index-only scans (the matching's offers, offer_open_for_matching) need not visit the table."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and connection.get_autocommit():
            cursor.execute("VACUUM (ANALYZE)")
        else:
            if connection.vendor == "postgresql":
                logger.warning("Inside a transaction: ANALYZE only, no VACUUM (index-only scans will visit the table)")
            cursor.execute("ANALYZE")
