"""Pages of the path: the path page (query count pinned), recording a mission and a training from its forms,
changing and cancelling a mission; the outsider and the observer are refused every page and write (404, audited)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tandem.audit.models import AuditAction, AuditEntry
from tandem.career_paths.enums import MissionStatus
from tandem.career_paths.models import Mission
from tandem.people.enums import Scheme
from tandem.people.models import SchemeEnrolment
from tests.career_paths.factories import (
    TODAY,
    MissionFactory,
    agency_follows_with_consent,
    agency_with_contact,
    young_person,
)

pytestmark = pytest.mark.django_db

WEEK_AGO = TODAY - datetime.timedelta(days=7)


@pytest.fixture
def person(cast):
    return young_person(cast.adviser_a, cast.ml_a)


def _form(cast, **changes) -> dict:
    return {
        "agency": cast.temp_agency.pk,
        "employer_siret": "",
        "employer_name": "Logistique du Rhin",
        "job_label": "Préparateur de commandes",
        "rome_code": "n1103",
        "starts_on": WEEK_AGO.isoformat(),
        "ends_on": (WEEK_AGO + datetime.timedelta(days=4)).isoformat(),
        "hours": "35",
    } | changes


def test_the_lead_adviser_reads_the_path_and_records_a_mission_from_the_form(client, cast, person):
    client.force_login(cast.adviser_a)
    page = client.get(reverse("career_paths:path", args=[person.pk]))
    assert page.status_code == 200 and "Enregistrer une mission" in page.text
    assert AuditEntry.objects.filter(action=AuditAction.READ, person_id=person.pk, object_type="career_path").exists()
    response = client.post(reverse("career_paths:mission_record", args=[person.pk]), _form(cast))
    assert response.status_code == 302
    mission = Mission.objects.get()
    assert (mission.organisation, mission.agency, mission.rome_id) == (cast.ml_a, cast.temp_agency, "N1103")
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_type="mission", object_id=mission.pk).exists()
    page = client.get(reverse("career_paths:path", args=[person.pk])).text
    assert "Logistique du Rhin" in page and "Préparateur de commandes" in page and "Intérim Test" in page


def test_the_form_says_in_french_what_is_wrong(client, cast, person):
    client.force_login(cast.adviser_a)
    url = reverse("career_paths:mission_record", args=[person.pk])
    response = client.post(url, _form(cast, hours="61"))
    assert response.status_code == 400 and "plus de 12 heures par jour" in response.text
    response = client.post(url, _form(cast, ends_on=(WEEK_AGO - datetime.timedelta(days=1)).isoformat()))
    assert response.status_code == 400 and "La mission finit après avoir commencé" in response.text
    response = client.post(url, _form(cast, employer_name=""))
    assert response.status_code == 400 and "Indiquez l&#x27;entreprise utilisatrice" in response.text
    assert not Mission.objects.exists()


def test_a_temp_agency_with_consent_records_for_itself(client, cast, person):
    agency_follows_with_consent(person, cast.temp_agency, by=cast.adviser_a, organisation=cast.ml_a)
    client.force_login(cast.temp_contact)
    assert client.get(reverse("career_paths:path", args=[person.pk])).status_code == 200
    response = client.post(reverse("career_paths:mission_record", args=[person.pk]), _form(cast))
    assert response.status_code == 302 and Mission.objects.get().organisation == cast.temp_agency


def test_a_temp_agency_without_consent_is_refused_the_page_and_the_write(client, cast, person):
    agency_follows_with_consent(person, cast.temp_agency, by=cast.adviser_a, organisation=cast.ml_a, consent=False)
    client.force_login(cast.temp_contact)
    assert client.get(reverse("career_paths:path", args=[person.pk])).status_code == 404
    assert client.post(reverse("career_paths:mission_record", args=[person.pk]), _form(cast)).status_code == 404
    assert not Mission.objects.exists()
    assert AuditEntry.objects.filter(action=AuditAction.DENIED, object_type="career_path").count() == 2


@pytest.mark.parametrize("persona", ["adviser_c", "observer", "agent_b"])
def test_outsiders_are_refused_every_page_and_write(client, cast, person, persona):
    mission = MissionFactory(person=person, agency=cast.temp_agency, organisation=cast.ml_a)
    client.force_login(getattr(cast, persona))
    assert client.get(reverse("career_paths:path", args=[person.pk])).status_code == 404
    assert client.post(reverse("career_paths:mission_record", args=[person.pk]), _form(cast)).status_code == 404
    training = {"training-scheme": Scheme.TRAINING_CPF, "training-starts_on": TODAY.isoformat()}
    assert client.post(reverse("career_paths:training_record", args=[person.pk]), training).status_code == 404
    assert client.get(reverse("career_paths:mission_edit", args=[mission.pk])).status_code == 404
    assert client.post(reverse("career_paths:mission_edit", args=[mission.pk]), _form(cast)).status_code == 404
    response = client.post(reverse("career_paths:mission_cancel", args=[mission.pk]), {"reason": "duplicate"})
    assert response.status_code == 404
    mission.refresh_from_db()
    assert Mission.objects.count() == 1 and mission.status == MissionStatus.RECORDED
    assert not SchemeEnrolment.objects.filter(scheme=Scheme.TRAINING_CPF).exists()


def test_a_training_reached_is_recorded_and_shown(client, cast, person):
    client.force_login(cast.adviser_a)
    page = client.get(reverse("career_paths:path", args=[person.pk])).text
    assert page.count('id="id_starts_on"') == 1 and 'id="id_training-starts_on"' in page  # two forms, no id twice
    response = client.post(
        reverse("career_paths:training_record", args=[person.pk]), {"training-scheme": Scheme.TRAINING_CPF}
    )
    assert response.status_code == 400 and not SchemeEnrolment.objects.filter(person=person).exists()
    response = client.post(
        reverse("career_paths:training_record", args=[person.pk]),
        {"training-scheme": Scheme.TRAINING_TEMP_SECTOR, "training-starts_on": TODAY.isoformat()},
    )
    assert response.status_code == 302
    assert SchemeEnrolment.objects.get(person=person).scheme == Scheme.TRAINING_TEMP_SECTOR
    page = client.get(reverse("career_paths:path", args=[person.pk])).text
    assert "fonds du travail temporaire (FAF.TT)" in page


def test_the_recording_organisation_changes_and_cancels_its_mission_others_may_not(client, cast, person):
    agency_follows_with_consent(person, cast.temp_agency, by=cast.adviser_a, organisation=cast.ml_a)
    mission = MissionFactory(person=person, agency=cast.temp_agency)  # recorded by the agency
    client.force_login(cast.adviser_a)  # the lead reads it, but did not record it
    assert client.get(reverse("career_paths:mission_edit", args=[mission.pk])).status_code == 404
    assert client.get(reverse("career_paths:mission_cancel", args=[mission.pk])).status_code == 404
    client.force_login(cast.temp_contact)
    assert client.get(reverse("career_paths:mission_edit", args=[mission.pk])).status_code == 200
    response = client.post(reverse("career_paths:mission_edit", args=[mission.pk]), _form(cast, hours="28"))
    assert response.status_code == 302
    mission.refresh_from_db()
    assert mission.hours == 28
    assert client.get(reverse("career_paths:mission_cancel", args=[mission.pk])).status_code == 200
    response = client.post(reverse("career_paths:mission_cancel", args=[mission.pk]), {"reason": ""})
    assert response.status_code == 200 and "Motif" in response.text
    response = client.post(reverse("career_paths:mission_cancel", args=[mission.pk]), {"reason": "not_held"})
    assert response.status_code == 302
    mission.refresh_from_db()
    assert (mission.status, mission.cancel_reason) == (MissionStatus.CANCELLED, "not_held")
    # Once cancelled, no edit.
    response = client.post(reverse("career_paths:mission_edit", args=[mission.pk]), _form(cast, hours="7"))
    assert response.status_code == 302
    mission.refresh_from_db()
    assert mission.hours == 28


def test_the_path_page_reads_in_constant_queries(client, cast, person, django_assert_num_queries):
    other, _contact = agency_with_contact("Intérim Nord", "nord@example.org")
    client.force_login(cast.adviser_a)
    url = reverse("career_paths:path", args=[person.pk])
    # The page's frame (session, user, acting membership, the navigation's membership check, unread notifications),
    # the person, the Mission Locale's sites, whether it leads the person (asked by the guard, the path and the
    # forms), the missions with their agency, company and ROME in one query, the trainings, the audit entry, the
    # agencies offered by the form: the same however many missions.
    with django_assert_num_queries(14):
        client.get(url)
    for index in range(6):
        MissionFactory(
            person=person,
            agency=other if index % 2 else cast.temp_agency,
            organisation=cast.ml_a,
            starts_on=TODAY - datetime.timedelta(days=60 + index * 7),
            ends_on=TODAY - datetime.timedelta(days=58 + index * 7),
            hours=14,
        )
    with django_assert_num_queries(14):
        response = client.get(url)
    assert response.text.count('data-label="Heures"') == 6
