"""The schemes family on hand-built histories: every figure below is counted by hand from the scenario."""

import datetime

import pytest
from django.utils import timezone

from tandem.events.enums import EventKind
from tandem.events.services import event_record
from tandem.indicators.scopes import Scope
from tandem.offers.enums import ContractType
from tandem.people.enums import Scheme
from tandem.people.models import SchemeEnrolment
from tandem.people.services import scheme_end, scheme_start
from tandem.referrals import services as referrals
from tests.indicators.people_scenarios import adviser, hire, of, queries_of, value, young
from tests.indicators.scenarios import at, convention_of, meet, propose


def start(cast, scheme, day, organisation=None, by=None):
    organisation = organisation or cast.ml_a
    return scheme_start(
        person=young(),
        scheme=scheme,
        starts_on=datetime.date.fromisoformat(day),
        by=by or cast.adviser_a,
        organisation=organisation,
    )


@pytest.fixture
def march(cast):
    """Entries started in March (recorded today, so all late): by A two CEJ, one PACEA, one CPF training; by C
    one PLIE; in February by A one IAE."""
    start(cast, Scheme.CEJ, "2026-03-02")
    start(cast, Scheme.CEJ, "2026-03-31")
    start(cast, Scheme.PACEA, "2026-03-10")
    start(cast, Scheme.TRAINING_CPF, "2026-03-12")
    start(cast, Scheme.PLIE, "2026-03-15", organisation=cast.ml_c, by=cast.adviser_c)
    start(cast, Scheme.IAE, "2026-02-27")


def test_scheme_starts_are_split_by_scheme_with_zeros(cast, march):
    figure = value("schemes_started", "2026-03")
    assert figure.value == 5
    assert set(figure.breakdown) == set(Scheme.values)
    assert figure.breakdown[Scheme.CEJ] == 2
    assert figure.breakdown[Scheme.PACEA] == 1
    assert figure.breakdown[Scheme.TRAINING_CPF] == 1
    assert figure.breakdown[Scheme.PLIE] == 1
    assert figure.breakdown[Scheme.IAE] == 0
    assert value("schemes_started", "2026-02").breakdown[Scheme.IAE] == 1
    assert value("schemes_started", "2026-Q1").value == 6


def test_scheme_starts_count_where_they_were_recorded(cast, march):
    assert value("schemes_started", "2026-03", of(cast.ml_a)).value == 4
    assert value("schemes_started", "2026-03", of(cast.ml_c)).value == 1
    assert value("schemes_started", "2026-03", Scope("departement", "33")).value == 1
    assert value("schemes_started", "2026-03", Scope("departement", "75")).value == 0
    assert value("schemes_started", "2026-03", adviser(cast.adviser_a)).value == 4
    assert value("schemes_started", "2026-03", adviser(cast.director_a)).value == 0


def test_a_late_entry_counts_in_the_month_it_started(cast, march):
    """Every entry above was recorded today about March: March holds them, this month does not."""
    this_month = f"{timezone.localdate():%Y-%m}"
    assert value("schemes_started", "2026-03").value == 5
    assert value("schemes_started", this_month).value == 0


def test_the_last_second_of_march_and_the_first_of_april(cast):
    enrolment = start(cast, Scheme.PACEA, "2026-03-01")
    for moment in (at("2026-03-31", "23:59:59"), at("2026-04-01", "00:00:00")):
        event_record(
            kind=EventKind.SCHEME_STARTED,
            by=cast.adviser_a,
            organisation=cast.ml_a,
            person=enrolment.person,
            subject=enrolment,
            occurred_at=moment,
            payload={"scheme": Scheme.CEJ},
        )
    assert value("schemes_started", "2026-03").breakdown[Scheme.CEJ] == 1
    assert value("schemes_started", "2026-04").breakdown[Scheme.CEJ] == 1


def test_a_designation_s_first_meeting_starts_the_delegated_ppae(cast):
    referral = propose(cast.agency_b, cast.ml_a, at("2026-03-01"), designation=True)
    referrals.referral_accept(referral=referral, by=cast.adviser_a, organisation=cast.ml_a, at=at("2026-03-02"))
    meet(referral, "2026-03-05")
    figure = value("schemes_started", "2026-03", of(cast.ml_a))
    assert figure.breakdown[Scheme.PPAE_DELEGATED] == 1


def test_scheme_ends_count_on_the_day_they_are_recorded(cast, march):
    enrolment = SchemeEnrolment.objects.get(scheme=Scheme.PACEA)
    scheme_end(enrolment=enrolment, ends_on=datetime.date(2026, 4, 30), by=cast.adviser_a, organisation=cast.ml_a)
    this_month = f"{timezone.localdate():%Y-%m}"
    figure = value("schemes_ended", this_month)
    assert figure.value == 1
    assert figure.breakdown[Scheme.PACEA] == 1
    assert set(figure.breakdown) == set(Scheme.values)
    assert value("schemes_ended", this_month, of(cast.ml_c)).value == 0
    assert value("schemes_ended", this_month, adviser(cast.adviser_a)).value == 1
    assert value("schemes_ended", "2026-04").value == 0


def test_subsidised_hires_are_split_by_contract(cast):
    hire(cast, ContractType.APPRENTICESHIP, at("2026-03-03"))
    hire(cast, ContractType.APPRENTICESHIP, at("2026-03-31", "23:59:59"))
    hire(cast, ContractType.IAE, at("2026-03-10"))
    hire(cast, ContractType.PEC, at("2026-04-01", "00:00:00"))
    hire(cast, ContractType.CDD, at("2026-03-12"))  # not subsidised
    figure = value("schemes_subsidised_hires", "2026-03")
    assert figure.value == 3
    assert figure.breakdown[ContractType.APPRENTICESHIP] == 2
    assert figure.breakdown[ContractType.IAE] == 1
    assert figure.breakdown[ContractType.PEC] == 0
    assert ContractType.CDD not in figure.breakdown
    assert value("schemes_subsidised_hires", "2026-04").breakdown[ContractType.PEC] == 1


def test_subsidised_hires_belong_to_both_sides_of_the_positioning(cast):
    hire(cast, ContractType.PROFESSIONALISATION, at("2026-03-03"))  # A proposed, B's offer
    convention = convention_of(cast, cast.ml_a, cast.agency_b)
    other = convention_of(cast, cast.ml_a, cast.temp_agency)
    figure = lambda scope: value("schemes_subsidised_hires", "2026-03", scope).value  # noqa: E731
    assert figure(of(cast.ml_a)) == 1
    assert figure(of(cast.agency_b)) == 1
    assert figure(of(cast.ml_c)) == 0
    assert figure(Scope("convention", str(convention.pk))) == 1
    assert figure(Scope("convention", str(other.pk))) == 0
    assert figure(adviser(cast.adviser_a)) == 1  # who proposed
    assert figure(adviser(cast.adviser_c)) == 0


def test_the_number_of_queries_does_not_grow_with_the_events(cast):
    queries_of("schemes", cast)
