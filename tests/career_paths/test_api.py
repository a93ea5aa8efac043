"""API of the path: the same rules as the pages, for partner systems' tokens; an outsider's token gets 404 and
changes nothing, a read-only token 403, a value that is not valid 422."""

from __future__ import annotations

import datetime
import json

import pytest

from tandem.accounts.enums import Role, TokenScope
from tandem.audit.models import AuditAction, AuditEntry
from tandem.career_paths.enums import MissionStatus
from tandem.career_paths.models import Mission
from tandem.people.enums import Scheme
from tandem.people.services import scheme_start
from tests.accounts.factories import api_key
from tests.career_paths.factories import (
    TODAY,
    MissionFactory,
    agency_follows_with_consent,
    agency_with_contact,
    young_person,
)
from tests.employers.factories import EmployerFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/missions"
WEEK_AGO = TODAY - datetime.timedelta(days=7)


def bearer(organisation, *, role=Role.ADVISER, scope=TokenScope.WRITE) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_key(organisation, scope=scope, role=role)}"}


def send(client, method, url, body=None, **headers):
    call = client.post if method == "POST" else client.patch
    return call(url, json.dumps(body or {}), content_type="application/json", **headers)


@pytest.fixture
def person(cast):
    return young_person(cast.adviser_a, cast.ml_a)


def _body(cast, person, **changes) -> dict:
    return {
        "person_id": person.pk,
        "agency_id": cast.temp_agency.pk,
        "employer_name": "Logistique du Rhin",
        "job_label": "Préparateur de commandes",
        "rome_code": "N1103",
        "starts_on": WEEK_AGO.isoformat(),
        "ends_on": (WEEK_AGO + datetime.timedelta(days=4)).isoformat(),
        "hours": 35,
    } | changes


def test_a_temp_agencys_token_records_a_mission_and_the_path_reads_it_with_its_totals(client, cast, person):
    agency_follows_with_consent(person, cast.temp_agency, by=cast.adviser_a, organisation=cast.ml_a)
    headers = bearer(cast.temp_agency)
    response = send(client, "POST", URL, _body(cast, person), **headers)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["organisation_id"], body["status"], body["rome_code"]) == (cast.temp_agency.pk, "recorded", "N1103")
    assert Mission.objects.get().recorded_by is None  # a token has no user
    scheme_start(person=person, scheme=Scheme.TRAINING_CPF, starts_on=TODAY, by=cast.adviser_a, organisation=cast.ml_a)
    path = client.get(f"{URL}/person/{person.pk}", **bearer(cast.ml_a, scope=TokenScope.READ)).json()
    assert (float(path["hours"]), path["days"], path["agencies"]) == (35.0, 5, 1)
    assert [m["id"] for m in path["missions"]] == [body["id"]]
    assert [t["scheme"] for t in path["trainings"]] == ["training_cpf"]
    assert AuditEntry.objects.filter(action=AuditAction.READ, person_id=person.pk, object_type="career_path").exists()


def test_the_lead_records_with_a_company_in_tandem(client, cast, person):
    company = EmployerFactory(name="Boulangerie Haguenau", commune_id="67180")
    response = send(
        client, "POST", URL, _body(cast, person, employer_id=company.pk, employer_name=""), **bearer(cast.ml_a)
    )
    assert response.status_code == 201, response.content
    assert response.json()["employer_name"] == company.display_name


@pytest.mark.parametrize(
    "changes",
    [
        {"hours": 61},
        {"hours": -1},
        {"ends_on": (WEEK_AGO - datetime.timedelta(days=1)).isoformat()},
        {"rome_code": "Z9999"},
        {"employer_name": ""},
        {"job_label": ""},
        {"starts_on": "hier"},
    ],
)
def test_values_that_are_not_valid_are_422(client, cast, person, changes):
    response = send(client, "POST", URL, _body(cast, person, **changes), **bearer(cast.ml_a))
    assert response.status_code == 422, response.content
    assert not Mission.objects.exists()


def test_naming_an_organisation_that_is_no_temp_agency_is_422(client, cast, person):
    response = send(client, "POST", URL, _body(cast, person, agency_id=cast.agency_b.pk), **bearer(cast.ml_a))
    assert response.status_code == 422


def test_a_read_only_token_may_not_write(client, cast, person):
    mission = MissionFactory(person=person, agency=cast.temp_agency, organisation=cast.ml_a)
    headers = bearer(cast.ml_a, scope=TokenScope.READ)
    assert send(client, "POST", URL, _body(cast, person), **headers).status_code == 403
    assert send(client, "PATCH", f"{URL}/{mission.pk}", {"hours": 7}, **headers).status_code == 403
    assert send(client, "POST", f"{URL}/{mission.pk}/cancel", {"reason": "duplicate"}, **headers).status_code == 403
    assert client.get(f"{URL}/{mission.pk}", **headers).status_code == 200
    mission.refresh_from_db()
    assert Mission.objects.count() == 1 and mission.hours == 35 and mission.status == MissionStatus.RECORDED


@pytest.mark.parametrize("outsider", ["ml_c", "temp_agency", "state_service"])
def test_an_outsiders_token_gets_404_on_every_read_and_write(client, cast, person, outsider):
    # The temp agency follows the person but has no consent: it is an outsider too.
    agency_follows_with_consent(person, cast.temp_agency, by=cast.adviser_a, organisation=cast.ml_a, consent=False)
    mission = MissionFactory(person=person, agency=cast.temp_agency, organisation=cast.ml_a)
    headers = bearer(getattr(cast, outsider), role=None)  # an observer's for the State service
    assert client.get(f"{URL}/person/{person.pk}", **headers).status_code == 404
    assert client.get(f"{URL}/{mission.pk}", **headers).status_code == 404
    assert send(client, "POST", URL, _body(cast, person), **headers).status_code == 404
    assert send(client, "PATCH", f"{URL}/{mission.pk}", {"hours": 7}, **headers).status_code == 404
    assert send(client, "POST", f"{URL}/{mission.pk}/cancel", {"reason": "duplicate"}, **headers).status_code == 404
    mission.refresh_from_db()
    assert Mission.objects.count() == 1 and mission.hours == 35 and mission.status == MissionStatus.RECORDED
    # An observer's token is turned away before any person is named (no nominative data at all); the others'
    # refusals are each audited.
    assert AuditEntry.objects.filter(action=AuditAction.DENIED).count() == (0 if outsider == "state_service" else 5)


def test_another_agency_reads_the_mission_but_may_not_change_it(client, cast, person):
    other, _contact = agency_with_contact("Intérim Nord", "nord@example.org")
    agency_follows_with_consent(person, cast.temp_agency, by=cast.adviser_a, organisation=cast.ml_a)
    mission = MissionFactory(person=person, agency=other)
    headers = bearer(cast.temp_agency)
    assert client.get(f"{URL}/{mission.pk}", **headers).json()["agency"] == "Intérim Nord"
    assert send(client, "PATCH", f"{URL}/{mission.pk}", {"hours": 7}, **headers).status_code == 404
    assert send(client, "POST", f"{URL}/{mission.pk}/cancel", {"reason": "duplicate"}, **headers).status_code == 404
    mission.refresh_from_db()
    assert mission.hours == 35


def test_the_recording_organisation_patches_then_cancels_and_a_cancelled_mission_is_409(client, cast, person):
    mission = MissionFactory(person=person, agency=cast.temp_agency, organisation=cast.ml_a)
    headers = bearer(cast.ml_a)
    response = send(client, "PATCH", f"{URL}/{mission.pk}", {"hours": 28, "ends_on": None}, **headers)
    assert response.status_code == 200, response.content
    assert float(response.json()["hours"]) == 28 and response.json()["ends_on"] is None
    assert send(client, "PATCH", f"{URL}/{mission.pk}", {"hours": 10000}, **headers).status_code == 422
    assert send(client, "POST", f"{URL}/{mission.pk}/cancel", {"reason": "nope"}, **headers).status_code == 422
    response = send(client, "POST", f"{URL}/{mission.pk}/cancel", {"reason": "duplicate"}, **headers)
    assert response.status_code == 200 and response.json()["cancel_reason"] == "duplicate"
    assert send(client, "POST", f"{URL}/{mission.pk}/cancel", {"reason": "duplicate"}, **headers).status_code == 409
    assert send(client, "PATCH", f"{URL}/{mission.pk}", {"hours": 7}, **headers).status_code == 409
