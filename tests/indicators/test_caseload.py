"""The caseload family on hand-built histories: every figure below is counted by hand from the scenario."""

import datetime
from decimal import Decimal

import pytest

from tandem.exits import services as exit_services
from tandem.indicators.scopes import Scope
from tandem.partnerships.models import Secondment
from tandem.referrals import services
from tests.indicators.people_scenarios import adviser, colleague, late, lead, of, queries_of, value, young
from tests.indicators.scenarios import at, convention_of, propose


@pytest.fixture
def march(cast):
    """Mission Locale A (Bas-Rhin: advisers A and A2) and Mission Locale C (Gironde: adviser C):
    - p1 led by A (adviser A) since 10 February, handed to adviser A2 on 15 March (no entry for A);
    - p2 led by A (adviser A) from 5 March (an entry);
    - p3 led by C from 6 March (an entry);
    - p4 led by A from 10 March, handed over to C on 20 March (an entry for A, then for C; nationally one).
    At the end of March: A leads p1 and p2, C leads p3 and p4 (4 nationally); at the end of February, A leads p1."""
    a2 = colleague(cast.ml_a, "a2@example.org")
    p1, p2, p3, p4 = young(), young(), young(), young()
    lead(p1, cast.ml_a, cast.adviser_a, at("2026-02-10"))
    lead(p2, cast.ml_a, cast.adviser_a, at("2026-03-05"))
    lead(p3, cast.ml_c, cast.adviser_c, at("2026-03-06"))
    lead(p4, cast.ml_a, cast.adviser_a, at("2026-03-10"))
    lead(p1, cast.ml_a, a2, at("2026-03-15"))
    lead(p4, cast.ml_c, cast.adviser_c, at("2026-03-20"))
    return a2


def test_the_caseload_is_the_young_people_led_at_the_end_of_the_period(cast, march):
    assert value("caseload_active", "2026-03").value == 4
    assert value("caseload_active", "2026-03", of(cast.ml_a)).value == 2
    assert value("caseload_active", "2026-03", of(cast.ml_c)).value == 2
    assert value("caseload_active", "2026-02", of(cast.ml_a)).value == 1
    assert value("caseload_active", "2026-02", of(cast.ml_c)).value == 0
    assert value("caseload_active", "2026-01").value == 0
    # Territories: A is in the Bas-Rhin (Grand Est), C in Gironde (Nouvelle-Aquitaine).
    assert value("caseload_active", "2026-03", Scope("departement", "67")).value == 2
    assert value("caseload_active", "2026-03", Scope("region", "75")).value == 2
    assert value("caseload_active", "2026-03", Scope("departement", "75")).value == 0
    assert value("caseload_active", "2026-03", of(cast.agency_b)).value == 0


def test_a_young_person_who_left_their_lead_s_accompaniment_is_no_longer_in_the_caseload(cast):
    """q1 and q2 led by A (adviser A) since 5 March; q2 leaves A on 20 March (an exit A records): A's caseload at
    the end of March (and of the first quarter) is q1 alone. Cancelled, the exit no longer counts."""
    q1, q2 = young(), young()
    lead(q1, cast.ml_a, cast.adviser_a, at("2026-03-05"))
    lead(q2, cast.ml_a, cast.adviser_a, at("2026-03-05"))
    left = exit_services.exit_record(
        person=q2,
        exited_on=datetime.date(2026, 3, 20),
        reason="employment",
        contract_type="cdi",
        by=cast.adviser_a,
        organisation=cast.ml_a,
    )
    assert value("caseload_active", "2026-03", of(cast.ml_a)).value == 1
    assert value("caseload_active", "2026-Q1", of(cast.ml_a)).value == 1
    assert value("caseload_active", "2026-03", adviser(cast.adviser_a)).value == 1
    assert value("caseload_active", "2026-03").value == 1
    exit_services.exit_cancel(exit=left, reason="typing_error", by=cast.adviser_a, organisation=cast.ml_a)
    assert value("caseload_active", "2026-03", of(cast.ml_a)).value == 2


def test_an_exit_before_the_lead_began_does_not_take_the_lead_away(cast):
    """q left A on 10 March, then C became their lead on 15 March: C's caseload holds q; A's exit is A's alone."""
    q = young()
    lead(q, cast.ml_a, cast.adviser_a, at("2026-02-02"))
    exit_services.exit_record(
        person=q, exited_on=datetime.date(2026, 3, 10), reason="moved_away", by=cast.adviser_a, organisation=cast.ml_a
    )
    assert value("caseload_active", "2026-03", of(cast.ml_a)).value == 0
    lead(q, cast.ml_c, cast.adviser_c, at("2026-03-15"))
    assert value("caseload_active", "2026-03", of(cast.ml_c)).value == 1
    assert value("caseload_active", "2026-02", of(cast.ml_a)).value == 1


def test_an_adviser_s_caseload_is_the_young_people_they_lead(cast, march):
    assert value("caseload_active", "2026-03", adviser(cast.adviser_a)).value == 1  # p2
    assert value("caseload_active", "2026-03", adviser(march)).value == 1  # p1
    assert value("caseload_active", "2026-02", adviser(cast.adviser_a)).value == 1  # p1, then
    assert value("caseload_active", "2026-03", adviser(cast.adviser_c)).value == 2


def test_entries_are_the_young_people_whose_lead_came_into_the_scope(cast, march):
    assert value("caseload_entries", "2026-03").value == 3  # p2, p3, p4: p4's hand-over is no new entry
    assert value("caseload_entries", "2026-02").value == 1
    assert value("caseload_entries", "2026-03", of(cast.ml_a)).value == 2  # p2, p4; p1 changed adviser inside A
    assert value("caseload_entries", "2026-03", of(cast.ml_c)).value == 2  # p3, p4 (handed over)
    assert value("caseload_entries", "2026-03", adviser(march)).value == 1  # p1 came to A2
    assert value("caseload_entries", "2026-03", adviser(cast.adviser_a)).value == 2  # p2, p4
    assert value("caseload_entries", "2026-04").value == 0


def test_a_young_person_entering_twice_counts_once(cast):
    person = young()
    lead(person, cast.ml_a, cast.adviser_a, at("2026-05-02"))
    lead(person, cast.ml_c, cast.adviser_c, at("2026-05-10"))
    lead(person, cast.ml_a, cast.adviser_a, at("2026-05-20"))
    assert value("caseload_entries", "2026-05", of(cast.ml_a)).value == 1
    assert value("caseload_entries", "2026-05", of(cast.ml_c)).value == 1
    assert value("caseload_active", "2026-05", of(cast.ml_a)).value == 1
    assert value("caseload_active", "2026-05", of(cast.ml_c)).value == 0


def test_a_designation_accepted_brings_the_young_person_into_the_caseload(cast):
    referral = propose(cast.agency_b, cast.ml_a, at("2026-06-01"), designation=True)
    services.referral_accept(referral=referral, by=cast.adviser_a, organisation=cast.ml_a, at=at("2026-06-03"))
    assert value("caseload_entries", "2026-06", of(cast.ml_a)).value == 1
    assert value("caseload_active", "2026-06", of(cast.ml_a)).value == 1
    assert value("caseload_active", "2026-06", of(cast.agency_b)).value == 0  # a contributor, not a lead


def test_the_last_second_of_march_and_the_first_of_april(cast):
    lead(young(), cast.ml_a, cast.adviser_a, at("2026-03-31", "23:59:59"))
    lead(young(), cast.ml_a, cast.adviser_a, at("2026-04-01", "00:00:00"))
    assert value("caseload_active", "2026-03").value == 1
    assert value("caseload_entries", "2026-03").value == 1
    assert value("caseload_active", "2026-Q2").value == 2
    assert value("caseload_entries", "2026-04").value == 1
    assert value("caseload_entries", "2026-Q1").value == 1


def test_a_late_event_counts_in_the_period_it_happened(cast):
    """A hand-over recorded in May about 25 March moves March's figures, not May's entries."""
    person = young()
    lead(person, cast.ml_a, cast.adviser_a, at("2026-03-02"))
    assert value("caseload_active", "2026-03", of(cast.ml_c)).value == 0
    lead(person, cast.ml_c, cast.adviser_c, at("2026-03-25"))
    late(person, at("2026-05-12"))
    assert value("caseload_active", "2026-03", of(cast.ml_c)).value == 1
    assert value("caseload_active", "2026-03", of(cast.ml_a)).value == 0
    assert value("caseload_entries", "2026-03", of(cast.ml_c)).value == 1
    assert value("caseload_entries", "2026-05", of(cast.ml_c)).value == 0


def test_per_adviser_divides_by_the_advisers_whose_membership_runs_at_the_period_s_end(cast, march):
    # A has adviser A, A2 and one who left on 15 March (a manager does not count).
    colleague(cast.ml_a, "left@example.org", ends_on=datetime.date(2026, 3, 15))
    colleague(cast.ml_a, "later@example.org", starts_on=datetime.date(2026, 4, 1))
    figure = value("caseload_per_adviser", "2026-03", of(cast.ml_a))
    assert (figure.value, figure.numerator, figure.denominator) == (1.0, 2, 2)
    february = value("caseload_per_adviser", "2026-02", of(cast.ml_a))
    assert (february.value, february.numerator, february.denominator) == (0.3, 1, 3)
    mine = value("caseload_per_adviser", "2026-03", adviser(cast.adviser_c))
    assert (mine.value, mine.numerator, mine.denominator) == (2.0, 2, 1)
    empty = value("caseload_per_adviser", "2026-03", of(cast.agency_b))  # agent B, no caseload
    assert (empty.value, empty.numerator, empty.denominator) == (0.0, 0, 1)
    assert value("caseload_per_adviser", "2026-03", Scope("departement", "75")).value is None
    # The Bas-Rhin: advisers A, A2 and agent B; the temp agency's contact is no adviser of young people.
    territory = value("caseload_per_adviser", "2026-03", Scope("departement", "67"))
    assert (territory.value, territory.numerator, territory.denominator) == (0.7, 2, 3)


def test_per_seconded_fte_divides_by_the_secondments_running_at_the_period_s_end(cast, march):
    convention = convention_of(cast, cast.ml_a, cast.agency_b)

    def second(fte, starts_on, ends_on=None, agent=None):
        Secondment.objects.create(
            convention=convention,
            agent_name="Agent",
            agent=agent,
            from_agency=cast.agency_b,
            to_mission_locale=cast.ml_a,
            fte=Decimal(fte),
            starts_on=datetime.date.fromisoformat(starts_on),
            ends_on=datetime.date.fromisoformat(ends_on) if ends_on else None,
        )

    second("0.50", "2026-01-01", agent=march)
    second("0.25", "2026-01-01", "2026-02-28")
    second("1.00", "2026-04-01")
    figure = value("caseload_per_seconded_fte", "2026-03", of(cast.ml_a))
    assert (figure.value, figure.numerator) == (4.0, 2)
    assert figure.breakdown == {"caseload": 2, "fte_hundredths": 50}
    february = value("caseload_per_seconded_fte", "2026-02", of(cast.ml_a))
    assert february.value == 1.3  # 1 ÷ 0.75
    assert february.breakdown["fte_hundredths"] == 75
    assert value("caseload_per_seconded_fte", "2026-03", adviser(march)).value == 2.0  # p1 ÷ A2's 0.5
    assert value("caseload_per_seconded_fte", "2026-03", of(cast.ml_c)).value is None  # no secondment
    assert value("caseload_per_seconded_fte", "2026-03", Scope("convention", str(convention.pk))).value == 4.0


def test_a_convention_s_caseload_is_its_parties_leads(cast, march):
    convention = convention_of(cast, cast.ml_a, cast.agency_b)
    assert value("caseload_active", "2026-03", Scope("convention", str(convention.pk))).value == 2


def test_the_number_of_queries_does_not_grow_with_the_events(cast):
    queries_of("caseload", cast)
