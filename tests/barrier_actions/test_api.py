"""API of barrier-lifting actions: the same rules as the pages, for partner systems' tokens. An outsider's token gets
404 on every write and changes nothing, a read-only token 403, a refused state change 409, a bad value 422."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from tandem.accounts.enums import Role, TokenScope
from tandem.audit.models import AuditEntry
from tandem.barrier_actions import services
from tandem.barrier_actions.enums import ActionStatus, EnrolmentStatus
from tandem.barrier_actions.models import BarrierAction, Enrolment
from tandem.events.models import Event
from tests.accounts.factories import api_key
from tests.barrier_actions.factories import BarrierActionFactory, person_of

pytestmark = pytest.mark.django_db

URL = "/api/v1/barrier-actions"
TODAY = timezone.localdate()


def bearer(organisation, *, role=Role.ADVISER, scope=TokenScope.WRITE) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_key(organisation, scope=scope, role=role)}"}


def post(client, url, body=None, **headers):
    return client.post(url, json.dumps(body or {}), content_type="application/json", **headers)


def put(client, url, body, **headers):
    return client.put(url, json.dumps(body), content_type="application/json", **headers)


def _body(**changes) -> dict:
    return {
        "title": "Aide au transport",
        "barrier_kind": "mobility",
        "capacity": 2,
        "starts_on": TODAY.isoformat(),
        "commune_codes": ["67180"],
    } | changes


def m(user):
    return user.memberships.select_related("organisation").get()


def test_a_manager_s_token_adds_an_action_and_every_member_reads_its_counts(client, cast):
    response = post(client, URL, _body(), **bearer(cast.ml_a, role=Role.MANAGER))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["places_left"] == 2 and body["waiting"] == 0 and body["commune_codes"] == ["67180"]
    for organisation, role in ((cast.ml_c, Role.ADVISER), (cast.state_service, Role.OBSERVER)):
        listed = client.get(URL, {"barrier_kind": "mobility"}, **bearer(organisation, role=role)).json()["items"]
        assert [item["id"] for item in listed] == [body["id"]]
    assert client.get(f"{URL}/{body['id']}", **bearer(cast.ml_c)).json()["title"] == "Aide au transport"


def test_a_referral_answers_a_place_then_the_waiting_list(client, cast):
    action = BarrierActionFactory(organisation=cast.ml_c, capacity=1)
    first = person_of(cast.adviser_a, cast.ml_a, last_name="Alpha")
    second = person_of(cast.adviser_a, cast.ml_a, last_name="Bravo")
    headers = bearer(cast.ml_a)
    response = post(client, f"{URL}/{action.pk}/enrolments", {"person_id": first.pk}, **headers)
    assert response.status_code == 201 and response.json()["status"] == EnrolmentStatus.ENROLLED
    response = post(client, f"{URL}/{action.pk}/enrolments", {"person_id": second.pk}, **headers)
    assert response.status_code == 201 and response.json()["status"] == EnrolmentStatus.WAITLISTED
    detail = client.get(f"{URL}/{action.pk}", **headers).json()
    assert (detail["places_taken"], detail["places_left"], detail["waiting"]) == (1, 0, 1)
    assert AuditEntry.objects.filter(action="create", person_id=second.pk, object_type="barrier_enrolment").exists()
    # Twice: 409.
    response = post(client, f"{URL}/{action.pk}/enrolments", {"person_id": second.pk}, **headers)
    assert response.status_code == 409 and "déjà" in response.json()["detail"]


def test_leaving_promotes_the_first_waiting_and_leaving_twice_is_409(client, cast):
    action = BarrierActionFactory(organisation=cast.ml_c, capacity=1)
    membership = m(cast.adviser_a)
    holder = services.enrolment_create(
        action=action, person=person_of(cast.adviser_a, cast.ml_a, last_name="Alpha"), membership=membership, by=None
    )
    waiting = services.enrolment_create(
        action=action, person=person_of(cast.adviser_a, cast.ml_a, last_name="Bravo"), membership=membership, by=None
    )
    headers = bearer(cast.ml_a)
    response = post(client, f"{URL}/enrolments/{holder.pk}/leave", **headers)
    assert response.status_code == 200 and response.json()["status"] == EnrolmentStatus.LEFT
    waiting.refresh_from_db()
    assert waiting.status == EnrolmentStatus.ENROLLED
    response = post(client, f"{URL}/enrolments/{holder.pk}/leave", **headers)
    assert response.status_code == 409
    response = post(client, f"{URL}/enrolments/{waiting.pk}/complete", **headers)
    assert response.status_code == 200 and response.json()["status"] == EnrolmentStatus.COMPLETED
    listed = client.get(f"{URL}/people/{waiting.person_id}/enrolments", **headers).json()["items"]
    assert [item["status"] for item in listed] == [EnrolmentStatus.COMPLETED]
    assert client.get(f"{URL}/people/{waiting.person_id}/enrolments", **bearer(cast.ml_c)).status_code == 404


def test_the_outsider_s_token_gets_404_on_every_write_and_changes_nothing(client, cast):
    action = BarrierActionFactory(organisation=cast.ml_a, capacity=2)
    person = person_of(cast.adviser_a, cast.ml_a)
    enrolment = services.enrolment_create(action=action, person=person, membership=m(cast.adviser_a), by=None)
    events = Event.objects.count()
    outsider = bearer(cast.ml_c, role=Role.MANAGER)
    writes = [
        lambda: put(client, f"{URL}/{action.pk}", _body(title="Pris"), **outsider),
        lambda: post(client, f"{URL}/{action.pk}/close", **outsider),
        lambda: post(client, f"{URL}/{action.pk}/enrolments", {"person_id": person.pk}, **outsider),
        lambda: post(client, f"{URL}/enrolments/{enrolment.pk}/leave", **outsider),
        lambda: post(client, f"{URL}/enrolments/{enrolment.pk}/complete", **outsider),
    ]
    for write in writes:
        assert write().status_code == 404
    # An adviser's token of the owner is no manager's: 404 on the action's writes too.
    assert post(client, URL, _body(), **bearer(cast.ml_a)).status_code == 404
    assert post(client, f"{URL}/{action.pk}/close", **bearer(cast.ml_a)).status_code == 404
    action.refresh_from_db()
    enrolment.refresh_from_db()
    assert action.title.startswith("Aide au transport") and action.status == ActionStatus.OPEN
    assert enrolment.status == EnrolmentStatus.ENROLLED
    assert BarrierAction.objects.count() == 1 and Enrolment.objects.count() == 1
    assert Event.objects.count() == events
    assert AuditEntry.objects.filter(action="denied", object_type="barrier_enrolment").count() >= 3


def test_a_read_only_token_writes_nothing(client, cast):
    action = BarrierActionFactory(organisation=cast.ml_a)
    person = person_of(cast.adviser_a, cast.ml_a)
    enrolment = services.enrolment_create(action=action, person=person, membership=m(cast.adviser_a), by=None)
    read_only = bearer(cast.ml_a, role=Role.MANAGER, scope=TokenScope.READ)
    assert post(client, URL, _body(), **read_only).status_code == 403
    assert put(client, f"{URL}/{action.pk}", _body(), **read_only).status_code == 403
    assert post(client, f"{URL}/{action.pk}/close", **read_only).status_code == 403
    assert post(client, f"{URL}/{action.pk}/enrolments", {"person_id": person.pk}, **read_only).status_code == 403
    assert post(client, f"{URL}/enrolments/{enrolment.pk}/leave", **read_only).status_code == 403
    assert post(client, f"{URL}/enrolments/{enrolment.pk}/complete", **read_only).status_code == 403
    assert client.get(f"{URL}/{action.pk}", **read_only).status_code == 200
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN and BarrierAction.objects.count() == 1


def test_bad_values_are_422_and_a_closed_action_is_409(client, cast):
    manager = bearer(cast.ml_a, role=Role.MANAGER)
    assert post(client, URL, _body(capacity=0), **manager).status_code == 422
    assert post(client, URL, _body(barrier_kind="teleportation"), **manager).status_code == 422
    assert post(client, URL, _body(commune_codes=["99999"]), **manager).status_code == 422
    assert post(client, URL, _body(starts_on="2026-12-01", ends_on="2026-11-01"), **manager).status_code == 422
    assert client.get(URL, {"commune": "99999"}, **manager).status_code == 422
    action = BarrierActionFactory(organisation=cast.ml_a, capacity=2)
    membership = m(cast.adviser_a)
    for name in ("Alpha", "Bravo"):
        services.enrolment_create(
            action=action, person=person_of(cast.adviser_a, cast.ml_a, last_name=name), membership=membership, by=None
        )
    response = put(client, f"{URL}/{action.pk}", _body(capacity=1), **manager)
    assert response.status_code == 422 and "déjà une place" in response.json()["detail"]
    assert post(client, f"{URL}/{action.pk}/close", **manager).status_code == 200
    assert post(client, f"{URL}/{action.pk}/close", **manager).status_code == 409
    assert put(client, f"{URL}/{action.pk}", _body(), **manager).status_code == 409
    assert not BarrierAction.objects.exclude(pk=action.pk).exists()
