"""The job project of a young person: the service that writes it (checks, event) and its page (who may change it)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tandem.audit.models import AuditAction, AuditEntry
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.people.enums import QualificationLevel
from tandem.people.models import JobProfile
from tandem.people.services import follow_add_contributor, job_profile_add_jobs, job_profile_save
from tests.people.test_views import make_person

COOK = "G1602"
CARE = "J1501"
COMMIS_TOURNANT = "12758"  # Commis de cuisine tournant / Commise de cuisine tournante (G1602)


@pytest.fixture
def person(cast):
    """Led by Mission Locale A; France Travail B contributes."""
    person = make_person(cast)
    follow_add_contributor(person=person, organisation=cast.agency_b, by=cast.agent_b)
    return person


def save(cast, person, **values):
    return job_profile_save(person=person, by=cast.adviser_a, organisation=cast.ml_a, **values)


def job_events(person):
    return Event.objects.filter(person=person, kind=EventKind.JOB_PROFILE_UPDATED)


# The service ---------------------------------------------------------------------------------------------------


def test_saving_a_job_project_writes_it_and_its_event(cast, person):
    changed = save(
        cast,
        person,
        rome_codes=[COOK],
        appellation_codes=[COMMIS_TOURNANT],
        wished_contract_types=["cdi", "apprenticeship"],
        max_distance_km=15,
        has_driving_licence=True,
        qualification_level=QualificationLevel.LEVEL_3,
        skills="Plonge\n  Mise en place  ",
        experiences=[{"title": "Commis", "sector": "Restauration", "duration_months": 6, "year": 2024}],
        trainings=[{"title": "CAP Cuisine", "year": 2023, "level": "3"}],
        languages=[{"language": "Anglais", "level": "basics"}],
    )
    profile = JobProfile.objects.get(person=person)
    assert set(profile.sought_romes.values_list("code", flat=True)) == {COOK}
    assert set(profile.sought_appellations.values_list("code_ogr", flat=True)) == {COMMIS_TOURNANT}
    assert profile.qualification_level == "3" and profile.max_distance_km == 15 and profile.has_driving_licence
    assert profile.skills == "Plonge\nMise en place"
    assert profile.experiences == [{"title": "Commis", "sector": "Restauration", "duration_months": 6, "year": 2024}]
    assert profile.trainings == [{"title": "CAP Cuisine", "year": 2023, "level": "3"}]
    event = job_events(person).get()
    assert (event.actor, event.actor_organisation, event.subject_id) == (cast.adviser_a, cast.ml_a, profile.pk)
    assert event.payload["romes"] == [COOK] and event.payload["appellations"] == [COMMIS_TOURNANT]
    assert "qualification_level" in changed and "sought_romes" in event.payload["fields"]


def test_saving_the_same_project_twice_writes_one_event(cast, person):
    values = {"rome_codes": [COOK], "max_distance_km": 20, "languages": [{"language": "Arabe", "level": "fluent"}]}
    assert save(cast, person, **values)
    assert save(cast, person, **values) == []
    assert job_events(person).count() == 1


def test_an_unknown_rome_or_appellation_code_is_named_and_nothing_is_written(cast, person):
    with pytest.raises(ValidationError) as error:
        save(cast, person, rome_codes=[COOK, "Z9999"], appellation_codes=["99999999"])
    messages = error.value.message_dict
    assert "Z9999" in " ".join(messages["sought_romes"])
    assert "99999999" in " ".join(messages["sought_appellations"])
    assert not JobProfile.objects.filter(person=person).exists() and not job_events(person).exists()


def test_every_wrong_value_is_told_at_once_in_french(cast, person):
    next_year = timezone.localdate().year + 1
    with pytest.raises(ValidationError) as error:
        save(
            cast,
            person,
            max_distance_km=0,
            wished_contract_types=["cui_cae"],
            qualification_level="9",
            experiences=[{"title": "", "duration_months": 0, "year": next_year}],
            trainings=[{"title": "BTS", "level": "bac+2"}],
            languages=[{"language": "Anglais"}, {"language": "anglais"}],
        )
    messages = error.value.message_dict
    assert "entre 1 et 300" in messages["max_distance_km"][0]
    assert "cui_cae" in messages["wished_contract_types"][0]
    assert "Niveau de qualification inconnu" in messages["qualification_level"][0]
    experience = " ".join(messages["experiences"])
    assert "Expérience n° 1" in experience and "intitulé du poste" in experience
    assert "entre 1 et 600 mois" in experience and str(next_year - 1) in experience
    assert "bac+2" in messages["trainings"][0]
    assert "deux fois" in messages["languages"][0]


def test_numbers_written_as_text_are_refused_not_read(cast, person):
    with pytest.raises(ValidationError) as error:
        save(cast, person, max_distance_km="20", experiences=[{"title": "Commis", "duration_months": "6"}])
    assert set(error.value.message_dict) == {"max_distance_km", "experiences"}


def test_adding_jobs_keeps_the_rest_of_the_project_and_changes_nothing_the_second_time(cast, person):
    save(cast, person, rome_codes=[COOK], max_distance_km=12, skills="Plonge")
    assert job_profile_add_jobs(person=person, by=None, organisation=cast.ml_a, rome_codes=[CARE, COOK])
    assert job_profile_add_jobs(person=person, by=None, organisation=cast.ml_a, rome_codes=[CARE]) == []
    profile = JobProfile.objects.get(person=person)
    assert set(profile.sought_romes.values_list("code", flat=True)) == {COOK, CARE}
    assert (profile.max_distance_km, profile.skills) == (12, "Plonge")
    assert job_events(person).count() == 2


def test_the_timeline_says_which_jobs_are_sought(client, cast, person):
    save(cast, person, rome_codes=[COOK], qualification_level="4")
    client.force_login(cast.adviser_a)
    body = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Projet professionnel mis à jour" in body and "métiers recherchés G1602" in body


# The page ------------------------------------------------------------------------------------------------------


def page_data(**overrides):
    data = {
        "jobs-TOTAL_FORMS": "2",
        "jobs-INITIAL_FORMS": "0",
        "jobs-0-job": "G1602 – Personnel de cuisine",
        "jobs-1-job": "",
        "wished_contract_types": ["cdi", "cdd"],
        "max_distance_km": "25",
        "has_driving_licence": "on",
        "qualification_level": "3",
        "skills": "Plonge",
        "experiences-TOTAL_FORMS": "1",
        "experiences-INITIAL_FORMS": "0",
        "experiences-0-title": "Commis de cuisine",
        "experiences-0-sector": "Restauration",
        "experiences-0-duration_months": "6",
        "experiences-0-year": "2024",
        "trainings-TOTAL_FORMS": "1",
        "trainings-INITIAL_FORMS": "0",
        "trainings-0-title": "CAP Cuisine",
        "trainings-0-level": "3",
        "trainings-0-year": "2023",
        "languages-TOTAL_FORMS": "1",
        "languages-INITIAL_FORMS": "0",
        "languages-0-language": "",
        "languages-0-level": "",
    }
    data.update(overrides)
    return data


def test_the_lead_fills_the_job_project_on_its_page_and_the_person_page_shows_it(client, cast, person):
    client.force_login(cast.adviser_a)
    url = reverse("people:job_project", args=[person.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, page_data(**{"jobs-1-job": "Commis de cuisine tournant – OGR 12758 (G1602)"}))
    assert response.status_code == 302 and response["Location"] == reverse("people:detail", args=[person.pk])
    profile = JobProfile.objects.get(person=person)
    assert list(profile.sought_romes.values_list("code", flat=True)) == [COOK]
    assert list(profile.sought_appellations.values_list("code_ogr", flat=True)) == [COMMIS_TOURNANT]
    assert profile.wished_contract_types == ["cdi", "cdd"] and profile.qualification_level == "3"
    assert profile.experiences == [
        {"title": "Commis de cuisine", "sector": "Restauration", "duration_months": 6, "year": 2024}
    ]
    assert profile.languages == []  # the empty row is no row
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE, object_type="job_profile", person_id=person.pk)
    body = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Personnel de cuisine (G1602)" in body and "CAP, BEP (niveau 3)" in body and "6 mois" in body
    # The page shows what is stored, and a row can be removed.
    page = client.get(url).content.decode()
    assert "G1602 – Personnel de cuisine" in page and "Commis de cuisine" in page
    client.post(
        url,
        page_data(
            **{
                "jobs-TOTAL_FORMS": "2",
                "jobs-INITIAL_FORMS": "2",
                "experiences-TOTAL_FORMS": "2",
                "experiences-INITIAL_FORMS": "1",
                "experiences-0-DELETE": "on",
            }
        ),
    )
    profile.refresh_from_db()
    assert profile.experiences == [] and not profile.sought_appellations.exists()


def test_a_job_typed_that_means_nothing_is_asked_not_guessed(client, cast, person):
    client.force_login(cast.adviser_a)
    url = reverse("people:job_project", args=[person.pk])
    response = client.post(url, page_data(**{"jobs-0-job": "Dompteur de licornes"}))
    assert response.status_code == 200
    assert "Métier inconnu « Dompteur de licornes »" in response.content.decode()
    response = client.post(url, page_data(**{"jobs-0-job": "Z9999"}))
    assert "Code ROME inconnu : Z9999" in response.content.decode()
    response = client.post(url, page_data(**{"experiences-0-title": "", "max_distance_km": "500"}))
    body = response.content.decode()
    assert "Indiquez l&#x27;intitulé du poste." in body and "inférieure ou égale à 300" in body
    assert not JobProfile.objects.filter(person=person).exists()


def test_a_plain_rome_code_or_an_exact_label_is_understood(client, cast, person):
    client.force_login(cast.adviser_a)
    url = reverse("people:job_project", args=[person.pk])
    client.post(
        url,
        page_data(**{"jobs-0-job": "j1501", "jobs-1-job": "commis de cuisine tournant / commise de cuisine tournante"}),
    )
    profile = JobProfile.objects.get(person=person)
    assert list(profile.sought_romes.values_list("code", flat=True)) == [CARE]
    assert list(profile.sought_appellations.values_list("code_ogr", flat=True)) == [COMMIS_TOURNANT]


@pytest.mark.parametrize("persona", ["agent_b", "adviser_c", "temp_contact", "observer", "admin"])
def test_only_the_lead_reaches_the_job_project_page(client, cast, person, persona):
    """France Travail B contributes (it sees the shared part): it may not change the project, like the record."""
    client.force_login(cast.personas()[persona])
    url = reverse("people:job_project", args=[person.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, page_data()).status_code == 404
    assert not JobProfile.objects.filter(person=person).exists()
    assert AuditEntry.objects.filter(action=AuditAction.DENIED, object_type="job_profile", person_id=person.pk)


def test_a_contributor_sees_the_project_on_the_person_page_without_the_link_to_change_it(client, cast, person):
    save(cast, person, rome_codes=[COOK])
    client.force_login(cast.agent_b)
    body = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Personnel de cuisine (G1602)" in body
    assert reverse("people:job_project", args=[person.pk]) not in body


def test_job_suggestions_offer_rome_codes_and_appellations(client, cast):
    client.force_login(cast.adviser_a)
    body = client.get(reverse("referentials:job_suggestions"), {"q": "commis cuisine"}).content.decode()
    assert "Commis de cuisine tournant" in body and "OGR 12758 (G1602)" in body
    body = client.get(reverse("referentials:job_suggestions"), {"q": "G1602"}).content.decode()
    assert "G1602 – Personnel de cuisine" in body
