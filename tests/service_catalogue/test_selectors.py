"""Reads of the services catalogue: every member reads all of it (observers too); searched by theme or category,
public, partner, text, and by where it is offered (its zone, else where its partner covers or is located); read by
theme, with the themes several partners offer in a territory flagged."""

from __future__ import annotations

import pytest
from django.http import Http404

from tandem.organisations.enums import OrganisationKind
from tandem.service_catalogue.enums import Audience, Theme
from tandem.service_catalogue.selectors import CatalogueFilters, offers_by_theme, service_get_for, service_list_for
from tandem.territories.models import Commune
from tests.organisations.factories import OrganisationFactory
from tests.service_catalogue.factories import ServiceFactory

pytestmark = pytest.mark.django_db

MOBILITY = Theme.MOBILITE__FINANCER_MA_MOBILITE
LICENCE = Theme.MOBILITE__PREPARER_UN_PERMIS
HOUSING = Theme.LOGEMENT_HEBERGEMENT__LOUER_UN_LOGEMENT


def m(user):
    return user.memberships.select_related("organisation").get()


def names(membership, **filters) -> set[str]:
    # A set: accents sort differently in SQLite and PostgreSQL.
    return {service.name for service in service_list_for(membership=membership, filters=CatalogueFilters(**filters))}


@pytest.mark.parametrize("persona", ["adviser_a", "agent_b", "adviser_c", "temp_contact", "observer", "admin"])
def test_every_member_reads_the_whole_active_catalogue(cast, persona):
    ServiceFactory(organisation=cast.ml_a, name="Accompagnement CEJ")
    ServiceFactory(organisation=cast.ml_c, name="Logement jeunes Bordeaux")
    ServiceFactory(organisation=cast.ml_c, name="Ancien service", is_active=False)
    membership = m(cast.personas()[persona])
    assert names(membership) == {"Accompagnement CEJ", "Logement jeunes Bordeaux"}
    assert "Ancien service" in names(membership, include_inactive=True)


def test_without_a_membership_nothing_is_read(cast):
    service = ServiceFactory(organisation=cast.ml_a)
    assert names(None) == set()
    with pytest.raises(Http404):
        service_get_for(membership=None, pk=service.pk)


def test_the_catalogue_is_searched_by_theme_category_public_partner_and_words(cast):
    ServiceFactory(organisation=cast.ml_a, name="Aide au permis", themes=[LICENCE], audiences=[Audience.JEUNES])
    ServiceFactory(
        organisation=cast.agency_b,
        name="Aide à la mobilité",
        themes=[MOBILITY],
        audiences=[Audience.DEMANDEURS_EMPLOI],
        summary="Bons de transport, location de véhicule.",
    )
    ServiceFactory(organisation=cast.ml_a, name="Logement", themes=[HOUSING])
    membership = m(cast.adviser_a)
    assert names(membership, theme=LICENCE) == {"Aide au permis"}
    assert names(membership, theme="mobilite") == {"Aide à la mobilité", "Aide au permis"}
    assert names(membership, audience=Audience.DEMANDEURS_EMPLOI) == {"Aide à la mobilité"}
    assert names(membership, organisation_id=cast.agency_b.pk) == {"Aide à la mobilité"}
    assert names(membership, query="VEHICULE location") == {"Aide à la mobilité"}
    assert names(membership, query="mobilité", theme="logement-hebergement") == set()


def test_where_a_service_is_offered_follows_its_zone_else_its_partner_s_territory(cast):
    # Mission Locale A covers Haguenau and Wissembourg (67); C covers Bordeaux (33).
    ServiceFactory(organisation=cast.ml_a, name="Partout où A couvre")
    ServiceFactory(organisation=cast.ml_a, name="À Wissembourg seulement", communes=["67544"])
    ServiceFactory(organisation=cast.ml_c, name="Dans tout le Bas-Rhin", departements=["67"])
    ServiceFactory(organisation=cast.ml_c, name="À Bordeaux")
    site = OrganisationFactory(kind=OrganisationKind.ML_SITE, parent=cast.ml_a, coverage=["67544"])
    ServiceFactory(organisation=cast.ml_a, site=site, name="Au site de Wissembourg")
    membership = m(cast.adviser_a)
    haguenau, wissembourg = Commune.objects.get(code="67180"), Commune.objects.get(code="67544")
    assert names(membership, commune=haguenau) == {"Dans tout le Bas-Rhin", "Partout où A couvre"}
    assert names(membership, commune=wissembourg) == {
        "Au site de Wissembourg",
        "Dans tout le Bas-Rhin",
        "Partout où A couvre",
        "À Wissembourg seulement",
    }
    assert names(membership, departement_code="33") == {"À Bordeaux"}
    assert len(names(membership, departement_code="67")) == 4


def test_read_by_theme_the_themes_several_partners_offer_are_flagged(cast, django_assert_num_queries):
    ServiceFactory(organisation=cast.ml_a, name="Aide au permis (ML)", themes=[LICENCE, MOBILITY])
    ServiceFactory(organisation=cast.agency_b, name="Aide à la mobilité (FT)", themes=[MOBILITY])
    ServiceFactory(organisation=cast.ml_a, name="Logement", themes=[HOUSING])
    ServiceFactory(organisation=cast.ml_c, name="Mobilité à Bordeaux", themes=[MOBILITY])
    observer = m(cast.observer)
    # The services, their themes, their publics.
    with django_assert_num_queries(3):
        categories = offers_by_theme(membership=observer, filters=CatalogueFilters(departement_code="67"))
    assert [category.category for category in categories] == ["logement-hebergement", "mobilite"]
    mobility = {offer.theme: offer for offer in categories[1].themes}
    assert [p.name for p in mobility[MOBILITY].partners] == ["France Travail B", "Mission Locale A"]
    assert mobility[MOBILITY].shared and not mobility[LICENCE].shared
    assert categories[1].shared_count == 1
    mobility_only = CatalogueFilters(departement_code="67", theme="mobilite")
    only_mobility = offers_by_theme(membership=observer, filters=mobility_only)
    assert [category.category for category in only_mobility] == ["mobilite"]
