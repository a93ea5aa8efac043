"""Finding an offer by typing words of its title or its employer's name, accents and case aside."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.accounts.enums import TokenScope
from tandem.offers.enums import OfferStatus, SharingScope
from tandem.offers.models import Offer
from tandem.offers.search import offer_search_q
from tandem.offers.selectors import offer_list_for
from tests.offers.factories import OfferFactory
from tests.offers.test_api import bearer


@pytest.fixture
def cook(cast):
    return OfferFactory(title="Cuisinier / Cuisinière H/F", employer_name="Brasserie Höll", organisation=cast.ml_a)


def _found(query: str) -> list[Offer]:
    return list(Offer.objects.filter(offer_search_q(query)))


@pytest.mark.parametrize("query", ["cuisiniere", "CUISINIÈRE", "holl", "brasserie cuisinier", "Höll cuisin"])
def test_a_title_or_an_employer_is_found_whatever_the_accents_case_and_order(cook, query):
    assert _found(query) == [cook]


@pytest.mark.parametrize("query", ["serveur", "brasserie serveuse", "hall"])
def test_what_is_in_neither_the_title_nor_the_employer_finds_nothing(cook, query):
    assert _found(query) == []


def test_a_changed_title_is_found_under_the_new_one(cook):
    cook.title = "Commis de salle"
    cook.save(update_fields=["title"])

    assert _found("commis salle") == [cook] and _found("cuisiniere") == []


def test_the_search_stays_within_the_offers_one_may_see(cast, cook):
    OfferFactory(title="Cuisinier", organisation=cast.ml_c, sharing=SharingScope.OWN)
    membership = cast.adviser_a.memberships.get()

    assert list(offer_list_for(membership=membership, query="cuisinier")) == [cook]


def test_the_offers_page_finds_as_you_type(client, cast, cook):
    OfferFactory(title="Maçon", organisation=cast.ml_a)
    client.force_login(cast.adviser_a)

    response = client.get(reverse("offers:list"), {"query": "cuisiniere"}, headers={"HX-Request": "true"})

    assert list(response.context["page"].object_list) == [cook]
    body = response.content.decode()
    assert 'id="offers-results"' in body and "Brasserie Höll" in body and "Maçon" not in body


def test_the_api_searches_with_q(client, cast, cook):
    OfferFactory(title="Maçon", organisation=cast.ml_a, status=OfferStatus.OPEN)

    response = client.get(
        "/api/v1/offers", {"q": "cuisiniere holl"}, **bearer(cast.ml_a, TokenScope.READ, cast.adviser_a)
    )

    assert response.status_code == 200
    assert [offer["id"] for offer in response.json()["items"]] == [cook.pk]


def test_a_search_in_error_shows_its_error_and_no_offers_rather_than_all(client, cast, cook):
    client.force_login(cast.adviser_a)

    response = client.get(reverse("offers:list"), {"query": "cuisinier " * 20})

    assert response.status_code == 200
    assert response.context["form"].errors["query"]
    assert list(response.context["page"].object_list) == []
