"""Pages of the matching: who may see them, what they show, and a query count that does not grow."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tandem.audit.models import AuditEntry
from tandem.offers.enums import SharingScope, WorkingTime
from tandem.people.enums import BarrierKind
from tandem.people.models import Barrier
from tests.offers.test_matching import HAGUENAU, STRASBOURG, OfferFactory, seeker


def offers_url(person) -> str:
    return reverse("offers:matching_offers", kwargs={"person_pk": person.pk})


def candidates_url(offer) -> str:
    return reverse("offers:matching_candidates", kwargs={"pk": offer.pk})


def test_the_lead_adviser_sees_the_suggested_offers_with_their_reasons(client, cast):
    person = seeker(cast)
    Barrier.objects.create(person=person, kind=BarrierKind.CHILDCARE, identified_on="2026-01-05")
    OfferFactory(title="Commis de cuisine", commune_id=HAGUENAU, working_time=WorkingTime.FULL_TIME)
    OfferFactory(title="Chef à Strasbourg", commune_id=STRASBOURG)
    client.force_login(cast.adviser_a)

    response = client.get(offers_url(person))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Commis de cuisine" in body
    assert "Chef à Strasbourg" not in body  # 53 km, beyond the 30 km accepted
    assert "à 22 km" in body
    assert "Même métier (G1602)" in body
    assert "Temps plein, alors que temps partiel seulement (garde d&#x27;enfants)" in body
    assert "fr-badge--success" in body and "fr-badge--warning" in body
    assert f"/proposer/?personne={person.pk}" in body
    assert AuditEntry.objects.filter(person_id=person.pk, object_type="offer_suggestions").exists()


def test_the_suggested_offers_of_a_person_are_refused_to_outsiders(client, cast):
    person = seeker(cast)
    for outsider in (cast.adviser_c, cast.observer, cast.temp_contact):
        client.force_login(outsider)
        assert client.get(offers_url(person)).status_code == 404
    client.logout()
    assert client.get(offers_url(person)).status_code == 302


def test_the_candidates_page_lists_visible_people_for_a_visible_offer(client, cast):
    person = seeker(cast)
    offer = OfferFactory(organisation=cast.ml_a, sharing=SharingScope.OWN)
    client.force_login(cast.adviser_a)

    response = client.get(candidates_url(offer))

    assert response.status_code == 200
    body = response.content.decode()
    assert f"{person.last_name} {person.first_name}</a>" in body
    assert f"<td>{person.commune.name}<br>" in body
    assert "Même métier (G1602)" in body
    [match] = response.context["suggestions"].matches
    # Built from the ranking's columns: what the page does not show is read from the database if ever asked for.
    assert (match.person.pk, match.person.birth_date) == (person.pk, person.birth_date)


def test_a_candidate_without_a_commune_is_shown_without_one(client, cast):
    person = seeker(cast, commune=None)
    offer = OfferFactory(organisation=cast.ml_a, sharing=SharingScope.OWN)
    client.force_login(cast.adviser_a)

    response = client.get(candidates_url(offer))

    [match] = response.context["suggestions"].matches
    assert match.person.pk == person.pk
    assert match.person.commune is None
    assert f"{person.last_name} {person.first_name}</a></td>\n      <td>—<br>" in response.content.decode()


def test_the_candidates_page_is_refused_to_those_who_may_not_see_the_offer_or_people(client, cast):
    seeker(cast)
    offer = OfferFactory(organisation=cast.ml_a, sharing=SharingScope.OWN)
    for outsider in (cast.adviser_c, cast.observer):
        client.force_login(outsider)
        assert client.get(candidates_url(offer)).status_code == 404


def test_the_suggestions_page_does_not_grow_with_the_number_of_offers(client, cast, django_assert_num_queries):
    person = seeker(cast)
    client.force_login(cast.adviser_a)
    OfferFactory.create_batch(5)
    with CaptureQueriesContext(connection) as few:
        assert client.get(offers_url(person)).status_code == 200
    OfferFactory.create_batch(55)
    # session, user, memberships; person_get_for (person, lead follow); the person's features (sought jobs and
    # barriers included); the départements of the organisation's territory and its partners (the offers' scope);
    # the ranking with the reasons of the rows shown, once per job tier read (the sought jobs' offers, then their
    # domains': the page is not full of the sought jobs here), each with what the page shows of the offers; audit
    # insert; the header's membership switcher and unread notifications.
    with django_assert_num_queries(14), CaptureQueriesContext(connection) as many:
        response = client.get(offers_url(person))
    assert response.status_code == 200
    assert len(response.context["suggestions"].matches) == 20
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
