"""What range partitioning by month changes for the event log: measured on an events-shaped table, twice.

    TANDEM_DB_HOST=127.0.0.1 TANDEM_DB_PORT=54329 TANDEM_DB_USER=postgres TANDEM_DB_NAME=tandem_load \\
        .venv/bin/python bench/national/partitioning.py --rows 10000000 [--json out.json]

In a scratch schema (`bench_partitioning`, dropped at the end) of the PostgreSQL database named by the TANDEM_DB_*
variables, the same N rows shaped like `events_event` (same columns, same indexes, months of history written in
time order as the log is, a skewed mix of kinds, about nine events per person) are loaded into a plain table and
into a table partitioned by month on `occurred_at` (declarative RANGE partitioning, one partition a month,
primary key (id, occurred_at)). Then, on both, each figure the median of repeated warm runs:

- an indicator: one month's events counted by kind (the dashboards' shape);
- a person's timeline: their latest 50 events (the record page's shape; not filtered on the partition key), and
  the same bounded by the record's creation six months ago (then it is);
- a day's rows inserted (rows / days of history), in a transaction rolled back;
- a month past retention removed: DELETE of its rows (and the VACUUM it then needs) against DETACH + DROP of its
  partition.

EXPLAIN (ANALYZE) of the indicator shows the pruning: one partition scanned instead of the whole table, with
dates given as literals (plan-time pruning, what Django's client-side parameter binding sends) and relative to
now() (run-time pruning, "Subplans Removed").
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

import psycopg

SCHEMA = "bench_partitioning"
# The kinds of tandem.events.enums.EventKind, most frequent first (the demo's mix, roughly).
KINDS = (
    "person_created",
    "lead_assigned",
    "designation_proposed",
    "scheme_started",
    "referral_accepted",
    "contributor_added",
    "meeting_scheduled",
    "barrier_identified",
    "meeting_held",
    "note_added",
    "offer_created",
    "barrier_status_changed",
    "barrier_action",
    "lead_handed_over",
    "positioning_proposed",
    "referral_proposed",
    "positioning_sent",
    "referral_closed",
    "referral_refused",
    "offer_updated",
    "consent_given",
    "positioning_interview",
    "referral_expired",
    "positioning_not_retained",
    "positioning_hired",
)
COLUMNS = """
    id bigint NOT NULL,
    kind varchar(40) NOT NULL,
    occurred_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL,
    actor_id bigint,
    actor_organisation_id bigint,
    person_id bigint,
    subject_type varchar(40) NOT NULL,
    subject_id bigint,
    is_shared boolean NOT NULL,
    payload jsonb NOT NULL
"""
# The indexes of tandem.events.models.Event (db_index on kind and occurred_at, and the three named ones).
INDEXES = (
    ("kind", "(kind)"),
    ("occurred", "(occurred_at)"),
    ("timeline", "(person_id, occurred_at)"),
    ("subject", "(subject_type, subject_id)"),
    ("kind_period", "(kind, occurred_at)"),
)


def _conninfo() -> str:
    env = os.environ
    return psycopg.conninfo.make_conninfo(
        host=env.get("TANDEM_DB_HOST", "127.0.0.1"),
        port=env.get("TANDEM_DB_PORT", "5432"),
        user=env.get("TANDEM_DB_USER", "postgres"),
        password=env.get("TANDEM_DB_PASSWORD") or None,
        dbname=env.get("TANDEM_DB_NAME", "tandem"),
    )


def _months(first: datetime.date, count: int) -> list[datetime.date]:
    months = [first]
    for _ in range(count):
        last = months[-1]
        months.append(datetime.date(last.year + last.month // 12, last.month % 12 + 1, 1))
    return months


def _timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return (time.perf_counter() - started) * 1000


def _median(run: Callable[[], object], repeat: int) -> float:
    run()  # warm
    return round(statistics.median(_timed(run) for _ in range(repeat)), 2)


class _Bench:
    def __init__(
        self, connection: psycopg.Connection, *, rows: int, months: int, ordered: bool, log: Callable[[str], None]
    ):
        self.connection = connection
        self.rows = rows
        self.ordered = ordered
        self.log = log
        self.persons = max(1000, rows // 9)
        # History ends at the first of this month; `months` whole months before it.
        today = datetime.datetime.now(tz=datetime.UTC).date()
        self.end = datetime.date(today.year, today.month, 1)
        first = self.end
        for _ in range(months):
            first = (first - datetime.timedelta(days=1)).replace(day=1)
        self.bounds = _months(first, months)
        self.days = (self.end - first).days
        self.day_rows = max(1, round(rows / self.days))

    def sql(self, statement: str, params: Any = None) -> list[tuple]:
        with self.connection.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall() if cursor.description else []

    # --- building -------------------------------------------------------------------------------------------
    def _select_rows(self, first_id: int, count: int, start: datetime.date, days: float, *, total: int = 0) -> str:
        """SELECT of `count` events-shaped rows with ids from `first_id`, spread over `days` from `start`: at random,
        or, given the `total` of rows, in the order of their ids (an append-only log is written in time order)."""
        at = (
            f"(({first_id} + n - 2 + random()) / {total}) * interval '{days} days'"
            if total
            else f"random() * interval '{days} days'"
        )
        kinds = "ARRAY[" + ",".join(f"'{kind}'" for kind in KINDS) + "]::varchar[]"
        return f"""
            SELECT {first_id} + n - 1,
                   ({kinds})[1 + floor(power(random(), 2) * {len(KINDS)})::int],
                   at, at,
                   1 + floor(random() * 20000)::bigint,
                   1 + floor(random() * 1800)::bigint,
                   1 + floor(random() * {self.persons})::bigint,
                   CASE WHEN random() < 0.3 THEN 'referral' ELSE '' END,
                   CASE WHEN random() < 0.3 THEN floor(random() * 1000000)::bigint END,
                   random() < 0.95,
                   jsonb_build_object('code', floor(random() * 100)::int)
            FROM (SELECT n, timestamptz '{start.isoformat()} 00:00+00' + {at} AS at
                  FROM generate_series(1, {count}) AS n) AS s
        """

    def build(self) -> dict[str, float]:
        timings: dict[str, float] = {}
        self.sql(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        self.sql(f"CREATE SCHEMA {SCHEMA}")
        self.sql(f"CREATE TABLE {SCHEMA}.plain ({COLUMNS}, PRIMARY KEY (id))")
        self.sql(
            f"CREATE TABLE {SCHEMA}.part ({COLUMNS}, PRIMARY KEY (id, occurred_at)) PARTITION BY RANGE (occurred_at)"
        )
        for low, high in zip(self.bounds, self.bounds[1:], strict=False):
            self.sql(
                f"CREATE TABLE {SCHEMA}.part_{low:%Y_%m} PARTITION OF {SCHEMA}.part "
                f"FOR VALUES FROM ('{low.isoformat()}') TO ('{high.isoformat()}')"
            )
        self.sql("SELECT setseed(0.2026)")
        self.log(f"loading {self.rows:,} rows into the plain table")
        batch = 1_000_000
        started = time.perf_counter()
        for first_id in range(1, self.rows + 1, batch):
            count = min(batch, self.rows - first_id + 1)
            rows = self._select_rows(
                first_id, count, self.bounds[0], self.days - 1e-6, total=self.rows if self.ordered else 0
            )
            self.sql(f"INSERT INTO {SCHEMA}.plain {rows}")
        timings["load_plain_s"] = round(time.perf_counter() - started, 1)
        self.log("copying them into the partitioned table")
        timings["load_partitioned_s"] = round(
            _timed(lambda: self.sql(f"INSERT INTO {SCHEMA}.part SELECT * FROM {SCHEMA}.plain")) / 1000, 1
        )
        for table in ("plain", "part"):
            self.log(f"indexing {table}")
            started = time.perf_counter()
            for name, columns in INDEXES:
                self.sql(f"CREATE INDEX {table}_{name} ON {SCHEMA}.{table} {columns}")
            self.sql(f"VACUUM ANALYZE {SCHEMA}.{table}")
            timings[f"index_{'partitioned' if table == 'part' else table}_s"] = round(time.perf_counter() - started, 1)
        return timings

    def size(self, table: str) -> str:
        # A plain table is no partition tree: its own size then.
        return self.sql(
            "SELECT pg_size_pretty(coalesce((SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree(%s)),"
            " pg_total_relation_size(%s)))",
            [f"{SCHEMA}.{table}"] * 2,
        )[0][0]

    # --- measuring ------------------------------------------------------------------------------------------
    def indicator(self, table: str, low: datetime.date, high: datetime.date) -> str:
        return (
            f"SELECT kind, count(*) FROM {SCHEMA}.{table} "
            f"WHERE occurred_at >= '{low.isoformat()}' AND occurred_at < '{high.isoformat()}' GROUP BY kind"
        )

    def timeline(self, table: str, person_id: int, since: datetime.date | None = None) -> str:
        """A person's latest 50 events; `since` (the record's creation) bounds it in time, so partitions prune."""
        bound = f"AND occurred_at >= '{since.isoformat()}' " if since else ""
        return (
            f"SELECT id, kind, occurred_at, actor_id, actor_organisation_id, payload FROM {SCHEMA}.{table} "
            f"WHERE person_id = {person_id} AND (is_shared OR actor_organisation_id = 7) {bound}"
            "ORDER BY occurred_at DESC, id DESC LIMIT 50"
        )

    def explain(self, statement: str) -> str:
        return "\n".join(row[0] for row in self.sql(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) {statement}"))

    def measure(self, repeat: int) -> dict[str, Any]:
        low, high = self.bounds[-2], self.bounds[-1]  # the last whole month
        results: dict[str, Any] = {"month": f"{low:%Y-%m}", "day_rows": self.day_rows}
        for table, label in (("plain", "plain"), ("part", "partitioned")):
            self.log(f"measuring {label}")
            people = [1 + (i * 7919) % self.persons for i in range(5 * repeat + 1)]
            timeline_times = [_timed(lambda p=p, t=table: self.sql(self.timeline(t, p))) for p in people]
            since = self.bounds[-7]  # a record opened six months ago (the same for every table)
            since_times = [_timed(lambda p=p, t=table, s=since: self.sql(self.timeline(t, p, s))) for p in people]
            next_id = self.rows + 1

            def insert_day(table: str = table, next_id: int = next_id) -> None:
                # A day of the last month (today's events go to the current month's partition), then rolled back.
                with self.connection.transaction(force_rollback=True):
                    self.sql(f"INSERT INTO {SCHEMA}.{table} {self._select_rows(next_id, self.day_rows, low, 1)}")

            results[label] = {
                "size": self.size(table),
                "indicator_month_ms": _median(lambda t=table: self.sql(self.indicator(t, low, high)), repeat),
                "indicator_year_ms": _median(
                    lambda t=table: self.sql(self.indicator(t, self.bounds[-13], high)), max(1, repeat // 2)
                ),
                "timeline_ms": round(statistics.median(timeline_times[1:]), 2),
                "timeline_6_months_ms": round(statistics.median(since_times[1:]), 2),
                "insert_day_ms": _median(insert_day, repeat),
            }
        # Removing the oldest month: once each (it changes the tables), last.
        oldest_low, oldest_high = self.bounds[0], self.bounds[1]
        deleted: list[int] = []

        def delete_month() -> None:
            with self.connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {SCHEMA}.plain WHERE occurred_at < '{oldest_high.isoformat()}'")
                deleted.append(cursor.rowcount)

        results["plain"]["remove_month_ms"] = round(_timed(delete_month), 1)
        results["plain"]["remove_month_rows"] = deleted[0]
        results["plain"]["vacuum_after_delete_ms"] = round(_timed(lambda: self.sql(f"VACUUM {SCHEMA}.plain")), 1)

        def drop_partition() -> None:
            with self.connection.transaction():
                self.sql(f"ALTER TABLE {SCHEMA}.part DETACH PARTITION {SCHEMA}.part_{oldest_low:%Y_%m}")
                self.sql(f"DROP TABLE {SCHEMA}.part_{oldest_low:%Y_%m}")

        results["partitioned"]["remove_month_ms"] = round(_timed(drop_partition), 1)
        results["explain"] = {
            "indicator_plain": self.explain(self.indicator("plain", low, high)),
            "indicator_partitioned": self.explain(self.indicator("part", low, high)),
            "indicator_partitioned_now": self.explain(
                f"SELECT kind, count(*) FROM {SCHEMA}.part "
                "WHERE occurred_at >= now() - interval '30 days' GROUP BY kind"
            ),
            "timeline_partitioned": self.explain(self.timeline("part", 1)),
            "timeline_partitioned_6_months": self.explain(self.timeline("part", 1, self.bounds[-7])),
        }
        return results


def measure_partitioning(
    *,
    rows: int,
    months: int = 24,
    repeat: int = 7,
    ordered: bool = True,
    conninfo: str | None = None,
    keep: bool = False,
    log: Callable[[str], None] = lambda message: None,
) -> dict:
    """Plain against partitioned-by-month, on `rows` events-shaped rows over `months` months (see the module);
    `ordered=False` writes the rows in random time order (a log rewritten, or fed by backdated imports)."""
    # Autocommit: each statement commits on its own (VACUUM needs it); a day's insert opens its own transaction.
    with psycopg.connect(conninfo or _conninfo(), autocommit=True) as connection:
        bench = _Bench(connection, rows=rows, months=months, ordered=ordered, log=log)
        try:
            build = bench.build()
            results = bench.measure(repeat)
        finally:
            if not keep:
                bench.sql(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        server = bench.sql("SHOW server_version")[0][0]
    return {
        "rows": rows,
        "months": months,
        "ordered": ordered,
        "persons": bench.persons,
        "postgresql": server,
        "build": build,
        **results,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--random-order", action="store_true", help="rows in random time order, not as written")
    parser.add_argument("--keep", action="store_true", help=f"keep the {SCHEMA} schema afterwards")
    parser.add_argument("--json", help="also write the figures to this file")
    options = parser.parse_args(argv)
    result = measure_partitioning(
        rows=options.rows,
        months=options.months,
        repeat=options.repeat,
        ordered=not options.random_order,
        keep=options.keep,
        log=lambda message: print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True),
    )
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    if options.json:
        with open(options.json, "w", encoding="utf-8") as file:
            file.write(text + "\n")


if __name__ == "__main__":
    main()
