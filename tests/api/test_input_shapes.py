"""Input the schema forbids is refused, whatever its shape: a body that is not an object, a date as a number,
a null where a field cannot be empty."""

from __future__ import annotations

import pytest

from tandem.accounts.enums import Role, TokenScope
from tandem.offers.models import Offer
from tests.accounts.factories import bearer
from tests.offers.factories import OfferFactory


@pytest.mark.parametrize("body", ["false", "[]", "[{}]", '"texte"', "12"])
def test_a_body_that_is_not_an_object_is_a_400(client, cast, body):
    response = client.post(
        "/api/v1/people", body, content_type="application/json", **bearer(cast.ml_a, scope=TokenScope.WRITE)
    )
    assert response.status_code == 400 and response.json() == {"detail": "Cannot parse request body"}


def test_a_date_given_as_a_number_is_refused(client, cast):
    person = {"first_name": "Léa", "last_name": "Nombre", "birth_date": 0}
    response = client.post(
        "/api/v1/people", person, content_type="application/json", **bearer(cast.ml_a, scope=TokenScope.WRITE)
    )
    assert response.status_code == 422 and response.json()["errors"][0]["loc"][-1] == "birth_date"


def test_a_null_for_a_field_an_offer_cannot_leave_empty_is_a_422_and_changes_nothing(client, cast):
    offer = OfferFactory(organisation=cast.ml_a, salary_label="1 800 €", title="Avant")
    headers = bearer(cast.ml_a, scope=TokenScope.WRITE, role=Role.ADVISER)
    for field in ("salary_label", "working_time", "title", "positions"):
        response = client.patch(f"/api/v1/offers/{offer.pk}", {field: None}, content_type="application/json", **headers)
        assert response.status_code == 422, (field, response.content)
    response = client.patch(
        f"/api/v1/offers/{offer.pk}", {"expires_on": None}, content_type="application/json", **headers
    )
    assert response.status_code == 200
    offer = Offer.objects.get(pk=offer.pk)
    assert (offer.salary_label, offer.title) == ("1 800 €", "Avant")


def test_booleans_and_numbers_come_with_their_json_type(client, cast):
    offer = OfferFactory(organisation=cast.ml_a, requires_driving_licence=True)
    headers = bearer(cast.ml_a, scope=TokenScope.WRITE, role=Role.ADVISER)
    for change in ({"requires_driving_licence": 0}, {"positions": "2"}, {"salary_min": "1800"}):
        response = client.patch(f"/api/v1/offers/{offer.pk}", change, content_type="application/json", **headers)
        assert response.status_code == 422, (change, response.content)
    assert Offer.objects.get(pk=offer.pk).requires_driving_licence is True
