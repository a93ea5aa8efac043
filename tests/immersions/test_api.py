"""API of immersions: the same rules as the pages, for partner systems' tokens. An outsider's token gets 404 on
every write and changes nothing; a read-only token gets 403 on a write."""

from __future__ import annotations

import datetime
import json

import pytest

from tandem.accounts.enums import Role, TokenScope
from tandem.audit.models import AuditAction, AuditEntry
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.immersions.enums import PmsmpStatus, StaffImmersionStatus
from tandem.immersions.models import Pmsmp, StaffImmersion
from tests.accounts.factories import api_key
from tests.employers.factories import EmployerFactory
from tests.immersions.factories import TODAY, a_pmsmp, a_staff_immersion, led_person, temp_agency_follows

pytestmark = pytest.mark.django_db

URL = "/api/v1/immersions"
DAY = datetime.timedelta(days=1)


def bearer(organisation, *, role=Role.ADVISER, scope=TokenScope.WRITE) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_key(organisation, scope=scope, role=role)}"}


def post(client, url, body=None, **headers):
    return client.post(url, json.dumps(body or {}), content_type="application/json", **headers)


def put(client, url, body, **headers):
    return client.put(url, json.dumps(body), content_type="application/json", **headers)


def pmsmp_body(person, employer, **overrides) -> dict:
    return {
        "person_id": person.pk,
        "employer_id": employer.pk,
        "tutor_name": "Marc Lefèvre",
        "starts_on": (TODAY + 2 * DAY).isoformat(),
        "ends_on": (TODAY + 15 * DAY).isoformat(),
        "weekly_hours": 30,
        "objective": "recruit",
        "job_label": "Préparateur de commandes",
        "rome_code": "N1103",
        "activities": "Préparation de commandes",
    } | overrides


def staff_body(cast, **overrides) -> dict:
    return {
        "staff_name": "Karim Benali",
        "sending_organisation_id": cast.temp_agency.pk,
        "host_organisation_id": cast.ml_a.pk,
        "starts_on": (TODAY + 5 * DAY).isoformat(),
        "ends_on": (TODAY + 5 * DAY).isoformat(),
        "objective": "Co-animer une séance collective CEJ",
    } | overrides


# PMSMP.


def test_a_token_proposes_a_pmsmp_takes_its_steps_and_reads_it(client, cast):
    person = led_person(cast)
    headers = bearer(cast.ml_a)
    response = post(client, f"{URL}/pmsmp", pmsmp_body(person, EmployerFactory()), **headers)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["rome_code"], body["organisation_id"]) == ("proposed", "N1103", cast.ml_a.pk)
    pk = body["id"]
    assert post(client, f"{URL}/pmsmp/{pk}/sign", {"signed_on": TODAY.isoformat()}, **headers).json()["status"] == (
        "signed"
    )
    # Not before its first day (422), then started once it has come.
    assert post(client, f"{URL}/pmsmp/{pk}/start", **headers).status_code == 422
    Pmsmp.objects.filter(pk=pk).update(starts_on=TODAY)
    assert post(client, f"{URL}/pmsmp/{pk}/start", **headers).json()["status"] == "in_progress"
    assessed = post(
        client,
        f"{URL}/pmsmp/{pk}/assess",
        {"attendance_ok": False, "skills_observed": "Rigueur", "result": "project_to_review"},
        **headers,
    )
    assert assessed.json()["result"] == "project_to_review" and assessed.json()["attendance_ok"] is False
    # The state refuses a second assessment (409).
    again = post(
        client,
        f"{URL}/pmsmp/{pk}/assess",
        {"attendance_ok": True, "skills_observed": "x", "result": "other"},
        **headers,
    )
    assert again.status_code == 409
    assert client.get(f"{URL}/pmsmp/{pk}", **headers).json()["status"] == "assessed"
    assert [item["id"] for item in client.get(f"{URL}/pmsmp", **headers).json()["items"]] == [pk]
    assert AuditEntry.objects.filter(object_type="pmsmp", object_id=pk, action=AuditAction.UPDATE).count() == 3
    assert AuditEntry.objects.filter(object_type="pmsmp", object_id=pk, action=AuditAction.READ).exists()


def test_a_pmsmp_longer_than_thirty_days_is_a_422_in_french(client, cast):
    person = led_person(cast)
    body = pmsmp_body(person, EmployerFactory(), ends_on=(TODAY + 40 * DAY).isoformat())
    response = post(client, f"{URL}/pmsmp", body, **bearer(cast.ml_a))
    assert response.status_code == 422 and "au plus 30 jours calendaires" in response.json()["detail"]
    assert not Pmsmp.objects.exists()


def test_an_outsider_s_token_writes_nothing_on_a_pmsmp(client, cast):
    person = led_person(cast)
    pmsmp = a_pmsmp(cast, person=person)
    for organisation in (cast.ml_c, cast.agency_b, cast.temp_agency):
        headers = bearer(organisation)
        assert post(client, f"{URL}/pmsmp", pmsmp_body(person, EmployerFactory()), **headers).status_code == 404
        change = pmsmp_body(person, pmsmp.employer, job_label="Autre")
        del change["person_id"]
        assert put(client, f"{URL}/pmsmp/{pmsmp.pk}", change, **headers).status_code == 404
        assert post(client, f"{URL}/pmsmp/{pmsmp.pk}/sign", {}, **headers).status_code == 404
        assert post(client, f"{URL}/pmsmp/{pmsmp.pk}/start", **headers).status_code == 404
        assess = {"attendance_ok": True, "skills_observed": "x", "result": "other"}
        assert post(client, f"{URL}/pmsmp/{pmsmp.pk}/assess", assess, **headers).status_code == 404
        assert post(client, f"{URL}/pmsmp/{pmsmp.pk}/cancel", {"reason": "x"}, **headers).status_code == 404
        assert client.get(f"{URL}/pmsmp/{pmsmp.pk}", **headers).status_code == 404
        assert client.get(f"{URL}/pmsmp/{pmsmp.pk}/agreement.pdf", **headers).status_code == 404
    pmsmp.refresh_from_db()
    assert pmsmp.status == PmsmpStatus.PROPOSED and pmsmp.job_label == "Commis de cuisine"
    assert Pmsmp.objects.count() == 1 and not Event.objects.filter(subject_type="pmsmp").exists()
    assert AuditEntry.objects.filter(object_type="pmsmp", action=AuditAction.DENIED).count() >= 9


def test_a_read_only_token_reads_but_writes_nothing(client, cast):
    person = led_person(cast)
    pmsmp = a_pmsmp(cast, person=person)
    immersion = a_staff_immersion(cast)
    headers = bearer(cast.ml_a, scope=TokenScope.READ)
    assert client.get(f"{URL}/pmsmp/{pmsmp.pk}", **headers).status_code == 200
    assert post(client, f"{URL}/pmsmp", pmsmp_body(person, EmployerFactory()), **headers).status_code == 403
    assert post(client, f"{URL}/pmsmp/{pmsmp.pk}/sign", {}, **headers).status_code == 403
    assert post(client, f"{URL}/pmsmp/{pmsmp.pk}/cancel", {"reason": "x"}, **headers).status_code == 403
    manager_read = bearer(cast.ml_a, role=Role.MANAGER, scope=TokenScope.READ)
    assert post(client, f"{URL}/staff", staff_body(cast), **manager_read).status_code == 403
    assert post(client, f"{URL}/staff/{immersion.pk}/cancel", **manager_read).status_code == 403
    assert put(client, f"{URL}/staff/{immersion.pk}", staff_body(cast), **manager_read).status_code == 403
    assert Pmsmp.objects.count() == 1 and StaffImmersion.objects.count() == 1
    assert not Event.objects.filter(subject_type__in=["pmsmp", "staffimmersion"]).exists()


def test_the_temp_agency_s_token_acts_only_while_the_consent_stands(client, cast):
    person = led_person(cast)
    temp_agency_follows(cast, person, consent=False)
    headers = bearer(cast.temp_agency)
    assert post(client, f"{URL}/pmsmp", pmsmp_body(person, EmployerFactory()), **headers).status_code == 404
    temp_agency_follows(cast, person, consent=True)
    assert post(client, f"{URL}/pmsmp", pmsmp_body(person, EmployerFactory()), **headers).status_code == 201


def test_the_agreement_pdf_through_the_api(client, cast):
    pmsmp = a_pmsmp(cast)
    response = client.get(f"{URL}/pmsmp/{pmsmp.pk}/agreement.pdf", **bearer(cast.ml_a))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, object_type="pmsmp", object_id=pmsmp.pk).exists()


# Staff immersions.


def test_a_manager_s_token_plans_changes_and_closes_a_staff_immersion(client, cast):
    headers = bearer(cast.ml_a, role=Role.MANAGER)
    response = post(client, f"{URL}/staff", staff_body(cast), **headers)
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    changed = put(client, f"{URL}/staff/{pk}", staff_body(cast, objective="Présenter l'intérim"), **headers)
    assert changed.json()["objective"] == "Présenter l'intérim"
    # Not done before it started (422); cancelled.
    assert post(client, f"{URL}/staff/{pk}/complete", {"report": "Bien"}, **headers).status_code == 422
    assert post(client, f"{URL}/staff/{pk}/cancel", **headers).json()["status"] == "cancelled"
    assert post(client, f"{URL}/staff/{pk}/cancel", **headers).status_code == 409
    listed = client.get(f"{URL}/staff", **bearer(cast.temp_agency)).json()["items"]
    assert [item["id"] for item in listed] == [pk]
    assert StaffImmersion.objects.get().status == StaffImmersionStatus.CANCELLED
    assert Event.objects.filter(kind=EventKind.STAFF_IMMERSION_UPDATED).count() == 1


def test_an_adviser_s_or_an_outsider_s_token_writes_no_staff_immersion(client, cast):
    immersion = a_staff_immersion(cast)
    for headers in (
        bearer(cast.ml_a),  # an adviser of a party: reads, does not write
        bearer(cast.ml_c, role=Role.MANAGER),
        bearer(cast.agency_b, role=Role.MANAGER),
    ):
        assert post(client, f"{URL}/staff/{immersion.pk}/cancel", **headers).status_code == 404
        assert post(client, f"{URL}/staff/{immersion.pk}/complete", {"report": "x"}, **headers).status_code == 404
        assert put(client, f"{URL}/staff/{immersion.pk}", staff_body(cast), **headers).status_code == 404
    assert post(client, f"{URL}/staff", staff_body(cast), **bearer(cast.ml_a)).status_code == 404
    assert post(client, f"{URL}/staff", staff_body(cast), **bearer(cast.ml_c, role=Role.MANAGER)).status_code == 422
    assert client.get(f"{URL}/staff/{immersion.pk}", **bearer(cast.ml_a)).status_code == 200
    assert client.get(f"{URL}/staff/{immersion.pk}", **bearer(cast.ml_c)).status_code == 404
    immersion.refresh_from_db()
    assert immersion.status == StaffImmersionStatus.PLANNED and StaffImmersion.objects.count() == 1
    assert not Event.objects.exists()
