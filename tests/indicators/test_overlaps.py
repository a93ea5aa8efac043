"""The overlaps family on hand-built histories: every figure below is counted by hand from the scenario."""

import datetime

from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.indicators.scopes import Scope
from tandem.people.services import person_create
from tandem.referrals import services as referrals
from tandem.referrals.enums import RefusalReason
from tests.indicators.people_scenarios import adviser, lead, of, queries_of, value, young
from tests.indicators.scenarios import at, propose, refuse


def two_leads(cast, back_to_c_at):
    """Led by A from 1 March; handed to C at `back_to_c_at`; then, recorded afterwards but dated 15 March, handed
    to agency B: A's follow runs until `back_to_c_at` while B's runs from 15 March."""
    person = young()
    lead(person, cast.ml_a, cast.adviser_a, at("2026-03-01"))
    lead(person, cast.ml_c, cast.adviser_c, back_to_c_at)
    lead(person, cast.agency_b, cast.agent_b, at("2026-03-15"))
    return person


def test_two_lead_organisations_at_once_are_counted(cast):
    two_leads(cast, at("2026-04-10"))
    lead(young(), cast.ml_a, cast.adviser_a, at("2026-03-02"))  # one lead: no overlap
    assert value("overlaps_two_leads", "2026-03").value == 1
    assert value("overlaps_two_leads", "2026-03", of(cast.ml_a)).value == 1
    assert value("overlaps_two_leads", "2026-03", of(cast.agency_b)).value == 1
    assert value("overlaps_two_leads", "2026-03", of(cast.ml_c)).value == 0
    assert value("overlaps_two_leads", "2026-03", Scope("departement", "33")).value == 0
    assert value("overlaps_two_leads", "2026-03", adviser(cast.adviser_a)).value == 1
    assert value("overlaps_two_leads", "2026-03", adviser(cast.adviser_c)).value == 0
    assert value("overlaps_two_leads", "2026-02").value == 0
    assert value("overlaps_two_leads", "2026-04").value == 0  # A's follow ended on 10 April


def test_a_lead_ending_at_the_first_instant_after_the_period_overlaps_its_last_one(cast):
    two_leads(cast, at("2026-04-01", "00:00:00"))
    assert value("overlaps_two_leads", "2026-03").value == 1
    assert value("overlaps_two_leads", "2026-04").value == 0


def test_a_lead_ending_at_the_last_second_of_the_period_does_not_overlap(cast):
    two_leads(cast, at("2026-03-31", "23:59:59"))
    assert value("overlaps_two_leads", "2026-03").value == 0


def test_refusals_for_already_followed(cast):
    b, a = cast.agency_b, cast.ml_a
    refuse(propose(b, a, at("2026-03-02")), at("2026-03-03"), RefusalReason.ALREADY_FOLLOWED)
    refuse(propose(b, a, at("2026-03-02")), at("2026-03-31", "23:59:59"), RefusalReason.ALREADY_FOLLOWED)
    refuse(propose(b, a, at("2026-03-02")), at("2026-04-01", "00:00:00"), RefusalReason.ALREADY_FOLLOWED)
    refuse(propose(b, a, at("2026-03-02")), at("2026-03-04"), RefusalReason.NO_CAPACITY)
    answered = propose(b, a, at("2026-03-05"), designation=True)
    referrals.referral_refuse(
        referral=answered,
        by=cast.adviser_a,
        organisation=a,
        reason=RefusalReason.ALREADY_FOLLOWED,
        comment="",
        at=at("2026-03-06"),
    )
    assert value("overlaps_refused_already_followed", "2026-03").value == 3
    assert value("overlaps_refused_already_followed", "2026-04").value == 1
    assert value("overlaps_refused_already_followed", "2026-03", of(a)).value == 3
    assert value("overlaps_refused_already_followed", "2026-03", of(cast.ml_c)).value == 0
    assert value("overlaps_refused_already_followed", "2026-03", adviser(cast.adviser_a)).value == 1


def test_a_late_refusal_counts_in_the_period_it_happened(cast):
    refuse(propose(cast.agency_b, cast.ml_a, at("2026-03-02")), at("2026-03-03"), RefusalReason.ALREADY_FOLLOWED)
    Event.objects.filter(kind=EventKind.REFERRAL_REFUSED).update(recorded_at=at("2026-05-12"))
    assert value("overlaps_refused_already_followed", "2026-03").value == 1
    assert value("overlaps_refused_already_followed", "2026-05").value == 0


def create(cast, when, organisation=None, by=None, first_name="Léa"):
    return person_create(
        by=by or cast.adviser_a,
        organisation=organisation or cast.ml_a,
        at=when,
        first_name=first_name,
        last_name="Martin",
        birth_date=datetime.date(2005, 5, 5),
        commune_id="67180",
    )


def test_records_created_as_possible_duplicates(cast):
    create(cast, at("2026-02-20"))  # the first one: not a duplicate
    create(cast, at("2026-03-01"))
    create(cast, at("2026-03-31", "23:59:59"), organisation=cast.ml_c, by=cast.adviser_c)
    create(cast, at("2026-04-01", "00:00:00"))
    create(cast, at("2026-03-10"), first_name="Inès")  # another person
    assert value("overlaps_possible_duplicates", "2026-02").value == 0
    assert value("overlaps_possible_duplicates", "2026-03").value == 2
    assert value("overlaps_possible_duplicates", "2026-04").value == 1
    assert value("overlaps_possible_duplicates", "2026-03", of(cast.ml_a)).value == 1
    assert value("overlaps_possible_duplicates", "2026-03", of(cast.ml_c)).value == 1
    assert value("overlaps_possible_duplicates", "2026-03", Scope("departement", "67")).value == 1
    assert value("overlaps_possible_duplicates", "2026-03", adviser(cast.adviser_c)).value == 1
    assert value("overlaps_possible_duplicates", "2026-03", adviser(cast.adviser_a)).value == 1


def test_the_number_of_queries_does_not_grow_with_the_events(cast):
    queries_of("overlaps", cast)
