"""The jobs sought by the people each organisation sees (SeenSoughtJob) follow every write, by the triggers.

Each step writes through the services (or, for what only an import or an administrator changes, the ORM), then
checks the table against the rows a reader expects, written out by hand, and against the rows computed afresh
from the sources (seen.expected_rows).
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from tandem.access.selectors import person_list_for
from tandem.offers.matching import seen
from tandem.offers.matching.queries import reached_people
from tandem.offers.models import SeenSoughtJob
from tandem.people.models import Follow, JobProfile, Person
from tandem.people.services import follow_set_lead, job_profile_save, person_register
from tandem.referentials.models import RomeAppellation, RomeCode
from tandem.referrals.models import Referral
from tandem.referrals.services import (
    referral_accept,
    referral_close,
    referral_propose,
    referral_record_meeting,
    referral_withdraw,
)
from tests.people.factories import PersonFactory, led_by_ml_c, referred_to_the_temp_agency


def _table() -> set[tuple]:
    return set(SeenSoughtJob.objects.values_list("organisation_id", "person_id", "rome_id", "domain"))


def _check(expected: set[tuple]) -> None:
    assert _table() == expected
    with connection.cursor() as cursor:
        assert seen.expected_rows(cursor) == expected


def _appellation(code: str) -> str:
    return RomeAppellation.objects.filter(rome_id=code).order_by("code_ogr").values_list("code_ogr", flat=True)[0]


@pytest.fixture
def person(cast):
    """Registered by France Travail B, who leads."""
    return person_register(
        by=cast.agent_b,
        organisation=cast.agency_b,
        adviser=cast.agent_b,
        first_name="Lina",
        last_name="Testeuse",
        birth_date=timezone.localdate().replace(year=2004),
        commune_id="67544",
    )


def test_rows_follow_the_follows_the_referrals_and_the_job_project(cast, person):
    b, a = cast.agency_b.pk, cast.ml_a.pk
    # Followed by B, seeking nothing yet: one row without a job.
    _check({(b, person.pk, None, None)})
    job_profile_save(
        person=person,
        by=cast.agent_b,
        organisation=cast.agency_b,
        rome_codes=["G1602"],
        appellation_codes=[_appellation("K2204")],
    )
    _check({(b, person.pk, "G1602", "G16"), (b, person.pk, "K2204", "K22")})
    # B proposes the person to A: A sees them while the referral is open, and after it, as the lead.
    referral = referral_propose(
        person=person, from_organisation=cast.agency_b, to_organisation=cast.ml_a, by=cast.agent_b, is_designation=True
    )
    both = {(org, person.pk, code, code[:3]) for org in (a, b) for code in ("G1602", "K2204")}
    _check(both)
    referral_accept(referral=referral, by=cast.adviser_a, organisation=cast.ml_a)
    _check(both)
    # A becomes the lead: B's follow ends, B still sees them through the open referral, until it is closed.
    follow_set_lead(person=person, organisation=cast.ml_a, adviser=cast.adviser_a, by=cast.adviser_a)
    _check(both)
    referral = referral_record_meeting(
        referral=referral, by=cast.adviser_a, organisation=cast.ml_a, held_on=timezone.localdate()
    )
    _check(both)
    referral_close(referral=referral, by=cast.adviser_a, organisation=cast.ml_a, outcome="other")
    _check({(a, person.pk, "G1602", "G16"), (a, person.pk, "K2204", "K22")})
    job_profile_save(person=person, by=cast.adviser_a, organisation=cast.ml_a, rome_codes=["K2204"])
    _check({(a, person.pk, "K2204", "K22")})
    job_profile_save(person=person, by=cast.adviser_a, organisation=cast.ml_a)
    _check({(a, person.pk, None, None)})


def test_a_withdrawn_referral_leaves_the_receiver_without_rows(cast, person):
    job_profile_save(person=person, by=cast.agent_b, organisation=cast.agency_b, rome_codes=["G1602"])
    referral = referral_propose(
        person=person, from_organisation=cast.agency_b, to_organisation=cast.ml_a, by=cast.agent_b, is_designation=True
    )
    _check({(cast.agency_b.pk, person.pk, "G1602", "G16"), (cast.ml_a.pk, person.pk, "G1602", "G16")})
    referral_withdraw(referral=referral, by=cast.agent_b, organisation=cast.agency_b)
    _check({(cast.agency_b.pk, person.pk, "G1602", "G16")})


def test_a_referential_change_of_an_appellation_s_code_or_a_code_s_domain_moves_the_rows(cast, person):
    appellation = _appellation("K2204")
    job_profile_save(person=person, by=cast.agent_b, organisation=cast.agency_b, appellation_codes=[appellation])
    _check({(cast.agency_b.pk, person.pk, "K2204", "K22")})
    RomeAppellation.objects.filter(code_ogr=appellation).update(rome_id="G1602")
    _check({(cast.agency_b.pk, person.pk, "G1602", "G16")})
    RomeCode.objects.filter(code="G1602").update(domain_code="G99")
    _check({(cast.agency_b.pk, person.pk, "G1602", "G99")})
    # An upsert that rewrites the same values (a referential loaded again) changes nothing.
    RomeCode.objects.filter(code="G1602").update(domain_code="G99", label="Personnel de cuisine")
    _check({(cast.agency_b.pk, person.pk, "G1602", "G99")})


def test_a_deleted_job_profile_then_follows_ended_in_bulk_leave_no_row(cast, person):
    job_profile_save(person=person, by=cast.agent_b, organisation=cast.agency_b, rome_codes=["G1602"])
    JobProfile.objects.filter(person=person).delete()
    _check({(cast.agency_b.pk, person.pk, None, None)})
    # As a bulk write would (an import, the admin): no service, one UPDATE.
    Follow.objects.filter(person=person).update(ended_at=timezone.now())
    _check(set())


def test_a_rebuild_gives_the_rows_the_triggers_keep(cast, person):
    """After a load without triggers (the national data set's COPY), `rebuild` computes the same rows."""
    job_profile_save(person=person, by=cast.agent_b, organisation=cast.agency_b, rome_codes=["G1602", "K2204"])
    kept = _table()
    SeenSoughtJob.objects.all().delete()
    with connection.cursor() as cursor:
        seen.rebuild(cursor)
    assert _table() == kept == {(cast.agency_b.pk, person.pk, code, code[:3]) for code in ("G1602", "K2204")}


@pytest.mark.parametrize("persona", ["adviser_a", "agent_b", "adviser_c", "temp_contact"])
def test_whom_the_table_says_an_organisation_reaches_is_whom_the_access_rule_lets_it_see(cast, person, persona):
    """Two writings of the same reach: the triggers' rows (seen._rows) and the access rule's union
    (access.permissions.organisation_access_q). With the rule's other conditions, they keep the same people."""
    job_profile_save(person=person, by=cast.agent_b, organisation=cast.agency_b, rome_codes=["G1602"])
    referral = referral_propose(
        person=person, from_organisation=cast.agency_b, to_organisation=cast.ml_a, by=cast.agent_b, is_designation=True
    )
    referral_accept(referral=referral, by=cast.adviser_a, organisation=cast.ml_a)
    referred_to_the_temp_agency(cast, person)
    theirs = led_by_ml_c(cast)
    anonymised = led_by_ml_c(cast, first_name="Ana", last_name="Nyme")
    Person.objects.filter(pk=anonymised.pk).update(anonymised_at=timezone.now())
    membership = cast.personas()[persona].memberships.get()
    everyone = Q(rome__isnull=True) | Q(rome__isnull=False)
    through_table = set(reached_people(membership=membership, fit=everyone).values_list("pk", flat=True))
    by_rule = set(person_list_for(membership=membership).values_list("pk", flat=True))
    expected = {"adviser_a": {person.pk}, "agent_b": {person.pk}, "adviser_c": {theirs.pk}, "temp_contact": {person.pk}}
    assert through_table == by_rule == expected[persona]


def test_a_follow_or_a_referral_moved_to_another_organisation_or_person_moves_the_rows(cast, person):
    """As a bulk write or the admin would: a referral's receiver, a follow's organisation, a referral's person."""
    b, a, c = cast.agency_b.pk, cast.ml_a.pk, cast.ml_c.pk
    job_profile_save(person=person, by=cast.agent_b, organisation=cast.agency_b, rome_codes=["G1602"])
    referral = referral_propose(
        person=person, from_organisation=cast.agency_b, to_organisation=cast.ml_a, by=cast.agent_b, is_designation=True
    )
    _check({(b, person.pk, "G1602", "G16"), (a, person.pk, "G1602", "G16")})
    Referral.objects.filter(pk=referral.pk).update(to_organisation=cast.ml_c)
    _check({(b, person.pk, "G1602", "G16"), (c, person.pk, "G1602", "G16")})
    Follow.objects.filter(person=person).update(organisation=cast.temp_agency)
    t = cast.temp_agency.pk
    _check({(t, person.pk, "G1602", "G16"), (b, person.pk, "G1602", "G16"), (c, person.pk, "G1602", "G16")})
    other = PersonFactory()
    Referral.objects.filter(pk=referral.pk).update(person=other)
    _check({(t, person.pk, "G1602", "G16"), (b, other.pk, None, None), (c, other.pk, None, None)})


def test_triggers_removed_before_migrations_on_sqlite_come_back_after_with_the_rows_written_meanwhile(cast, person):
    """Altering a table on SQLite rebuilds it under another name: no trigger may read it meanwhile. `sync`, after
    the migrations, installs them again and computes the rows a data migration wrote without them."""
    seen.before_migrations(connection)
    if connection.vendor == "sqlite":
        assert seen._installed(connection) == {}
        # A data migration's write, no trigger to see it.
        job_profile_save(person=person, by=cast.agent_b, organisation=cast.agency_b, rome_codes=["G1602"])
        assert _table() == {(cast.agency_b.pk, person.pk, None, None)}
        assert seen.sync(connection) is True
    assert seen._installed(connection) == seen._expected(connection)
    assert seen.sync(connection) is False  # nothing to do: the same definitions
    job_profile_save(person=person, by=cast.agent_b, organisation=cast.agency_b, rome_codes=["K2204"])
    _check({(cast.agency_b.pk, person.pk, "K2204", "K22")})


def test_sync_installs_again_triggers_that_differ_and_computes_the_table(cast, person):
    job_profile_save(person=person, by=cast.agent_b, organisation=cast.agency_b, rome_codes=["G1602"])
    [name, *_others] = sorted(seen._installed(connection))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER {name} ON people_follow")
        else:
            cursor.execute(f"DROP TRIGGER {name}")
    SeenSoughtJob.objects.all().delete()
    assert seen.sync(connection) is True
    assert seen._installed(connection) == seen._expected(connection)
    _check({(cast.agency_b.pk, person.pk, "G1602", "G16")})
