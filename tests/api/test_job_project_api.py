"""The job project through the API: read by whoever sees the person, replaced by their lead, codes checked."""

from __future__ import annotations

import pytest

from tandem.accounts.enums import Role, TokenScope
from tandem.accounts.services import api_token_create
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.people.models import JobProfile, Person
from tandem.people.services import follow_add_contributor, job_profile_save
from tests.people.test_views import make_person

PROJECT = {
    "rome_codes": ["G1602"],
    "appellation_codes": ["12758"],
    "wished_contract_types": ["cdi", "seasonal"],
    "max_distance_km": 20,
    "has_driving_licence": True,
    "qualification_level": "4",
    "skills": "Plonge\nMise en place",
    "experiences": [{"title": "Commis", "sector": "Restauration", "duration_months": 6, "year": 2024}],
    "trainings": [{"title": "Bac pro cuisine", "year": 2024, "level": "4"}],
    "languages": [{"language": "Anglais", "level": "intermediate"}],
}


@pytest.fixture
def person(cast):
    person = make_person(cast)
    follow_add_contributor(person=person, organisation=cast.agency_b, by=cast.agent_b)
    return person


def bearer(organisation, *, scope=TokenScope.WRITE, role=Role.ADVISER, by) -> dict[str, str]:
    _token, key = api_token_create(organisation=organisation, name="SI", scope=scope, role=role, by=by)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def put(client, person, body, headers):
    return client.put(f"/api/v1/people/{person.pk}/job-project", body, content_type="application/json", **headers)


def test_the_lead_s_system_replaces_the_job_project_and_reads_it_back(client, cast, person):
    headers = bearer(cast.ml_a, by=cast.director_a)
    response = put(client, person, PROJECT, headers)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["sought_romes"] == [{"code": "G1602", "label": "Personnel de cuisine"}]
    assert data["sought_appellations"][0] == {
        "code": "12758",
        "label": "Commis de cuisine tournant / Commise de cuisine tournante",
        "rome_code": "G1602",
    }
    assert data["qualification_level"] == "4" and data["trainings"][0]["level"] == "4"
    assert client.get(f"/api/v1/people/{person.pk}/job-project", **headers).json() == data
    event = Event.objects.get(person=person, kind=EventKind.JOB_PROFILE_UPDATED)
    assert event.actor is None and event.actor_organisation == cast.ml_a
    # PUT replaces: what is left out takes its empty value.
    emptied = put(client, person, {"rome_codes": ["J1501"]}, headers).json()
    assert emptied["sought_appellations"] == [] and emptied["experiences"] == [] and emptied["max_distance_km"] == 30


def test_a_person_without_a_project_reads_its_empty_values(client, cast, person):
    client.force_login(cast.adviser_a)
    data = client.get(f"/api/v1/people/{person.pk}/job-project").json()
    assert data["sought_romes"] == [] and data["max_distance_km"] == 30 and data["updated_at"] is None


def test_an_unknown_rome_code_is_a_422_naming_it_and_nothing_changes(client, cast, person):
    headers = bearer(cast.ml_a, by=cast.director_a)
    response = put(client, person, {**PROJECT, "rome_codes": ["G1602", "Z9999"]}, headers)
    assert response.status_code == 422
    assert "rome_codes" in response.json()["detail"] and "Z9999" in response.json()["detail"]
    response = put(client, person, {**PROJECT, "appellation_codes": ["424242"]}, headers)
    assert response.status_code == 422 and "424242" in response.json()["detail"]
    assert not JobProfile.objects.filter(person=person).exists()


def test_values_of_the_wrong_type_or_out_of_bounds_are_refused(client, cast, person):
    headers = bearer(cast.ml_a, by=cast.director_a)
    for wrong in (
        {"max_distance_km": "20"},
        {"max_distance_km": 0},
        {"has_vehicle": 1},
        {"qualification_level": "bac+2"},
        {"wished_contract_types": ["cui_cae"]},
        {"experiences": [{"title": "Commis", "duration_months": "6"}]},
        {"rome_codes": [f"G16{n:02}" for n in range(11)]},
        # A row is an object: a bare text is not read through its attributes ("AAA".title).
        {"trainings": ["AAA"]},
        {"experiences": ["Commis"]},
        {"languages": ["anglais"]},
    ):
        assert put(client, person, {**PROJECT, **wrong}, headers).status_code == 422, wrong
    assert not JobProfile.objects.filter(person=person).exists()


def test_a_read_only_token_gets_403_and_changes_nothing(client, cast, person):
    headers = bearer(cast.ml_a, scope=TokenScope.READ, by=cast.director_a)
    assert put(client, person, PROJECT, headers).status_code == 403
    assert client.get(f"/api/v1/people/{person.pk}/job-project", **headers).status_code == 200
    assert not JobProfile.objects.filter(person=person).exists()


@pytest.mark.parametrize("outsider", ["ml_c", "temp_agency", "state_service"])
def test_an_outsider_s_token_gets_404_and_changes_nothing(client, cast, person, outsider):
    job_profile_save(person=person, by=cast.adviser_a, organisation=cast.ml_a, rome_codes=["G1602"])
    role = Role.OBSERVER if outsider == "state_service" else Role.ADVISER
    headers = bearer(getattr(cast, outsider), role=role, by=cast.admin)
    assert client.get(f"/api/v1/people/{person.pk}/job-project", **headers).status_code == 404
    assert put(client, person, PROJECT, headers).status_code == 404
    profile = JobProfile.objects.get(person=person)
    assert list(profile.sought_romes.values_list("code", flat=True)) == ["G1602"] and profile.experiences == []
    assert Event.objects.filter(person=person, kind=EventKind.JOB_PROFILE_UPDATED).count() == 1


def test_an_outsider_s_session_gets_404_and_changes_nothing(client, cast, person):
    client.force_login(cast.adviser_c)
    assert client.get(f"/api/v1/people/{person.pk}/job-project").status_code == 404
    assert put(client, person, PROJECT, {}).status_code == 404
    assert not JobProfile.objects.filter(person=person).exists()


def test_a_contributor_reads_the_project_but_may_not_replace_it(client, cast, person):
    headers = bearer(cast.agency_b, by=cast.admin)
    assert client.get(f"/api/v1/people/{person.pk}/job-project", **headers).status_code == 200
    assert put(client, person, PROJECT, headers).status_code == 404
    assert not JobProfile.objects.filter(person=person).exists()


def test_a_record_created_through_the_api_carries_its_jobs_sought(client, cast):
    headers = bearer(cast.ml_a, by=cast.director_a)
    body = {
        "first_name": "Zoé",
        "last_name": "Apijob",
        "birth_date": "2006-05-04",
        "adviser_email": "adviser.a@example.org",
    }
    response = client.post(
        "/api/v1/people",
        {**body, "rome_codes": ["G1602"], "appellation_codes": ["12758"]},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201, response.content
    profile = JobProfile.objects.get(person_id=response.json()["id"])
    assert list(profile.sought_romes.values_list("code", flat=True)) == ["G1602"]
    assert list(profile.sought_appellations.values_list("code_ogr", flat=True)) == ["12758"]
    # An unknown code: a 422 naming it, and no record at all (one transaction).
    refused = client.post(
        "/api/v1/people",
        {**body, "last_name": "Apijob2", "rome_codes": ["Z9999"]},
        content_type="application/json",
        **headers,
    )
    assert refused.status_code == 422 and "Z9999" in refused.json()["detail"]
    assert not Person.objects.filter(last_name="Apijob2").exists()
