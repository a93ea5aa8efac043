"""Who sees which offer: own, partners' (active partnership, either direction), the territory's."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tandem.accounts.models import Membership
from tandem.offers.enums import OfferSource, OfferStatus, SharingScope
from tandem.offers.selectors import offer_get_for, offer_list_for, territory_areas
from tandem.offers.services import france_travail_organisation_default
from tandem.organisations.models import PartnershipLink
from tandem.territories.models import Commune
from tests.offers.factories import OfferFactory
from tests.organisations.factories import OrganisationFactory


@pytest.fixture
def offers(cast):
    national = france_travail_organisation_default()
    return {
        "a_own": OfferFactory(organisation=cast.ml_a, sharing=SharingScope.OWN),
        "a_partners": OfferFactory(organisation=cast.ml_a, sharing=SharingScope.PARTNERS),
        "a_territory": OfferFactory(organisation=cast.ml_a, sharing=SharingScope.TERRITORY),
        "b_partners": OfferFactory(organisation=cast.agency_b, sharing=SharingScope.PARTNERS),
        "ft_strasbourg": OfferFactory(organisation=national, source=OfferSource.FRANCE_TRAVAIL, commune_id="67482"),
        "ft_bordeaux": OfferFactory(organisation=national, source=OfferSource.FRANCE_TRAVAIL, commune_id="33063"),
        "c_partners": OfferFactory(organisation=cast.ml_c, sharing=SharingScope.PARTNERS, commune_id="33063"),
    }


def visible(user, offers) -> set[str]:
    membership = Membership.objects.get(user=user)
    names = {offer.pk: name for name, offer in offers.items()}
    return {names[pk] for pk in offer_list_for(membership=membership).values_list("pk", flat=True)}


def test_each_organisation_sees_its_own_its_partners_and_its_territorys_offers(cast, offers):
    assert visible(cast.adviser_a, offers) == {"a_own", "a_partners", "a_territory", "b_partners", "ft_strasbourg"}
    assert visible(cast.agent_b, offers) == {"a_partners", "a_territory", "b_partners", "ft_strasbourg"}
    # A temp agency covers no commune: its territory is the département where it is located.
    assert visible(cast.temp_contact, offers) == {"a_partners", "a_territory", "ft_strasbourg"}
    assert visible(cast.adviser_c, offers) == {"ft_bordeaux", "c_partners"}
    # The State service is neither a partner nor located anywhere: it sees no offer.
    assert visible(cast.observer, offers) == set()


def test_an_ended_partnership_no_longer_shares_offers(cast, offers):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    PartnershipLink.objects.filter(organisation_b=cast.temp_agency).update(ends_on=yesterday)
    assert visible(cast.temp_contact, offers) == {"a_territory", "ft_strasbourg"}


def test_filled_offers_are_left_out_unless_asked(cast, offers):
    membership = Membership.objects.get(user=cast.adviser_a)
    offers["a_own"].status = OfferStatus.FILLED
    offers["a_own"].save()
    assert offers["a_own"] not in offer_list_for(membership=membership)
    assert offers["a_own"] in offer_list_for(membership=membership, status="")
    assert offer_get_for(membership=membership, pk=offers["a_own"].pk) == offers["a_own"]


def test_offers_around_a_commune_are_filtered_by_exact_distance(cast):
    membership = Membership.objects.get(user=cast.adviser_a)
    haguenau = Commune.objects.get(code="67180")
    places = {"67180": "haguenau", "67544": "wissembourg", "67482": "strasbourg", "33063": "bordeaux"}
    for code, name in places.items():
        commune = Commune.objects.get(code=code)
        OfferFactory(
            organisation=cast.ml_a, title=name, commune_id=code, latitude=commune.latitude, longitude=commune.longitude
        )

    def around(km):
        return [o.title for o in offer_list_for(membership=membership, commune=haguenau, distance_km=km)]

    assert around(5) == ["haguenau"]
    assert around(25) == ["haguenau", "wissembourg"]  # nearest first (≈ 21 km)
    assert around(35) == ["haguenau", "wissembourg", "strasbourg"]  # ≈ 31 km
    assert [o.title for o in offer_list_for(membership=membership, commune=haguenau)] == ["haguenau"]


def test_filters_narrow_the_list(cast, offers):
    membership = Membership.objects.get(user=cast.adviser_a)
    offers["a_own"].rome_id = "G1803"
    offers["a_own"].save()
    assert list(offer_list_for(membership=membership, rome="g1803")) == [offers["a_own"]]
    assert set(offer_list_for(membership=membership, source=OfferSource.FRANCE_TRAVAIL)) == {offers["ft_strasbourg"]}
    assert set(offer_list_for(membership=membership, sharing=SharingScope.PARTNERS)) == {
        offers["a_partners"],
        offers["b_partners"],
    }
    assert not offer_list_for(membership=membership, contract_type="cdi").exists()


@pytest.mark.parametrize(
    ("coverage", "located", "areas"),
    [
        (["67180", "33063"], "", (["33", "67"], [])),
        (["67180"], "33063", (["33", "67"], [])),
        ([], "67180", (["67"], [])),
        ([], None, ([], [])),
        (["98830", "67180"], "98831", (["67"], ["988"])),  # Touho, Voh: New Caledonia, no département
    ],
)
def test_an_organisation_s_areas_are_the_departements_it_covers_or_is_located_in(db, coverage, located, areas):
    """Read by a query compiled once (tandem.core.compiled): each organisation its own areas, whichever came first."""
    first = OrganisationFactory(coverage=["13055"], commune_id="13055")
    assert territory_areas(first) == (["13"], [])
    organisation = OrganisationFactory(coverage=coverage, commune_id=located or None)
    assert territory_areas(organisation) == areas
