"""Communes of overseas collectivities (Saint-Barthélemy 97701, Saint-Martin, Polynésie…) have no département
(nor coordinates, for some): the offer pages, the sharing scope, the matching and the CV still work and say
where things are."""

from __future__ import annotations

from django.urls import reverse

from tandem.accounts.models import Membership
from tandem.offers import cv, matching
from tandem.offers.enums import CvKind, OfferSource, SharingScope
from tandem.offers.selectors import offer_list_for
from tandem.organisations.enums import OrganisationKind
from tandem.people.models import JobProfile
from tandem.people.services import follow_set_lead
from tandem.territories.models import Commune
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.offers.factories import OfferFactory
from tests.offers.test_cv import document_text
from tests.organisations.factories import OrganisationFactory
from tests.people.factories import PersonFactory

SAINT_BARTHELEMY = "97701"
COOK = "G1602"


def test_saint_barthelemy_has_no_departement_in_the_referential(db):
    commune = Commune.objects.get(code=SAINT_BARTHELEMY)
    assert (commune.departement_id, commune.overseas_collectivity) == (None, "977")


def test_the_offer_pages_show_an_offer_of_saint_barthelemy(client, cast):
    offer = OfferFactory(
        organisation=cast.ml_a, commune_id=SAINT_BARTHELEMY, latitude=None, longitude=None, title="Serveur à Gustavia"
    )
    client.force_login(cast.adviser_a)
    assert "Serveur à Gustavia" in client.get(reverse("offers:list")).text
    around = client.get(reverse("offers:list"), {"commune": SAINT_BARTHELEMY, "distance_km": "30"})
    assert around.status_code == 200 and "Serveur à Gustavia" in around.text
    page = client.get(reverse("offers:detail", kwargs={"pk": offer.pk}))
    assert page.status_code == 200 and "Saint-Barthélemy" in page.text
    assert client.get(reverse("offers:matching_candidates", kwargs={"pk": offer.pk})).status_code == 200
    assert client.get(f"/api/v1/offers?commune={SAINT_BARTHELEMY}&distance_km=30").json()["count"] == 1


def _mission_locale_of_saint_barthelemy():
    organisation = OrganisationFactory(
        kind=OrganisationKind.MISSION_LOCALE, commune_id=SAINT_BARTHELEMY, coverage=[SAINT_BARTHELEMY]
    )
    user = UserFactory()
    return organisation, MembershipFactory(user=user, organisation=organisation, role="adviser")


def test_an_organisation_of_a_collectivity_sees_the_offers_shared_with_its_territory(cast):
    organisation, membership = _mission_locale_of_saint_barthelemy()
    employer_desk = OrganisationFactory(kind=OrganisationKind.FT_AGENCY, commune_id=SAINT_BARTHELEMY)
    there = OfferFactory(organisation=employer_desk, commune_id=SAINT_BARTHELEMY, sharing=SharingScope.TERRITORY)
    haguenau = OfferFactory(organisation=cast.agency_b, source=OfferSource.FRANCE_TRAVAIL)
    assert list(offer_list_for(membership=membership)) == [there]
    assert list(offer_list_for(membership=Membership.objects.get(user=cast.adviser_a))) == [haguenau]


def test_a_young_person_of_saint_barthelemy_is_matched_with_the_offers_of_the_collectivity(cast):
    organisation, membership = _mission_locale_of_saint_barthelemy()
    desk = OrganisationFactory(kind=OrganisationKind.FT_AGENCY, commune_id=SAINT_BARTHELEMY)
    there = OfferFactory(organisation=desk, commune_id=SAINT_BARTHELEMY, latitude=None, longitude=None, rome_id=COOK)
    OfferFactory(organisation=desk, commune_id="67180", latitude=None, longitude=None, rome_id=COOK)
    person = PersonFactory(commune_id=SAINT_BARTHELEMY)
    follow_set_lead(person=person, organisation=organisation, adviser=membership.user, by=membership.user)
    JobProfile.objects.create(person=person).sought_romes.set([COOK])

    suggestions = matching.offer_suggestions_for(person=person, membership=membership)

    assert [match.offer for match in suggestions.matches] == [there]
    assert suggestions.matches[0].tier == "same_commune"
    candidates = matching.candidate_suggestions_for(offer=there, membership=membership)
    assert [match.person for match in candidates.matches] == [person]


def test_the_cv_of_a_young_person_of_saint_barthelemy_names_the_collectivity(cast):
    organisation, membership = _mission_locale_of_saint_barthelemy()
    person = PersonFactory(commune_id=SAINT_BARTHELEMY, first_name="Léa", last_name="Gréaux")
    JobProfile.objects.create(person=person)
    content = cv.cv_content(person=person, kind=CvKind.ANONYMOUS, organisation=organisation, adviser=None)
    assert (content.departement, content.collectivity) == ("", "Saint-Barthélemy (977)")
    text = document_text(cv.cv_document(content))
    assert "Réside dans la collectivité d'outre-mer : Saint-Barthélemy (977)" in text
