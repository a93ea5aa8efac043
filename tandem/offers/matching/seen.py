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
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from tandem.referrals.enums import OPEN_STATUSES

TABLE = "offers_seensoughtjob"
COLUMNS = "organisation_id, person_id, rome_id, domain"
PREFIX = "offers_seen"  # of the triggers' (and PostgreSQL's functions') names
_OPEN = "IN ({})".format(", ".join(f"'{status}'" for status in OPEN_STATUSES))  # a referral's open statuses


def _rows(persons: str) -> str:
    """The rows of the persons whose id satisfies `persons` (a condition on the SQL expression that follows it,
    as "= 12" or "IN (SELECT …)"): each organisation that sees the person, crossed with each ROME code the person
    seeks (directly, or through one of its appellations), or with none when they seek nothing."""
    return f"""
        SELECT o.organisation_id, o.person_id, j.rome_id, j.domain FROM (
            SELECT person_id, organisation_id FROM people_follow
            WHERE ended_at IS NULL AND person_id {persons}
            UNION SELECT person_id, from_organisation_id FROM referrals_referral
            WHERE status {_OPEN} AND person_id {persons}
            UNION SELECT person_id, to_organisation_id FROM referrals_referral
            WHERE status {_OPEN} AND person_id {persons}
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


# PostgreSQL, READ COMMITTED: two transactions computing one person's rows at once (a follow ending while a sought
# code is added) would each miss the other's change and leave stale rows. Each computation first takes its persons'
# transaction locks, in order, and its statements then see what the other committed. A lock stands for the persons
# of one of 1,024 buckets of ids: a bulk import of thousands of persons holds at most 1,024 locks, within
# PostgreSQL's shared lock table. SQLite writes one transaction at a time.
_LOCK_CLASS = 1397  # advisory locks' first key: this table's
_LOCK_BUCKETS = 1024


def _locked(persons: str) -> str:
    return (
        f"PERFORM pg_advisory_xact_lock({_LOCK_CLASS}, x.bucket) FROM (SELECT DISTINCT (id % {_LOCK_BUCKETS})::integer"
        f" AS bucket FROM people_person WHERE id {persons} ORDER BY 1) x"
    )


def expected_rows(cursor: Any) -> set[tuple[Any, ...]]:
    """Every row the table should hold, computed afresh (the triggers' test compares)."""
    cursor.execute(_rows("IS NOT NULL"))
    return set(cursor.fetchall())


def rebuild(cursor: Any) -> None:
    """The whole table computed again: after rows were loaded without triggers (the national data set's COPY)."""
    for statement in _recompute("IS NOT NULL"):
        cursor.execute(statement)
    if cursor.db.vendor == "postgresql":
        cursor.execute(f"ANALYZE {TABLE}")  # every row is new: the planner's figures with them


# What a change to each source table touches: the persons, as a condition on the person id built from `ids` (SQL
# giving the changed rows' key: "OLD.person_id, NEW.person_id" for a row, a SELECT over the statement's rows).
def _person_of(ids: str) -> str:
    return f"IN ({ids})"


def _seeker_of_profile(ids: str) -> str:
    return f"IN (SELECT person_id FROM people_jobprofile WHERE id IN ({ids}))"


def _seekers_of_appellation(ids: str) -> str:
    return (
        "IN (SELECT p.person_id FROM people_jobprofile p JOIN people_jobprofile_sought_appellations s"
        f" ON s.jobprofile_id = p.id WHERE s.romeappellation_id IN ({ids}))"
    )


def _seekers_of_code(ids: str) -> str:
    return (
        "IN (SELECT p.person_id FROM people_jobprofile p JOIN people_jobprofile_sought_romes s"
        f" ON s.jobprofile_id = p.id WHERE s.romecode_id IN ({ids})"
        " UNION SELECT p.person_id FROM people_jobprofile p JOIN people_jobprofile_sought_appellations s"
        " ON s.jobprofile_id = p.id JOIN referentials_romeappellation a ON a.code_ogr = s.romeappellation_id"
        f" WHERE a.rome_id IN ({ids}))"
    )


@dataclass(frozen=True)
class _Source:
    """A table whose rows decide SeenSoughtJob's: which persons its rows touch (through their `key` column), and
    what makes an update matter (each an expression of OLD and NEW; a column alone: its value changed). Django's
    save() writes every column: an update that changes none of these (a referral accepted, still open; a follow's
    adviser) computes nothing again. A referential's rows are upserted in bulk on each load: only their updates
    matter, and the persons seeking a code are read through NEW (the code itself does not change)."""

    table: str
    persons: Callable[[str], str]
    key: str
    changes: tuple[str, ...]
    referential: bool = False

    def changed(self, old: str = "OLD", new: str = "NEW") -> str:
        return " OR ".join(
            change.replace("OLD.", f"{old}.").replace("NEW.", f"{new}.")
            if change.startswith("(")
            else f"{old}.{change} IS DISTINCT FROM {new}.{change}"
            for change in self.changes
        )


_SOURCES = [
    _Source(
        "people_follow",
        _person_of,
        "person_id",
        ("person_id", "organisation_id", "(OLD.ended_at IS NULL) <> (NEW.ended_at IS NULL)"),
    ),
    _Source(
        "referrals_referral",
        _person_of,
        "person_id",
        ("person_id", "from_organisation_id", "to_organisation_id", f"(OLD.status {_OPEN}) <> (NEW.status {_OPEN})"),
    ),
    _Source("people_jobprofile", _person_of, "person_id", ("person_id",)),
    _Source("people_jobprofile_sought_romes", _seeker_of_profile, "jobprofile_id", ("jobprofile_id", "romecode_id")),
    _Source(
        "people_jobprofile_sought_appellations",
        _seeker_of_profile,
        "jobprofile_id",
        ("jobprofile_id", "romeappellation_id"),
    ),
    _Source("referentials_romeappellation", _seekers_of_appellation, "code_ogr", ("rome_id",), referential=True),
    _Source("referentials_romecode", _seekers_of_code, "code", ("domain_code",), referential=True),
]


@dataclass(frozen=True)
class _Trigger:
    name: str
    table: str
    event: str
    persons: str  # the condition on the person id of the persons whose rows it computes again
    when: str = ""  # row triggers only
    transition: str = ""  # statement triggers only (PostgreSQL): REFERENCING … TABLE AS …

    @property
    def statements(self) -> list[str]:
        return _recompute(self.persons)


def _row_triggers(index: int, source: _Source) -> Iterator[_Trigger]:
    """One recomputation per row changed: SQLite's only kind, and PostgreSQL's for the referentials."""
    name = f"{PREFIX}_{index}"
    if not source.referential:
        yield _Trigger(f"{name}_insert", source.table, "INSERT", source.persons(f"NEW.{source.key}"))
        yield _Trigger(f"{name}_delete", source.table, "DELETE", source.persons(f"OLD.{source.key}"))
        ids = f"OLD.{source.key}, NEW.{source.key}"
    else:
        ids = f"NEW.{source.key}"
    yield _Trigger(f"{name}_update", source.table, "UPDATE", source.persons(ids), when=source.changed())


def _statement_triggers(index: int, source: _Source) -> Iterator[_Trigger]:
    """PostgreSQL: one recomputation per statement, over every row it changed (its transition tables): a COPY or a
    bulk write of thousands of rows (the designations' import) computes their persons' rows in one go."""
    name, key = f"{PREFIX}_{index}", source.key
    changed = f"FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE {source.changed('o', 'n')}"
    for event, ids, transition in (
        ("INSERT", f"SELECT {key} FROM new_rows", "NEW TABLE AS new_rows"),
        ("DELETE", f"SELECT {key} FROM old_rows", "OLD TABLE AS old_rows"),
        (
            "UPDATE",
            f"SELECT o.{key} {changed} UNION SELECT n.{key} {changed}",
            "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        ),
    ):
        yield _Trigger(f"{name}_{event.lower()}", source.table, event, source.persons(ids), transition=transition)


def _triggers(vendor: str) -> Iterator[_Trigger]:
    for index, source in enumerate(_SOURCES):
        if vendor == "postgresql" and not source.referential:
            yield from _statement_triggers(index, source)
        else:
            yield from _row_triggers(index, source)


def _definitions(vendor: str) -> dict[str, list[str]]:
    """Each trigger's name and the statements that create it, as installed (PostgreSQL: its function, whose text
    also says how the trigger is declared, then the trigger)."""
    definitions = {}
    for trigger in _triggers(vendor):
        name, table, event = trigger.name, trigger.table, trigger.event
        if vendor == "postgresql":
            if trigger.transition:
                timing = f"REFERENCING {trigger.transition} FOR EACH STATEMENT"
            else:
                timing = f"FOR EACH ROW WHEN ({trigger.when})"
            declared = f"CREATE TRIGGER {name} AFTER {event} ON {table} {timing} EXECUTE FUNCTION {name}()"
            body = "".join(f"{statement};\n" for statement in [_locked(trigger.persons), *trigger.statements])
            function = f"\n-- {declared}\nBEGIN\n{body}RETURN NULL;\nEND "
            definitions[name] = [
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $${function}$$",
                declared,
            ]
        else:
            body = "".join(f"{statement};\n" for statement in trigger.statements)
            when = f"WHEN ({trigger.when.replace(' IS DISTINCT FROM ', ' IS NOT ')})" if trigger.when else ""
            definitions[name] = [f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW {when} BEGIN\n{body}END"]
    return definitions


def _installed(connection: Any) -> dict[str, str]:
    """What the database holds: each trigger's function text (PostgreSQL) or statement (SQLite)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT t.tgname, p.prosrc FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
                "WHERE t.tgname LIKE %s AND NOT t.tgisinternal",
                [f"{PREFIX}%"],
            )
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{PREFIX}%"]
            )
        return dict(cursor.fetchall())


def _expected(connection: Any) -> dict[str, str]:
    definitions = _definitions(connection.vendor)
    if connection.vendor == "postgresql":
        return {name: statements[0].split("$$")[1] for name, statements in definitions.items()}
    return {name: statements[0] for name, statements in definitions.items()}


def install(connection: Any) -> None:
    """Create the triggers (SQLite: the statements in the trigger; PostgreSQL: in a function it executes)."""
    with connection.cursor() as cursor:
        for statements in _definitions(connection.vendor).values():
            for statement in statements:
                cursor.execute(statement)


def sync(connection: Any) -> bool:
    """After migrations (post_migrate): the triggers this code defines, installed again with the whole table
    computed anew when the database holds others or none (a new definition, or SQLite's removed before migrating:
    `before_migrations`). Returns whether it did. The migrations themselves never install them: a trigger would
    read the code of the day, not of the migration."""
    if TABLE not in connection.introspection.table_names():
        return False
    if _installed(connection) == _expected(connection):
        return False
    with transaction.atomic(using=connection.alias):
        uninstall(connection)
        install(connection)
        with connection.cursor() as cursor:
            rebuild(cursor)
    return True


def before_migrations(connection: Any) -> None:
    """SQLite (pre_migrate): no triggers while migrating. Altering a table rebuilds it under another name, and
    renaming it back fails while a trigger on another table reads it. `sync` installs them again afterwards and
    computes the rows any data migration changed."""
    if connection.vendor == "sqlite" and TABLE in connection.introspection.table_names():
        uninstall(connection)


def uninstall(connection: Any) -> None:
    """Drop every trigger this table's name prefixes, whatever defined it."""
    with connection.cursor() as cursor:
        for name in _installed(connection):
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE tgname = %s", [name]
                )
                [[table]] = cursor.fetchall()
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
