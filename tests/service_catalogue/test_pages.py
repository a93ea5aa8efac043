"""Pages of the services catalogue: every member reads the list (query count pinned), a service's page and the
view by theme; the partner's managers add, change, deactivate and reactivate its services from the forms; anyone
else gets 404 on every write and nothing changes; the exports download in the data·inclusion schema."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from tandem.accounts.enums import Role
from tandem.events.models import Event
from tandem.service_catalogue.enums import Audience, Theme
from tandem.service_catalogue.models import Service
from tests.accounts.factories import MembershipFactory
from tests.service_catalogue.factories import ServiceFactory

pytestmark = pytest.mark.django_db

MOBILITY = Theme.MOBILITE__FINANCER_MA_MOBILITE


def _form(**changes) -> dict:
    return {
        "name": "Aide à la mobilité",
        "summary": "Permis, vélo, transports.",
        "description": "Le conseiller mobilise les aides à la mobilité du territoire pour le jeune.",
        "kind": "aide-financiere",
        "themes": [MOBILITY],
        "audiences": [Audience.JEUNES],
        "request_modes": ["telephoner"],
        "requesters": ["professionnels"],
        "reception_modes": ["en-presentiel"],
        "fees": "gratuit",
        "zone_departements": [],
        "zone_communes": "67180, 67544",
    } | changes


def test_the_navigation_leads_every_member_to_the_catalogue(client, cast):
    client.force_login(cast.observer)
    response = client.get(reverse("shell:home"))
    assert reverse("service_catalogue:list") in response.text


def test_the_list_shows_the_catalogue_to_an_observer_in_constant_queries(client, cast, django_assert_num_queries):
    ServiceFactory(organisation=cast.ml_a, name="Accompagnement CEJ")
    ServiceFactory(
        organisation=cast.agency_b, name="Atelier CV", themes=[Theme.PREPARER_SA_CANDIDATURE__VALORISER_SES_COMPETENCES]
    )
    client.force_login(cast.observer)
    # The page's frame (session, user, acting membership, the navigation's membership check, unread notifications),
    # the count of the page (bounded), the services with their partner and site, their themes, their publics, then
    # the filter's départements (an observer's organisation has no commune: no département, so no partner listed).
    with django_assert_num_queries(10):
        response = client.get(reverse("service_catalogue:list"))
    assert "Accompagnement CEJ" in response.text and "Atelier CV" in response.text
    for index in range(6):
        ServiceFactory(organisation=cast.ml_c, name=f"Service {index}", themes=[MOBILITY, Theme.SANTE__ACCES_AUX_SOINS])
    with django_assert_num_queries(10):
        response = client.get(reverse("service_catalogue:list"))
    assert "Service 5" in response.text


def _partner_options(response) -> set[str]:
    select = re.search(r'<select[^>]*name="organisation".*?</select>', response.text, re.S)
    assert select is not None
    return {html.unescape(label).strip() for label in re.findall(r"<option[^>]*>([^<]*)</option>", select.group(0))}


def test_the_partner_filter_lists_the_partners_of_the_departement_searched(client, cast):
    ServiceFactory(organisation=cast.ml_a, name="Aide au permis")
    ServiceFactory(organisation=cast.ml_c, name="Permis à Bordeaux")
    client.force_login(cast.adviser_a)
    # The reader's own département at first (Bas-Rhin), then the one searched (Gironde).
    options = _partner_options(client.get(reverse("service_catalogue:list")))
    assert cast.ml_a.name in options and cast.ml_c.name not in options
    gironde = cast.ml_c.commune.departement_id
    options = _partner_options(client.get(reverse("service_catalogue:list"), {"departement": gironde}))
    assert cast.ml_c.name in options and cast.ml_a.name not in options
    # A link naming a partner of another département still filters by it, and the partner stays chosen.
    response = client.get(reverse("service_catalogue:list"), {"organisation": cast.ml_c.pk})
    assert cast.ml_c.name in _partner_options(response)
    assert "Permis à Bordeaux" in response.text and "Aide au permis" not in response.text
    assert f'<option value="{cast.ml_c.pk}" selected>' in response.text


def test_the_list_is_filtered_by_theme_and_near_a_commune(client, cast):
    ServiceFactory(organisation=cast.ml_a, name="Aide au permis", themes=[Theme.MOBILITE__PREPARER_UN_PERMIS])
    ServiceFactory(organisation=cast.ml_c, name="Permis à Bordeaux", themes=[Theme.MOBILITE__PREPARER_UN_PERMIS])
    ServiceFactory(organisation=cast.ml_a, name="Foyer jeunes travailleurs")
    client.force_login(cast.adviser_a)
    response = client.get(reverse("service_catalogue:list"), {"theme": "mobilite", "commune": "Haguenau"})
    assert "Aide au permis" in response.text
    assert "Permis à Bordeaux" not in response.text and "Foyer jeunes travailleurs" not in response.text


def test_the_view_by_theme_shows_who_offers_what_in_the_reader_s_departement(client, cast):
    ServiceFactory(organisation=cast.ml_a, name="Aide au permis (ML)", themes=[MOBILITY])
    ServiceFactory(organisation=cast.agency_b, name="Aides à la mobilité (FT)", themes=[MOBILITY])
    ServiceFactory(organisation=cast.ml_c, name="Mobilité à Bordeaux", themes=[MOBILITY])
    client.force_login(cast.agent_b)
    response = client.get(reverse("service_catalogue:by_theme"))
    assert "Aide au permis (ML)" in response.text and "Aides à la mobilité (FT)" in response.text
    assert "Mobilité à Bordeaux" not in response.text
    assert "Plusieurs partenaires" in response.text
    response = client.get(reverse("service_catalogue:by_theme"), {"departement": "33"})
    assert "Mobilité à Bordeaux" in response.text and "Un seul partenaire" in response.text


def test_a_manager_adds_then_changes_a_service_from_the_forms(client, cast):
    client.force_login(cast.director_a)
    assert client.get(reverse("service_catalogue:create")).status_code == 200
    response = client.post(reverse("service_catalogue:create"), _form())
    service = Service.objects.get()
    assert response.status_code == 302 and response.url == reverse("service_catalogue:detail", args=[service.pk])
    assert service.organisation == cast.ml_a
    assert sorted(service.zone_communes.values_list("code", flat=True)) == ["67180", "67544"]
    assert client.get(reverse("service_catalogue:edit", args=[service.pk])).status_code == 200
    response = client.post(reverse("service_catalogue:edit", args=[service.pk]), _form(name="Mobilité : permis"))
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name == "Mobilité : permis"
    page = client.get(reverse("service_catalogue:detail", args=[service.pk]))
    assert "Mobilité : permis" in page.text and "Modifier" in page.text


def test_the_form_tells_what_is_wrong(client, cast):
    client.force_login(cast.director_a)
    response = client.post(
        reverse("service_catalogue:create"),
        _form(audiences=[Audience.TOUS_PUBLICS, Audience.JEUNES], zone_communes="99999"),
    )
    assert response.status_code == 200
    assert "Codes de commune inconnus : 99999" in response.text
    assert not Service.objects.exists()


def test_a_manager_deactivates_then_reactivates_a_service(client, cast):
    service = ServiceFactory(organisation=cast.ml_a)
    client.force_login(cast.director_a)
    client.post(reverse("service_catalogue:deactivate", args=[service.pk]))
    service.refresh_from_db()
    assert not service.is_active
    client.post(reverse("service_catalogue:reactivate", args=[service.pk]))
    service.refresh_from_db()
    assert service.is_active


@pytest.mark.parametrize("persona", ["adviser_a", "agent_b", "adviser_c", "observer", "admin", "outside_manager"])
def test_anyone_but_the_partner_s_managers_gets_404_on_every_write_and_nothing_changes(client, cast, persona):
    service = ServiceFactory(organisation=cast.ml_a, name="Accompagnement CEJ")
    if persona == "outside_manager":
        user = MembershipFactory(organisation=cast.ml_c, role=Role.MANAGER).user
    else:
        user = cast.personas()[persona]
    client.force_login(user)
    assert client.get(reverse("service_catalogue:detail", args=[service.pk])).status_code == 200
    assert client.get(reverse("service_catalogue:edit", args=[service.pk])).status_code == 404
    assert client.post(reverse("service_catalogue:edit", args=[service.pk]), _form(name="Piraté")).status_code == 404
    assert client.post(reverse("service_catalogue:deactivate", args=[service.pk])).status_code == 404
    service.refresh_from_db()
    assert service.name == "Accompagnement CEJ" and service.is_active
    assert not Event.objects.exists()


@pytest.mark.parametrize("persona", ["adviser_a", "agent_b", "observer"])
def test_only_managers_add_services(client, cast, persona):
    client.force_login(cast.personas()[persona])
    assert client.get(reverse("service_catalogue:create")).status_code == 404
    assert client.post(reverse("service_catalogue:create"), _form()).status_code == 404
    assert not Service.objects.exists()


def test_the_exports_download_as_json_and_as_csv_for_a_spreadsheet(client, cast):
    ServiceFactory(organisation=cast.ml_a, name="Accompagnement CEJ", themes=[MOBILITY])
    ServiceFactory(organisation=cast.ml_a, name="Ancien", is_active=False)
    client.force_login(cast.observer)
    response = client.get(reverse("service_catalogue:export_services_json"))
    assert response["Content-Disposition"].startswith('attachment; filename="data-inclusion-services-')
    rows = response.json()
    assert [row["nom"] for row in rows] == ["Accompagnement CEJ"]
    assert rows[0]["structure_id"] == f"tandem--{cast.ml_a.pk}"
    structures = client.get(reverse("service_catalogue:export_structures_json")).json()
    assert [row["id"] for row in structures] == [f"tandem--{cast.ml_a.pk}"]
    csv = client.get(reverse("service_catalogue:export_services_csv"))
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    text = csv.content.decode("utf-8")
    assert text.startswith("\ufeffsource;structure_id;id;nom;description;date_maj")
    assert f"tandem;tandem--{cast.ml_a.pk};" in text and MOBILITY in text
    structures_csv = client.get(reverse("service_catalogue:export_structures_csv")).content.decode("utf-8")
    assert "Mission Locale A" in structures_csv and "mission-locale" in structures_csv
