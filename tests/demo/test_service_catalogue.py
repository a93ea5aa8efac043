"""The partners' services in the demo (seeds 000, 002, 004), the demo loaded once: each partner's manager described
them; mobility is offered by both the Mission Locale and France Travail in northern Alsace (to pool), childcare by
the Métropole alone in Grenoble (it completes the others); they export in the data·inclusion schema."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from tandem.accounts.models import Membership
from tandem.demo.service_catalogue import ML_ALSACE_NORD, WISSEMBOURG_SITE
from tandem.demo.services import demo_counts
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.service_catalogue.exports import services_json
from tandem.service_catalogue.models import Service
from tandem.service_catalogue.selectors import CatalogueFilters, offers_by_theme
from tests.service_catalogue.test_exports import check_service


def test_the_partners_describe_their_services(demo):
    alsace = Service.objects.filter(organisation__name=ML_ALSACE_NORD)
    assert alsace.filter(name="Contrat d'engagement jeune (CEJ)").exists()
    assert alsace.get(name="Logement : trouver et garder un toit").site.name == WISSEMBOURG_SITE
    assert Service.objects.filter(organisation__safir_code="67125").count() == 2  # France Travail Haguenau
    assert Service.objects.filter(organisation__name="PLIE de la Métropole grenobloise").exists()
    created = Event.objects.filter(kind=EventKind.CATALOGUE_SERVICE_CREATED)
    assert created.count() == Service.objects.count() == demo.counts["catalogue_services"] == 10


def test_mobility_is_offered_by_two_partners_in_the_bas_rhin_and_childcare_by_one_in_isere(demo):
    observer = Membership.objects.select_related("organisation").order_by("pk").first()
    bas_rhin = offers_by_theme(membership=observer, filters=CatalogueFilters(departement_code="67"))
    mobility = next(category for category in bas_rhin if category.category == "mobilite")
    financing = next(offer for offer in mobility.themes if offer.theme == "mobilite--financer-ma-mobilite")
    assert financing.shared and len(financing.partners) == 2
    isere = offers_by_theme(membership=observer, filters=CatalogueFilters(departement_code="38"))
    family = next(category for category in isere if category.category == "famille")
    assert [offer.shared for offer in family.themes] == [False]


def test_the_demo_s_catalogue_exports_in_the_schema(demo):
    rows = services_json(membership=Membership.objects.first())
    assert len(rows) == 10
    for row in rows:
        check_service(row)


def test_loading_again_adds_no_service(demo, settings):
    settings.TANDEM_REFERENTIAL_DIR = ""
    call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    assert demo_counts()["catalogue_services"] == demo.counts["catalogue_services"]
