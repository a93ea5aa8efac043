"""The path: missions of every agency, the totals over those not cancelled, the trainings reached, and who reads it."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.http import Http404

from tandem.career_paths.enums import CancelReason, MissionStatus
from tandem.career_paths.selectors import days_worked, path_for
from tandem.organisations.enums import OrganisationKind
from tandem.people.enums import Scheme
from tandem.people.services import consent_revoke, scheme_start
from tests.career_paths.factories import (
    TODAY,
    MissionFactory,
    agency_follows_with_consent,
    agency_with_contact,
    young_person,
)
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def person(cast):
    return young_person(cast.adviser_a, cast.ml_a)


def membership(user):
    return user.memberships.select_related("organisation").get()


def test_the_totals_count_two_agencies_missions_and_leave_the_cancelled_one_out(cast, person):
    other, _contact = agency_with_contact("Intérim Nord", "nord@example.org")
    MissionFactory(person=person, agency=cast.temp_agency, starts_on=D(2026, 3, 2), ends_on=D(2026, 3, 6), hours=35)
    MissionFactory(person=person, agency=other, starts_on=D(2026, 3, 16), ends_on=D(2026, 3, 27), hours="70.5")
    MissionFactory(person=person, agency=cast.temp_agency, starts_on=D(2026, 4, 1), ends_on=D(2026, 4, 3), hours=21)
    MissionFactory(
        person=person,
        agency=OrganisationFactory(kind=OrganisationKind.TEMP_AGENCY, name="Intérim annulé"),
        starts_on=D(2026, 5, 4),
        ends_on=D(2026, 5, 29),
        hours=140,
        status=MissionStatus.CANCELLED,
        cancel_reason=CancelReason.TYPING_ERROR,
    )
    path = path_for(person, membership(cast.adviser_a))
    assert path.hours == Decimal("126.5")
    assert path.days == 5 + 12 + 3
    assert path.agencies == 2
    # Newest first, the cancelled one shown.
    assert [m.starts_on for m in path.missions] == [D(2026, 5, 4), D(2026, 4, 1), D(2026, 3, 16), D(2026, 3, 2)]


def test_a_day_covered_by_two_missions_counts_once_and_a_running_one_counts_to_today():
    a = MissionFactory.build(starts_on=D(2026, 3, 2), ends_on=D(2026, 3, 6))
    b = MissionFactory.build(starts_on=D(2026, 3, 5), ends_on=D(2026, 3, 10))
    running = MissionFactory.build(starts_on=D(2026, 3, 20), ends_on=None)
    later = MissionFactory.build(starts_on=D(2026, 4, 1), ends_on=None)
    assert days_worked([a, b], D(2026, 6, 1)) == 9
    assert days_worked([running], D(2026, 3, 22)) == 3
    assert days_worked([later], D(2026, 3, 22)) == 0


def test_the_trainings_reached_are_the_cpf_and_temp_sector_schemes(cast, person):
    scheme_start(person=person, scheme=Scheme.TRAINING_CPF, starts_on=TODAY, by=cast.adviser_a, organisation=cast.ml_a)
    scheme_start(person=person, scheme=Scheme.CEJ, starts_on=TODAY, by=cast.adviser_a, organisation=cast.ml_a)
    path = path_for(person, membership(cast.adviser_a))
    assert [t.scheme for t in path.trainings] == [Scheme.TRAINING_CPF]


def test_the_next_agency_with_consent_reads_the_missions_another_agency_recorded(cast, person):
    other, contact = agency_with_contact("Intérim Nord", "nord@example.org")
    MissionFactory(person=person, agency=other)
    consent = agency_follows_with_consent(person, cast.temp_agency, by=cast.adviser_a, organisation=cast.ml_a)
    path = path_for(person, membership(cast.temp_contact))
    assert [m.agency for m in path.missions] == [other]
    consent_revoke(consent=consent, by=cast.adviser_a, organisation=cast.ml_a)
    with pytest.raises(Http404):
        path_for(person, membership(cast.temp_contact))


@pytest.mark.parametrize("who", ["adviser_c", "observer", "temp_contact"])
def test_outsiders_and_observers_read_nothing(cast, person, who):
    MissionFactory(person=person, agency=cast.temp_agency)
    with pytest.raises(Http404):
        path_for(person, membership(getattr(cast, who)))


def test_a_partner_who_sees_the_person_reads_the_path_but_may_not_record(cast, person):
    from tandem.career_paths.permissions import can_record_for_person
    from tandem.referrals.services import referral_propose

    MissionFactory(person=person, agency=cast.temp_agency)
    referral_propose(person=person, from_organisation=cast.ml_a, to_organisation=cast.agency_b, by=cast.adviser_a)
    agent = membership(cast.agent_b)
    assert len(path_for(person, agent).missions) == 1
    assert not can_record_for_person(agent, person)
