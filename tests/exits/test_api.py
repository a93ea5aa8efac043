"""API of the exits: the same rules as the pages, for partner systems' tokens; an outsider's token gets 404 and
changes nothing (the refusal audited), a read-only token 403, a refused state change 409, a value that is not
valid 422."""

from __future__ import annotations

import datetime
import json

import pytest

from tandem.accounts.enums import Role, TokenScope
from tandem.audit.models import AuditAction, AuditEntry
from tandem.exits.enums import ExitStatus
from tandem.exits.models import Exit, ExitFollowUp
from tests.accounts.factories import api_key
from tests.exits.factories import TODAY, exit_of, followed_person

pytestmark = pytest.mark.django_db

URL = "/api/v1/exits"
MONTHS_AGO_7 = TODAY - datetime.timedelta(days=210)


def bearer(organisation, *, role=Role.ADVISER, scope=TokenScope.WRITE) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_key(organisation, scope=scope, role=role)}"}


def send(client, method, url, body=None, **headers):
    call = client.post if method == "POST" else client.patch
    return call(url, json.dumps(body or {}), content_type="application/json", **headers)


@pytest.fixture
def person(cast):
    return followed_person(cast)


def _body(person, **changes) -> dict:
    return {
        "person_id": person.pk,
        "exited_on": MONTHS_AGO_7.isoformat(),
        "reason": "employment",
        "contract_type": "temp",
        "contract_months": 6,
    } | changes


def test_the_leads_token_records_corrects_and_follows_up_an_exit_and_lists_them(client, cast, person):
    headers = bearer(cast.ml_a)
    response = send(client, "POST", URL, _body(person), **headers)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["is_positive"], body["is_durable"], body["status"], body["follow_up"]) == (
        True,
        True,
        "recorded",
        None,
    )
    assert Exit.objects.get().recorded_by is None  # a token has no user
    response = send(client, "PATCH", f"{URL}/{body['id']}", {"contract_months": 4}, **headers)
    assert response.status_code == 200 and response.json()["is_durable"] is False
    response = send(
        client,
        "POST",
        f"{URL}/{body['id']}/follow-up",
        {"observed_on": TODAY.isoformat(), "situation": "training"},
        **headers,
    )
    assert response.status_code == 201, response.content
    assert response.json()["follow_up"]["situation"] == "training"
    listed = client.get(f"{URL}/person/{person.pk}", **bearer(cast.ml_a, scope=TokenScope.READ)).json()
    assert [exit["id"] for exit in listed["exits"]] == [body["id"]]
    assert AuditEntry.objects.filter(action=AuditAction.READ, person_id=person.pk, object_type="person_exits").exists()
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_type="exitfollowup").exists()


def test_a_value_that_is_not_valid_is_422(client, cast, person):
    headers = bearer(cast.ml_a)
    assert send(client, "POST", URL, _body(person, contract_months=None), **headers).status_code == 422
    future = (TODAY + datetime.timedelta(days=1)).isoformat()
    assert send(client, "POST", URL, _body(person, exited_on=future), **headers).status_code == 422
    assert send(client, "POST", URL, _body(person, reason="holidays"), **headers).status_code == 422
    exit = exit_of(cast, person, exited_on=TODAY - datetime.timedelta(days=10))
    early = {"observed_on": TODAY.isoformat(), "situation": "job_seeking"}
    assert send(client, "POST", f"{URL}/{exit.pk}/follow-up", early, **headers).status_code == 422
    assert not ExitFollowUp.objects.exists()


def test_a_refused_state_change_is_409(client, cast, person):
    headers = bearer(cast.ml_a)
    exit = exit_of(cast, person, exited_on=MONTHS_AGO_7)
    assert send(client, "POST", URL, _body(person), **headers).status_code == 409  # a standing exit already
    response = send(client, "POST", f"{URL}/{exit.pk}/cancel", {"reason": "duplicate"}, **headers)
    assert response.status_code == 200 and response.json()["cancel_reason"] == "duplicate"
    assert send(client, "POST", f"{URL}/{exit.pk}/cancel", {"reason": "duplicate"}, **headers).status_code == 409
    assert send(client, "PATCH", f"{URL}/{exit.pk}", {"reason": "training"}, **headers).status_code == 409
    follow_up = {"observed_on": TODAY.isoformat(), "situation": "job_seeking"}
    assert send(client, "POST", f"{URL}/{exit.pk}/follow-up", follow_up, **headers).status_code == 409


def test_a_read_only_token_is_403_on_every_write(client, cast, person):
    exit = exit_of(cast, person, exited_on=MONTHS_AGO_7)
    headers = bearer(cast.ml_a, scope=TokenScope.READ)
    assert send(client, "POST", URL, _body(person), **headers).status_code == 403
    assert send(client, "PATCH", f"{URL}/{exit.pk}", {"reason": "training"}, **headers).status_code == 403
    assert send(client, "POST", f"{URL}/{exit.pk}/cancel", {"reason": "duplicate"}, **headers).status_code == 403
    follow_up = {"observed_on": TODAY.isoformat(), "situation": "job_seeking"}
    assert send(client, "POST", f"{URL}/{exit.pk}/follow-up", follow_up, **headers).status_code == 403
    exit.refresh_from_db()
    assert (exit.reason, exit.status, ExitFollowUp.objects.exists()) == ("employment", ExitStatus.RECORDED, False)


@pytest.mark.parametrize("organisation", ["ml_c", "agency_b", "temp_agency"])
def test_an_outsiders_token_gets_404_on_every_read_and_write_and_changes_nothing(client, cast, person, organisation):
    exit = exit_of(cast, person, exited_on=MONTHS_AGO_7)
    headers = bearer(getattr(cast, organisation))
    assert client.get(f"{URL}/person/{person.pk}", **headers).status_code == 404
    assert client.get(f"{URL}/{exit.pk}", **headers).status_code == 404
    assert send(client, "POST", URL, _body(person, reason="training"), **headers).status_code == 404
    assert send(client, "PATCH", f"{URL}/{exit.pk}", {"reason": "training"}, **headers).status_code == 404
    assert send(client, "POST", f"{URL}/{exit.pk}/cancel", {"reason": "duplicate"}, **headers).status_code == 404
    follow_up = {"observed_on": TODAY.isoformat(), "situation": "job_seeking"}
    assert send(client, "POST", f"{URL}/{exit.pk}/follow-up", follow_up, **headers).status_code == 404
    exit.refresh_from_db()
    assert (Exit.objects.count(), exit.reason, exit.status) == (1, "employment", ExitStatus.RECORDED)
    assert not ExitFollowUp.objects.exists()
    assert AuditEntry.objects.filter(action=AuditAction.DENIED, object_type="exit", object_id=exit.pk).count() == 4
    assert AuditEntry.objects.filter(action=AuditAction.DENIED, object_type="person_exits").count() == 2


def test_an_observers_token_never_sees_an_exit(client, cast, person):
    exit = exit_of(cast, person, exited_on=MONTHS_AGO_7)
    headers = bearer(cast.state_service, role=Role.OBSERVER, scope=TokenScope.READ)
    assert client.get(f"{URL}/person/{person.pk}", **headers).status_code == 404
    assert client.get(f"{URL}/{exit.pk}", **headers).status_code == 404


def test_a_partner_that_sees_the_person_reads_but_may_not_write(client, cast, person):
    from tandem.people.services import follow_add_contributor

    follow_add_contributor(person=person, organisation=cast.agency_b, by=cast.adviser_a)
    exit = exit_of(cast, person, exited_on=MONTHS_AGO_7)
    headers = bearer(cast.agency_b)
    assert client.get(f"{URL}/{exit.pk}", **headers).status_code == 200
    assert client.get(f"{URL}/person/{person.pk}", **headers).json()["exits"][0]["id"] == exit.pk
    assert send(client, "PATCH", f"{URL}/{exit.pk}", {"reason": "training"}, **headers).status_code == 404
    assert send(client, "POST", f"{URL}/{exit.pk}/cancel", {"reason": "duplicate"}, **headers).status_code == 404
