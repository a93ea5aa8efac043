"""A France Travail list may carry each registrant's jobs sought (columns `rome`, `appellation`, codes separated
by `|`): they start the job project in the same transaction as the record; an unknown code is the row's error."""

from __future__ import annotations

from tandem.designations.enums import RecordOutcome
from tandem.designations.parsing import row_from_fields
from tandem.designations.services import designation_import, designation_submit
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.people.models import JobProfile, Person
from tandem.people.services import job_profile_save
from tandem.referrals.services import referral_accept
from tests.designations.factories import HEADER, born, csv_file, row

JOB_HEADER = [*HEADER, "rome", "appellation"]


def job_row(ft_identifier: str, last_name: str, rome: str = "", appellation: str = "") -> list[str]:
    return [*row(ft_identifier, last_name, "Léa", born(19)), rome, appellation]


def sought(person: Person) -> tuple[set[str], set[str]]:
    profile = JobProfile.objects.get(person=person)
    return (
        set(profile.sought_romes.values_list("code", flat=True)),
        set(profile.sought_appellations.values_list("code_ogr", flat=True)),
    )


def test_the_jobs_of_a_list_start_the_job_project_of_each_new_record(cast):
    data = csv_file(
        [
            job_row("3000001A", "Cuisine", rome="G1602|g1603", appellation="12758"),
            job_row("3000002A", "Soins", rome="J1501"),
            job_row("3000003A", "Sansmetier"),
        ],
        header=JOB_HEADER,
    )
    report = designation_import(rows_or_file=data, agency=cast.agency_b, by=cast.agent_b)
    assert report.errors == [] and report.created == 3
    assert sought(Person.objects.get(ft_identifier="3000001A")) == ({"G1602", "G1603"}, {"12758"})
    assert sought(Person.objects.get(ft_identifier="3000002A")) == ({"J1501"}, set())
    assert not JobProfile.objects.filter(person__ft_identifier="3000003A").exists()
    event = Event.objects.get(person__ft_identifier="3000002A", kind=EventKind.JOB_PROFILE_UPDATED)
    assert event.actor_organisation == cast.agency_b and event.payload["romes"] == ["J1501"]


def test_an_unknown_or_malformed_code_is_the_row_s_error_and_the_row_writes_nothing(cast):
    data = csv_file(
        [
            job_row("3000001A", "Bon", rome="G1602"),
            job_row("3000002A", "Inconnu", rome="G1602|Z9999"),
            job_row("3000003A", "Appellation", appellation="424242"),
            job_row("3000004A", "Virgule", rome="G1602,G1603"),
        ],
        delimiter=";",
        header=JOB_HEADER,
    )
    report = designation_import(rows_or_file=data, agency=cast.agency_b, by=cast.agent_b)
    errors = {item.line: item.reason for item in report.errors}
    assert set(errors) == {3, 4, 5}
    assert "code ROME inconnu « Z9999 »" in errors[3]
    assert "code d'appellation (OGR) inconnu « 424242 »" in errors[4]
    assert "code ROME invalide « G1602,G1603 »" in errors[5] and "« | »" in errors[5]
    assert report.created == 1
    assert set(Person.objects.filter(ft_identifier__startswith="30000").values_list("ft_identifier", flat=True)) == {
        "3000001A"
    }


def test_importing_the_same_list_twice_changes_nothing(cast):
    data = csv_file([job_row("3000001A", "Cuisine", rome="G1602", appellation="12758")], header=JOB_HEADER)
    designation_import(rows_or_file=data, agency=cast.agency_b, by=cast.agent_b)
    events = Event.objects.count()
    report = designation_import(rows_or_file=data, agency=cast.agency_b, by=cast.agent_b)
    assert (report.unchanged, report.updated, report.created) == (1, 0, 0) and report.changes_refused == []
    assert Event.objects.count() == events


def test_jobs_of_a_known_record_the_agency_leads_are_added_to_its_project(cast):
    first = csv_file([job_row("3000001A", "Cuisine", rome="G1602")], header=JOB_HEADER)
    designation_import(rows_or_file=first, agency=cast.agency_b, by=cast.agent_b)
    person = Person.objects.get(ft_identifier="3000001A")
    job_profile_save(
        person=person, by=cast.agent_b, organisation=cast.agency_b, rome_codes=["G1602"], max_distance_km=12
    )
    second = csv_file([job_row("3000001A", "Cuisine", rome="J1501")], header=JOB_HEADER)
    report = designation_import(rows_or_file=second, agency=cast.agency_b, by=cast.agent_b)
    assert report.updated == 1 and report.changes_refused == []
    assert sought(person) == ({"G1602", "J1501"}, set())
    assert JobProfile.objects.get(person=person).max_distance_km == 12  # the rest of the project is kept


def test_jobs_of_a_record_led_by_the_mission_locale_are_reported_not_added(cast):
    data = csv_file([job_row("3000001A", "Cuisine", rome="G1602")], header=JOB_HEADER)
    report = designation_import(rows_or_file=data, agency=cast.agency_b, by=cast.agent_b)
    person = Person.objects.get(ft_identifier="3000001A")
    referral = person.referrals.get()
    referral_accept(referral=referral, by=cast.adviser_a, organisation=cast.ml_a)  # Mission Locale A now leads
    again = csv_file([job_row("3000001A", "Cuisine", rome="G1602|J1501")], header=JOB_HEADER)
    report = designation_import(rows_or_file=again, agency=cast.agency_b, by=cast.agent_b)
    assert report.results[0].record == RecordOutcome.NOT_LEAD
    assert [item.line for item in report.changes_refused] == [2]
    assert "métiers recherchés non ajoutés (J1501)" in report.changes_refused[0].reason
    assert sought(person) == ({"G1602"}, set())


def test_one_registrant_through_the_api_carries_jobs_too(client, cast):
    submission = designation_submit(
        row=row_from_fields(
            ft_identifier="3000009Z",
            last_name="Formulaire",
            first_name="Léa",
            birth_date=born(19),
            commune_code="67544",
            rome_codes=["N1103"],
        ),
        agency=cast.agency_b,
        by=cast.agent_b,
    )
    assert sought(submission.person) == ({"N1103"}, set())
    client.force_login(cast.agent_b)
    response = client.post(
        "/api/v1/designations",
        {
            "ft_identifier": "3000010Z",
            "last_name": "Api",
            "first_name": "Léo",
            "birth_date": born(20).isoformat(),
            "commune_code": "67544",
            "rome_codes": ["Z9999"],
        },
        content_type="application/json",
    )
    assert response.status_code == 422 and "Z9999" in response.json()["detail"]
    assert not Person.objects.filter(ft_identifier="3000010Z").exists()
