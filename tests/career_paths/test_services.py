"""Recording, changing and cancelling missions, and recording a training reached: who may, and the values' rules."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tandem.career_paths import services
from tandem.career_paths.enums import CancelReason, MissionStatus
from tandem.career_paths.models import Mission
from tandem.core.errors import Conflict
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.people.enums import Scheme
from tandem.people.services import consent_revoke
from tandem.referentials.models import RomeAppellation
from tests.career_paths.factories import TODAY, agency_follows_with_consent, young_person
from tests.employers.factories import EmployerFactory

pytestmark = pytest.mark.django_db

WEEK_AGO = TODAY - datetime.timedelta(days=7)


@pytest.fixture
def person(cast):
    return young_person(cast.adviser_a, cast.ml_a)


def record(cast, person, *, by=None, organisation=None, **fields):
    values = {
        "agency": cast.temp_agency,
        "employer_name": "Logistique du Rhin",
        "job_label": "Préparateur de commandes",
        "rome_code": "N1103",
        "starts_on": WEEK_AGO,
        "ends_on": WEEK_AGO + datetime.timedelta(days=4),
        "hours": Decimal(35),
    } | fields
    return services.mission_record(
        person=person, by=by or cast.temp_contact, organisation=organisation or cast.temp_agency, **values
    )


def test_a_temp_agency_records_a_mission_while_the_persons_consent_stands(cast, person):
    agency_follows_with_consent(person, cast.temp_agency, by=cast.adviser_a, organisation=cast.ml_a)
    mission = record(cast, person)
    assert mission.status == MissionStatus.RECORDED
    assert (mission.agency, mission.organisation, mission.recorded_by) == (
        cast.temp_agency,
        cast.temp_agency,
        cast.temp_contact,
    )
    assert mission.rome_id == "N1103"
    event = Event.objects.get(kind=EventKind.MISSION_RECORDED)
    assert event.person_id == person.pk and event.payload["mission"] == mission.pk
    assert "Préparateur" not in str(event.payload)  # codes, never the free text


def test_a_temp_agency_without_the_persons_consent_is_refused(cast, person):
    agency_follows_with_consent(person, cast.temp_agency, by=cast.adviser_a, organisation=cast.ml_a, consent=False)
    with pytest.raises(PermissionDenied):
        record(cast, person)
    assert not Mission.objects.exists()


def test_a_temp_agency_is_refused_once_the_consent_is_revoked(cast, person):
    consent = agency_follows_with_consent(person, cast.temp_agency, by=cast.adviser_a, organisation=cast.ml_a)
    record(cast, person)
    consent_revoke(consent=consent, by=cast.adviser_a, organisation=cast.ml_a)
    with pytest.raises(PermissionDenied):
        record(cast, person)
    assert Mission.objects.count() == 1


def test_a_temp_agency_records_for_its_own_agency_only(cast, person):
    from tests.career_paths.factories import agency_with_contact

    other, _contact = agency_with_contact("Intérim Nord", "nord@example.org")
    agency_follows_with_consent(person, cast.temp_agency, by=cast.adviser_a, organisation=cast.ml_a)
    with pytest.raises(PermissionDenied):
        record(cast, person, agency=other)


def test_the_lead_mission_locale_records_a_mission_the_young_person_reports(cast, person):
    # No consent needed: the Mission Locale writes what the person told it, naming the agency.
    mission = record(cast, person, by=cast.adviser_a, organisation=cast.ml_a)
    assert mission.agency == cast.temp_agency and mission.organisation == cast.ml_a


def test_the_lead_names_a_temp_agency_only(cast, person):
    with pytest.raises(ValidationError) as error:
        record(cast, person, by=cast.adviser_a, organisation=cast.ml_a, agency=cast.agency_b)
    assert "agency" in error.value.message_dict


@pytest.mark.parametrize("who", ["adviser_c", "agent_b", "observer"])
def test_others_are_refused(cast, person, who):
    user = getattr(cast, who)
    organisation = user.memberships.get().organisation
    with pytest.raises(PermissionDenied):
        record(cast, person, by=user, organisation=organisation)
    assert not Mission.objects.exists()


def test_a_user_acting_for_an_organisation_they_are_not_a_member_of_is_refused(cast, person):
    with pytest.raises(PermissionDenied):
        record(cast, person, by=cast.adviser_c, organisation=cast.ml_a)


def test_a_mission_ends_after_it_starts(cast, person):
    with pytest.raises(ValidationError) as error:
        record(cast, person, by=cast.adviser_a, organisation=cast.ml_a, ends_on=WEEK_AGO - datetime.timedelta(days=1))
    assert "ends_on" in error.value.message_dict


def test_more_than_twelve_hours_per_calendar_day_is_refused_in_french(cast, person):
    # Five days (both ends counted): 60 h is the most.
    assert record(cast, person, by=cast.adviser_a, organisation=cast.ml_a, hours=Decimal(60)).hours == 60
    with pytest.raises(ValidationError) as error:
        record(cast, person, by=cast.adviser_a, organisation=cast.ml_a, hours=Decimal("60.5"))
    assert error.value.message_dict["hours"] == [
        "60,50 heures sur 5 jour(s) de mission, c'est plus de 12 heures par jour : vérifiez les heures ou les dates."
    ]


def test_a_running_mission_counts_its_days_so_far(cast, person):
    kwargs = {"by": cast.adviser_a, "organisation": cast.ml_a, "starts_on": TODAY, "ends_on": None}
    assert record(cast, person, hours=Decimal(12), **kwargs).ends_on is None
    with pytest.raises(ValidationError):
        record(cast, person, hours=Decimal(13), **kwargs)


def test_hours_are_not_negative(cast, person):
    with pytest.raises(ValidationError) as error:
        record(cast, person, by=cast.adviser_a, organisation=cast.ml_a, hours=Decimal(-1))
    assert "hours" in error.value.message_dict


def test_the_company_is_named_either_way(cast, person):
    with pytest.raises(ValidationError) as error:
        record(cast, person, by=cast.adviser_a, organisation=cast.ml_a, employer_name="  ")
    assert "employer_name" in error.value.message_dict
    company = EmployerFactory(name="Boulangerie Haguenau", commune_id="67180")
    mission = record(cast, person, by=cast.adviser_a, organisation=cast.ml_a, employer=company)
    assert mission.employer == company and mission.employer_name == ""  # named once


def test_an_unknown_rome_code_is_refused(cast, person):
    with pytest.raises(ValidationError) as error:
        record(cast, person, by=cast.adviser_a, organisation=cast.ml_a, rome_code="Z9999")
    assert "rome_code" in error.value.message_dict


def test_only_the_recording_organisation_changes_or_cancels_a_mission(cast, person):
    agency_follows_with_consent(person, cast.temp_agency, by=cast.adviser_a, organisation=cast.ml_a)
    mission = record(cast, person)
    with pytest.raises(PermissionDenied):
        services.mission_cancel(
            mission=mission, reason=CancelReason.DUPLICATE, by=cast.adviser_a, organisation=cast.ml_a
        )
    with pytest.raises(PermissionDenied):
        services.mission_update(
            mission=mission,
            agency=cast.temp_agency,
            employer_name="Autre",
            job_label="Cariste",
            starts_on=WEEK_AGO,
            hours=Decimal(7),
            by=cast.adviser_a,
            organisation=cast.ml_a,
        )
    mission.refresh_from_db()
    assert mission.status == MissionStatus.RECORDED and mission.job_label == "Préparateur de commandes"


def test_the_recording_agency_changes_its_mission_and_the_event_names_the_fields(cast, person):
    agency_follows_with_consent(person, cast.temp_agency, by=cast.adviser_a, organisation=cast.ml_a)
    mission = record(cast, person)
    services.mission_update(
        mission=mission,
        agency=cast.temp_agency,
        employer_name="Logistique du Rhin",
        job_label="Cariste",
        rome_code="N1101",
        starts_on=WEEK_AGO,
        ends_on=WEEK_AGO + datetime.timedelta(days=4),
        hours=Decimal(28),
        by=cast.temp_contact,
        organisation=cast.temp_agency,
    )
    mission.refresh_from_db()
    assert (mission.job_label, mission.hours, mission.rome_id) == ("Cariste", 28, "N1101")
    event = Event.objects.get(kind=EventKind.MISSION_UPDATED)
    assert event.payload["fields"] == ["hours", "job_label", "rome"]


def test_a_cancelled_mission_keeps_its_reason_and_changes_no_more(cast, person):
    agency_follows_with_consent(person, cast.temp_agency, by=cast.adviser_a, organisation=cast.ml_a)
    mission = record(cast, person)
    with pytest.raises(ValidationError):
        services.mission_cancel(mission=mission, reason="", by=cast.temp_contact, organisation=cast.temp_agency)
    services.mission_cancel(
        mission=mission, reason=CancelReason.NOT_HELD, by=cast.temp_contact, organisation=cast.temp_agency
    )
    mission.refresh_from_db()
    assert (mission.status, mission.cancel_reason) == (MissionStatus.CANCELLED, CancelReason.NOT_HELD)
    event = Event.objects.get(kind=EventKind.MISSION_CANCELLED)
    assert event.person_id == person.pk and event.payload["reason"] == "not_held"
    with pytest.raises(Conflict):
        services.mission_update(
            mission=mission,
            agency=cast.temp_agency,
            employer_name="Logistique du Rhin",
            job_label="Cariste",
            starts_on=WEEK_AGO,
            hours=Decimal(7),
            by=cast.temp_contact,
            organisation=cast.temp_agency,
        )
    with pytest.raises(ValidationError):
        services.mission_cancel(
            mission=mission, reason=CancelReason.DUPLICATE, by=cast.temp_contact, organisation=cast.temp_agency
        )


def test_a_training_reached_is_a_scheme_entry_with_the_rights_of_a_mission(cast, person):
    enrolment = services.training_record(
        person=person, scheme=Scheme.TRAINING_TEMP_SECTOR, starts_on=TODAY, by=cast.adviser_a, organisation=cast.ml_a
    )
    assert enrolment.scheme == Scheme.TRAINING_TEMP_SECTOR and enrolment.person == person
    assert Event.objects.filter(kind=EventKind.SCHEME_STARTED, person=person).count() == 1
    with pytest.raises(ValidationError):
        services.training_record(
            person=person, scheme=Scheme.CEJ, starts_on=TODAY, by=cast.adviser_a, organisation=cast.ml_a
        )
    with pytest.raises(PermissionDenied):
        services.training_record(
            person=person,
            scheme=Scheme.TRAINING_CPF,
            starts_on=TODAY,
            by=cast.temp_contact,
            organisation=cast.temp_agency,
        )
    with pytest.raises(PermissionDenied):
        services.training_record(
            person=person, scheme=Scheme.TRAINING_CPF, starts_on=TODAY, by=cast.adviser_c, organisation=cast.ml_c
        )


def test_an_appellation_gives_its_rome_code_and_must_match_the_one_given(cast, person):
    appellation = RomeAppellation.objects.create(code_ogr="990001", label="Cariste d'entrepôt", rome_id="N1101")
    kwargs = {"by": cast.adviser_a, "organisation": cast.ml_a, "rome_code": ""}
    mission = record(cast, person, appellation_code="990001", **kwargs)
    assert (mission.appellation, mission.rome_id) == (appellation, "N1101")
    with pytest.raises(ValidationError) as error:
        record(cast, person, appellation_code="990001", **(kwargs | {"rome_code": "N1103"}))
    assert "relève du code ROME N1101" in error.value.message_dict["appellation_code"][0]
    with pytest.raises(ValidationError) as error:
        record(cast, person, appellation_code="000000", **kwargs)
    assert "appellation_code" in error.value.message_dict
