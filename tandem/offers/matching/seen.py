"""The jobs sought by the people each organisation sees (offers.SeenSoughtJob): kept by the database itself.

Candidates for an offer are the people the organisation sees who seek the offer's job. Intersecting the
organisation's tens of thousands of people with the job's tens of thousands of seekers, nationwide, cost 100 to
400 ms at national scale (docs/benchmarks.md). This table holds the intersection ready: one row per
(organisation, person, sought ROME code), read by its index on (organisation, ROME code) or (organisation,
domain) in a few milliseconds.

Who "sees" a person here is the access rule's union (tandem.access.permissions.organisation_access_q): the
organisations that follow them now, and both ends of an open referral. The rule's other conditions (a temp
agency's consent, anonymisation) and the acting organisation's family are applied when the table is read, by the
rule itself: the table only narrows the rows the rule is checked on. A person who seeks nothing has one row
without a code, for the "seeks no job yet" tier.

Triggers keep it, whatever writes (a service, an import, the admin, a factory, raw SQL): each change to a follow,
a referral, a job profile, its sought jobs, or an appellation's code, computes again the rows of the persons it
touches, from scratch (`_rows`). `rebuild` computes the whole table (after a bulk load without triggers).
One definition of the rows (`_rows`) serves the triggers, the rebuild and the test that checks them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from tandem.referrals.enums import OPEN_STATUSES

TABLE = "offers_seensoughtjob"
COLUMNS = "organisation_id, person_id, rome_id, domain"
PREFIX = "offers_seen"  # of the triggers' (and PostgreSQL's functions') names


def _rows(persons: str) -> str:
    """The rows of the persons whose id satisfies `persons` (a condition on the SQL expression that follows it,
    as "= 12" or "IN (SELECT …)"): each organisation that sees the person, crossed with each ROME code the person
    seeks (directly, or through one of its appellations), or with none when they seek nothing."""
    statuses = ", ".join(f"'{status}'" for status in OPEN_STATUSES)
    return f"""
        SELECT o.organisation_id, o.person_id, j.rome_id, j.domain FROM (
            SELECT person_id, organisation_id FROM people_follow
            WHERE ended_at IS NULL AND person_id {persons}
            UNION SELECT person_id, from_organisation_id FROM referrals_referral
            WHERE status IN ({statuses}) AND person_id {persons}
            UNION SELECT person_id, to_organisation_id FROM referrals_referral
            WHERE status IN ({statuses}) AND person_id {persons}
        ) o LEFT JOIN (
            SELECT p.person_id, r.code AS rome_id, r.domain_code AS domain FROM people_jobprofile p
            JOIN people_jobprofile_sought_romes s ON s.jobprofile_id = p.id
            JOIN referentials_romecode r ON r.code = s.romecode_id
            WHERE p.person_id {persons}
            UNION SELECT p.person_id, r.code, r.domain_code FROM people_jobprofile p
            JOIN people_jobprofile_sought_appellations s ON s.jobprofile_id = p.id
            JOIN referentials_romeappellation a ON a.code_ogr = s.romeappellation_id
            JOIN referentials_romecode r ON r.code = a.rome_id
            WHERE p.person_id {persons}
        ) j ON j.person_id = o.person_id
    """


def _recompute(persons: str) -> list[str]:
    return [f"DELETE FROM {TABLE} WHERE person_id {persons}", f"INSERT INTO {TABLE} ({COLUMNS}) {_rows(persons)}"]


def expected_rows(cursor: Any) -> set[tuple[Any, ...]]:
    """Every row the table should hold, computed afresh (the triggers' test compares)."""
    cursor.execute(_rows("IS NOT NULL"))
    return set(cursor.fetchall())


def rebuild(cursor: Any) -> None:
    """The whole table computed again: after rows were loaded without triggers (the national data set's COPY)."""
    for statement in _recompute("IS NOT NULL"):
        cursor.execute(statement)


# What each table's row change touches: the persons (a condition on the person id, given the rows it reads, NEW or
# OLD or both), the events, and the columns whose update matters.
def _person_of(rows: list[str]) -> str:
    return f"IN ({', '.join(f'{row}.person_id' for row in rows)})"


def _seeker_of_profile(rows: list[str]) -> str:
    ids = ", ".join(f"{row}.jobprofile_id" for row in rows)
    return f"IN (SELECT person_id FROM people_jobprofile WHERE id IN ({ids}))"


def _seekers_of_appellation(rows: list[str]) -> str:
    [row] = rows
    return (
        "IN (SELECT p.person_id FROM people_jobprofile p JOIN people_jobprofile_sought_appellations s"
        f" ON s.jobprofile_id = p.id WHERE s.romeappellation_id = {row}.code_ogr)"
    )


def _seekers_of_code(rows: list[str]) -> str:
    [row] = rows
    return (
        "IN (SELECT p.person_id FROM people_jobprofile p JOIN people_jobprofile_sought_romes s"
        f" ON s.jobprofile_id = p.id WHERE s.romecode_id = {row}.code"
        " UNION SELECT p.person_id FROM people_jobprofile p JOIN people_jobprofile_sought_appellations s"
        " ON s.jobprofile_id = p.id JOIN referentials_romeappellation a ON a.code_ogr = s.romeappellation_id"
        f" WHERE a.rome_id = {row}.code)"
    )


_SOURCES: list[tuple[str, Callable[[list[str]], str], tuple[str, ...]]] = [
    ("people_follow", _person_of, ("person_id", "organisation_id", "ended_at")),
    ("referrals_referral", _person_of, ("person_id", "from_organisation_id", "to_organisation_id", "status")),
    ("people_jobprofile", _person_of, ("person_id",)),
    ("people_jobprofile_sought_romes", _seeker_of_profile, ("jobprofile_id", "romecode_id")),
    ("people_jobprofile_sought_appellations", _seeker_of_profile, ("jobprofile_id", "romeappellation_id")),
    ("referentials_romeappellation", _seekers_of_appellation, ("rome_id",)),
    ("referentials_romecode", _seekers_of_code, ("domain_code",)),
]
# The referentials' rows are upserted in bulk on each load: only a real change of a code computes again (and the
# persons seeking it are read through NEW: the code itself does not change).
_ONLY_UPDATED = {"referentials_romeappellation", "referentials_romecode"}


def _triggers() -> Iterator[tuple[str, str, str, list[str], str]]:
    """(name, table, event, statements, WHEN condition) of each trigger."""
    for index, (table, persons, columns) in enumerate(_SOURCES):
        update = f"UPDATE OF {', '.join(columns)}"
        if table in _ONLY_UPDATED:
            events = [(update, ["NEW"])]
            when = " OR ".join(f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in columns)
        else:
            events = [("INSERT", ["NEW"]), (update, ["OLD", "NEW"]), ("DELETE", ["OLD"])]
            when = ""
        for event, rows in events:
            yield f"{PREFIX}_{index}_{event.split()[0].lower()}", table, event, _recompute(persons(rows)), when


def install(connection: Any) -> None:
    """Create the triggers (SQLite: the statements in the trigger; PostgreSQL: in a function it executes)."""
    with connection.cursor() as cursor:
        for name, table, event, statements, when in _triggers():
            body = "".join(f"{statement};\n" for statement in statements)
            if connection.vendor == "postgresql":
                when = f"WHEN ({when})" if when else ""
                cursor.execute(
                    f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                    f"BEGIN\n{body}RETURN NULL;\nEND $$"
                )
                cursor.execute(
                    f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW {when} EXECUTE FUNCTION {name}()"
                )
            else:
                when = f"WHEN ({when.replace(' IS DISTINCT FROM ', ' IS NOT ')})" if when else ""
                cursor.execute(f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW {when} BEGIN\n{body}END")


def uninstall(connection: Any) -> None:
    with connection.cursor() as cursor:
        for name, table, _event, _statements, _when in _triggers():
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
