"""Two transactions changing one person's reach and sought jobs at once leave SeenSoughtJob right (PostgreSQL).

Under READ COMMITTED, each trigger's computation would miss the other transaction's change and leave stale rows;
each takes its persons' lock first (tandem.offers.matching.seen._locked). SQLite writes one transaction at a time.
"""

from __future__ import annotations

import threading

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from tandem.people.enums import FollowRole
from tandem.people.models import Follow, JobProfile
from tests.people.factories import PersonFactory


def _dsn() -> str:
    settings = connection.settings_dict
    return f"host={settings['HOST']} port={settings['PORT']} user={settings['USER']} dbname={settings['NAME']}"


def _rows(person_id: int) -> list[tuple[int, str]]:
    with psycopg.connect(_dsn()) as reader:
        query = "SELECT organisation_id, rome_id FROM offers_seensoughtjob WHERE person_id = %s ORDER BY 1, 2"
        return reader.execute(query, [person_id]).fetchall()


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite writes one transaction at a time: no two computations at once; PostgreSQL runs this race for real",
)
def test_a_follow_ending_while_a_sought_code_is_added_leaves_the_rows_of_both_changes(cast_committed):
    cast = cast_committed
    person = PersonFactory(commune_id="67544")
    now = timezone.now()
    ended = Follow.objects.create(person=person, organisation=cast.ml_a, role=FollowRole.CONTRIBUTOR, started_at=now)
    Follow.objects.create(person=person, organisation=cast.agency_b, role=FollowRole.CONTRIBUTOR, started_at=now)
    profile = JobProfile.objects.create(person=person)
    profile.sought_romes.set(["G1602"])
    a, b = cast.ml_a.pk, cast.agency_b.pk
    assert _rows(person.pk) == [(a, "G1602"), (b, "G1602")]

    adding, ending = psycopg.connect(_dsn()), psycopg.connect(_dsn())
    try:
        # One transaction adds a sought code and computes the person's rows, not committed yet...
        adding.execute(
            "INSERT INTO people_jobprofile_sought_romes (jobprofile_id, romecode_id) VALUES (%s, 'K2204')", [profile.pk]
        )

        # ... while another ends Mission Locale A's follow: its computation waits for the first to commit.
        def end_follow() -> None:
            ending.execute("UPDATE people_follow SET ended_at = now() WHERE id = %s", [ended.pk])
            ending.commit()

        thread = threading.Thread(target=end_follow)
        thread.start()
        thread.join(timeout=1.0)
        assert thread.is_alive()  # waiting for the person's lock
        adding.commit()
        thread.join(timeout=10)
        assert not thread.is_alive()
    finally:
        adding.close()
        ending.close()

    # A's rows gone with its follow, B's with both codes: neither change lost, no duplicate.
    assert _rows(person.pk) == [(b, "G1602"), (b, "K2204")]
