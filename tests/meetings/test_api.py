"""API of meetings and joint action plans: a manager's token plans a meeting, records its minutes and a decision
that becomes an action, moves the action; readers' tokens read; an outsider's token gets 404 on every read and
write, a read-only token 403, and nothing changes."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone

from tandem.accounts.enums import Role, TokenScope
from tandem.meetings.enums import ActionStatus, MeetingStatus
from tandem.meetings.models import ActionReview, Decision, Invitee, Meeting, MeetingCadence, PlanAction
from tandem.partnerships.models import Target
from tests.accounts.factories import api_key
from tests.meetings.factories import action, convention_of, meeting

pytestmark = pytest.mark.django_db
PAST = timezone.now() - datetime.timedelta(days=2)


def bearer(organisation, *, role=Role.MANAGER, scope=TokenScope.WRITE) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_key(organisation, scope=scope, role=role)}"}


def post(client, url, body=None, **headers):
    return client.post(url, json.dumps(body or {}), content_type="application/json", **headers)


def put(client, url, body=None, **headers):
    return client.put(url, json.dumps(body or {}), content_type="application/json", **headers)


def _rows() -> list:
    return [
        list(model.objects.order_by("pk").values_list())
        for model in (Meeting, Invitee, Decision, PlanAction, ActionReview, MeetingCadence, Target)
    ]


def test_a_manager_s_token_runs_a_meeting_to_an_action_of_the_plan(client, cast):
    convention = convention_of(cast)
    headers = bearer(cast.ml_a)
    response = post(
        client,
        "/api/v1/meetings",
        {
            "convention_id": convention.pk,
            "kind": "steering",
            "title": "Comité de pilotage",
            "starts_at": PAST.isoformat(),
            "ends_at": (PAST + datetime.timedelta(hours=2)).isoformat(),
            "place": "Mission Locale A",
            "agenda": ["Bilan"],
        },
        **headers,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    pk = body["id"]
    assert {row["organisation_id"] for row in body["invitees"]} == {cast.ml_a.pk, cast.agency_b.pk}
    assert post(client, f"/api/v1/meetings/{pk}/minutes", {"minutes": "Texte"}, **headers).status_code == 409
    assert post(client, f"/api/v1/meetings/{pk}/hold", **headers).json()["status"] == MeetingStatus.HELD
    invitee = body["invitees"][0]["id"]
    response = post(
        client,
        f"/api/v1/meetings/{pk}/attendance",
        {"rows": [{"invitee_id": invitee, "attendance": "present"}]},
        **headers,
    )
    assert response.json()["invitees"][0]["attendance"] == "present"
    assert (
        post(client, f"/api/v1/meetings/{pk}/minutes", {"minutes": "Le comité a siégé."}, **headers).status_code == 200
    )
    decision = post(client, f"/api/v1/meetings/{pk}/decisions", {"text": "Un job dating commun"}, **headers).json()
    response = post(client, f"/api/v1/meetings/decisions/{decision['id']}/action", {"axis": "Mobilité"}, **headers)
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["title"], created["owner_organisation_id"], created["decision_id"]) == (
        "Un job dating commun",
        cast.ml_a.pk,
        decision["id"],
    )
    assert post(client, f"/api/v1/meetings/decisions/{decision['id']}/action", **headers).status_code == 409
    assert post(client, f"/api/v1/plan-actions/{created['id']}/start", **headers).json()["status"] == "in_progress"
    assert post(client, f"/api/v1/meetings/{pk}/approve", **headers).json()["status"] == MeetingStatus.APPROVED
    listed = client.get(f"/api/v1/plan-actions/convention/{convention.pk}", **bearer(cast.agency_b, role=Role.ADVISER))
    assert [row["id"] for row in listed.json()["items"]] == [created["id"]]


def test_the_cadence_and_the_overdue_actions_read_through_the_api(client, cast):
    convention = convention_of(cast)
    headers = bearer(cast.ml_a)
    response = post(
        client, f"/api/v1/meetings/convention/{convention.pk}/cadence", {"kind": "steering", "per_year": 5}, **headers
    )
    assert response.status_code == 200, response.content
    assert response.json()[0]["per_year"] == 5 and response.json()[0]["source"] == "target"
    late = action(cast, convention, due_on=timezone.localdate() - datetime.timedelta(days=1))
    action(cast, convention, title="À venir", due_on=timezone.localdate() + datetime.timedelta(days=10))
    overdue = client.get(f"/api/v1/plan-actions/convention/{convention.pk}?overdue=true", **headers).json()
    assert [(row["id"], row["overdue"]) for row in overdue["items"]] == [(late.pk, True)]


def test_an_adviser_s_token_reads_but_does_not_write(client, cast):
    convention = convention_of(cast)
    row = meeting(cast, convention)
    headers = bearer(cast.agency_b, role=Role.ADVISER)
    assert client.get(f"/api/v1/meetings/{row.pk}", **headers).status_code == 200
    assert post(client, f"/api/v1/meetings/{row.pk}/cancel", **headers).status_code == 404
    assert (
        post(client, f"/api/v1/meetings/{row.pk}/cancel", **bearer(cast.ml_a, scope=TokenScope.READ)).status_code == 403
    )
    assert Meeting.objects.get().status == MeetingStatus.PLANNED


def test_an_outsider_s_token_gets_404_on_every_read_and_write_and_nothing_changes(client, cast):
    convention = convention_of(cast)
    row = meeting(cast, convention, starts_at=PAST, held=True)
    decision = Decision.objects.create(meeting=row, text="Décision")
    created = action(cast, convention)
    headers = bearer(cast.ml_c)
    c, m, a = convention.pk, row.pk, created.pk
    for url in [
        f"/api/v1/meetings/convention/{c}",
        f"/api/v1/meetings/convention/{c}/cadence",
        f"/api/v1/meetings/{m}",
        f"/api/v1/plan-actions/convention/{c}",
        f"/api/v1/plan-actions/{a}",
    ]:
        assert client.get(url, **headers).status_code == 404, url
    before = _rows()
    meeting_body = {
        "kind": "steering",
        "title": "Intrus",
        "starts_at": PAST.isoformat(),
        "ends_at": (PAST + datetime.timedelta(hours=1)).isoformat(),
        "place": "Ailleurs",
    }
    action_body = {"year": 2026, "title": "Intrus", "owner_organisation_id": cast.ml_c.pk}
    writes = [
        ("post", "/api/v1/meetings", meeting_body | {"convention_id": c}),
        ("put", f"/api/v1/meetings/{m}", meeting_body),
        ("post", f"/api/v1/meetings/{m}/hold", {}),
        ("post", f"/api/v1/meetings/{m}/approve", {}),
        ("post", f"/api/v1/meetings/{m}/cancel", {}),
        ("post", f"/api/v1/meetings/{m}/invitations", {"organisation_ids": [cast.ml_c.pk]}),
        ("post", f"/api/v1/meetings/{m}/attendance", {"rows": []}),
        ("post", f"/api/v1/meetings/{m}/minutes", {"minutes": "Intrus"}),
        ("post", f"/api/v1/meetings/{m}/decisions", {"text": "Intrus"}),
        ("post", f"/api/v1/meetings/decisions/{decision.pk}/action", {}),
        ("post", f"/api/v1/meetings/{m}/reviews", {"action_id": a}),
        ("post", f"/api/v1/meetings/convention/{c}/cadence", {"kind": "directors", "per_year": 6}),
        ("post", "/api/v1/plan-actions", action_body | {"convention_id": c}),
        ("put", f"/api/v1/plan-actions/{a}", action_body),
        ("post", f"/api/v1/plan-actions/{a}/start", {}),
        ("post", f"/api/v1/plan-actions/{a}/complete", {}),
        ("post", f"/api/v1/plan-actions/{a}/drop", {}),
    ]
    for method, url, body in writes:
        response = (post if method == "post" else put)(client, url, body, **headers)
        assert response.status_code == 404, (url, response.content)
    assert _rows() == before
    assert PlanAction.objects.get().status == ActionStatus.TODO
