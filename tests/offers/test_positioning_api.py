"""The positionings API: proposal and steps for the parties, 409 on a stale step, 404 for outsiders."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tandem.accounts.enums import TokenScope
from tandem.accounts.services import api_token_create
from tandem.offers.enums import OfferStatus, PositioningStatus
from tandem.offers.models import Positioning
from tests.offers.test_positioning_services import advance, led_person, offer_of, propose

API = "/api/v1/positionings"


@pytest.fixture
def positioning(cast):
    return propose(cast)


def test_an_adviser_proposes_through_the_api_and_the_parties_take_it_to_a_hire(client, cast):
    person, offer = led_person(cast), offer_of(cast)
    client.force_login(cast.adviser_a)
    response = client.post(API, {"person_id": person.pk, "offer_id": offer.pk}, content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["status"] == "proposed"
    assert client.post(f"{API}/{pk}/send", {}, content_type="application/json").status_code == 200
    client.force_login(cast.agent_b)  # the offer's organisation
    interview_at = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    client.post(f"{API}/{pk}/interview", {"interview_at": interview_at}, content_type="application/json")
    response = client.post(
        f"{API}/{pk}/hire",
        {"contract_type": "cdi", "start_on": timezone.localdate().isoformat()},
        content_type="application/json",
    )
    assert response.json()["status"] == PositioningStatus.HIRED
    offer.refresh_from_db()
    assert offer.status == OfferStatus.FILLED
    assert [p["id"] for p in client.get(API).json()] == [pk]


def test_a_stale_step_answers_409_and_a_missing_reason_422(client, cast, positioning):
    client.force_login(cast.adviser_a)
    assert client.post(f"{API}/{positioning.pk}/withdraw").status_code == 200
    assert client.post(f"{API}/{positioning.pk}/withdraw").status_code == 409
    other = propose(cast)
    response = client.post(f"{API}/{other.pk}/not-retained", {"reason": ""}, content_type="application/json")
    assert response.status_code == 422


def test_a_full_cv_without_consent_and_a_duplicate_are_refused_with_409(client, cast, positioning):
    client.force_login(cast.adviser_a)
    payload = {"person_id": positioning.person_id, "offer_id": positioning.offer_id}
    response = client.post(API, payload, content_type="application/json")
    assert response.status_code == 409 and "déjà une mise en relation" in response.json()["detail"]
    payload = {"person_id": positioning.person_id, "offer_id": offer_of(cast).pk, "cv_kind": "full"}
    response = client.post(API, payload, content_type="application/json")
    assert response.status_code == 409 and "consentement" in response.json()["detail"]


def test_outsiders_and_read_only_tokens_cannot_touch_a_positioning(client, cast, positioning):
    for outsider in (cast.adviser_c, cast.observer):
        client.force_login(outsider)
        assert client.get(f"{API}/{positioning.pk}").status_code == 404
        assert client.post(f"{API}/{positioning.pk}/withdraw").status_code == 404
    client.force_login(cast.adviser_c)
    assert client.get(API).json() == []
    payload = {"person_id": positioning.person_id, "offer_id": offer_of(cast).pk}
    assert client.post(API, payload, content_type="application/json").status_code == 404
    client.logout()
    _token, key = api_token_create(organisation=cast.ml_a, name="lecture", scope=TokenScope.READ, by=cast.admin)
    headers = {"Authorization": f"Bearer {key}"}
    assert client.get(f"{API}/{positioning.pk}", headers=headers).status_code == 200
    assert client.post(f"{API}/{positioning.pk}/withdraw", headers=headers).status_code == 403
    assert Positioning.objects.get().status == PositioningStatus.PROPOSED


def test_a_hire_beyond_the_offer_s_positions_answers_409(client, cast):
    offer = offer_of(cast, positions=1)
    first, second = (advance(cast, propose(cast, offer=offer), PositioningStatus.INTERVIEW) for _ in range(2))
    client.force_login(cast.agent_b)
    payload = {"contract_type": "cdi", "start_on": timezone.localdate().isoformat()}
    assert client.post(f"{API}/{first.pk}/hire", payload, content_type="application/json").status_code == 200
    response = client.post(f"{API}/{second.pk}/hire", payload, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["detail"].startswith("Tous les postes de cette offre sont déjà pourvus")
    assert Positioning.objects.filter(status=PositioningStatus.HIRED).count() == 1


def test_a_hire_without_a_duration_answers_422_and_a_closed_offer_409(client, cast):
    offer = offer_of(cast, positions=2)
    positioning = advance(cast, propose(cast, offer=offer), PositioningStatus.INTERVIEW)
    client.force_login(cast.agent_b)
    url = f"{API}/{positioning.pk}/hire"
    payload = {"contract_type": "cdd", "start_on": timezone.localdate().isoformat()}
    response = client.post(url, payload, content_type="application/json")
    assert response.status_code == 422 and "durée" in response.json()["detail"]
    offer.status = OfferStatus.WITHDRAWN
    offer.save()
    response = client.post(url, {**payload, "duration_months": 6}, content_type="application/json")
    assert response.status_code == 409 and "« Retirée »" in response.json()["detail"]


@pytest.mark.parametrize("pk", ["0", "-1", "99999999999999999999999", "abc"])
def test_an_id_that_no_record_can_have_answers_422(client, cast, pk):
    client.force_login(cast.adviser_a)
    assert client.get(f"{API}/{pk}").status_code == 422
    assert client.post(f"{API}/{pk}/withdraw").status_code == 422
