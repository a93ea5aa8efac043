from tests.offers.test_matching import COOK, HAGUENAU, OfferFactory, seeker


def test_the_api_suggests_offers_with_their_reasons_to_the_lead_only(client, cast):
    person = seeker(cast, romes=(COOK,))
    offer = OfferFactory(organisation=cast.agency_b, rome_id=COOK, commune_id=HAGUENAU)
    client.force_login(cast.adviser_a)
    results = client.get(f"/api/v1/suggestions/people/{person.pk}/offers").json()
    assert [r["offer_id"] for r in results] == [offer.pk]
    assert results[0]["reasons_met"] and results[0]["distance_km"] is not None
    client.force_login(cast.adviser_c)
    assert client.get(f"/api/v1/suggestions/people/{person.pk}/offers").status_code == 404


def test_the_api_suggests_candidates_among_visible_people_only(client, cast):
    person = seeker(cast, romes=(COOK,))
    offer = OfferFactory(organisation=cast.ml_a, rome_id=COOK, commune_id=HAGUENAU)
    client.force_login(cast.director_a)
    results = client.get(f"/api/v1/suggestions/offers/{offer.pk}/candidates").json()
    assert [r["person_id"] for r in results] == [person.pk]
    client.force_login(cast.adviser_c)
    assert client.get(f"/api/v1/suggestions/offers/{offer.pk}/candidates").status_code == 404
