"""API of the services catalogue: every partner's token reads it (an observer's too); a manager's write token keeps
its organisation's services; any other token gets 404 (a read-only token 403) and nothing changes; the exports in
the data·inclusion schema."""

from __future__ import annotations

import pytest

from tandem.accounts.enums import Role, TokenScope
from tandem.events.models import Event
from tandem.service_catalogue.enums import Audience, Theme
from tandem.service_catalogue.models import Service
from tests.accounts.factories import api_key
from tests.service_catalogue.factories import ServiceFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/catalogue/services"
MOBILITY = Theme.MOBILITE__FINANCER_MA_MOBILITE


def _auth(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _body(**changes) -> dict:
    return {
        "name": "Aide à la mobilité",
        "description": "Le conseiller mobilise les aides à la mobilité du territoire.",
        "kind": "aide-financiere",
        "themes": [MOBILITY],
        "audiences": ["jeunes"],
        "request_modes": ["telephoner"],
        "requesters": ["professionnels"],
        "zone_departements": ["67"],
        "zone_communes": ["67180"],
    } | changes


def test_an_observer_s_token_reads_the_catalogue_and_filters_it(client, cast):
    ServiceFactory(organisation=cast.ml_a, name="Aide au permis", themes=[Theme.MOBILITE__PREPARER_UN_PERMIS])
    ServiceFactory(
        organisation=cast.ml_c, name="Logement à Bordeaux", themes=[Theme.LOGEMENT_HEBERGEMENT__LOUER_UN_LOGEMENT]
    )
    key = api_key(cast.state_service)
    response = client.get(URL, **_auth(key))
    assert response.status_code == 200
    assert {row["name"] for row in response.json()["items"]} == {"Aide au permis", "Logement à Bordeaux"}
    response = client.get(URL, {"theme": "mobilite", "commune": "67180"}, **_auth(key))
    assert [row["name"] for row in response.json()["items"]] == ["Aide au permis"]
    service_id = response.json()["items"][0]["id"]
    detail = client.get(f"{URL}/{service_id}", **_auth(key)).json()
    assert detail["themes"] == [Theme.MOBILITE__PREPARER_UN_PERMIS] and detail["organisation_id"] == cast.ml_a.pk
    assert client.get(URL).status_code == 401


def test_a_manager_s_write_token_adds_changes_and_deactivates_its_services(client, cast):
    key = api_key(cast.ml_a, scope=TokenScope.WRITE, role=Role.MANAGER)
    response = client.post(URL, _body(), content_type="application/json", **_auth(key))
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["organisation_id"] == cast.ml_a.pk
    assert (created["zone_departements"], created["zone_communes"]) == (["67"], ["67180"])
    url = f"{URL}/{created['id']}"
    response = client.put(url, _body(name="Mobilité : permis"), content_type="application/json", **_auth(key))
    assert response.status_code == 200 and response.json()["name"] == "Mobilité : permis"
    assert client.post(f"{url}/deactivate", **_auth(key)).json()["is_active"] is False
    response = client.post(f"{url}/deactivate", **_auth(key))
    assert response.status_code == 409
    assert client.post(f"{url}/reactivate", **_auth(key)).json()["is_active"] is True
    assert Event.objects.filter(subject_type="service").count() == 4


def test_values_the_schema_refuses_are_a_422(client, cast):
    key = api_key(cast.ml_a, scope=TokenScope.WRITE, role=Role.MANAGER)
    for body in (
        _body(audiences=[Audience.TOUS_PUBLICS, Audience.JEUNES]),
        _body(themes=[]),
        _body(themes=["mobilite--voler"]),
        _body(zone_communes=["99999"]),
    ):
        assert client.post(URL, body, content_type="application/json", **_auth(key)).status_code == 422
    assert not Service.objects.exists()


@pytest.mark.parametrize(
    ("organisation", "role", "scope", "status"),
    [
        ("ml_a", Role.ADVISER, TokenScope.WRITE, 404),
        ("ml_a", Role.MANAGER, TokenScope.READ, 403),
        ("ml_c", Role.MANAGER, TokenScope.WRITE, 404),
        ("agency_b", Role.MANAGER, TokenScope.WRITE, 404),
        ("state_service", Role.OBSERVER, TokenScope.WRITE, 404),
    ],
)
def test_every_write_of_a_token_outside_the_service_s_managers_is_refused_and_changes_nothing(
    client, cast, organisation, role, scope, status
):
    service = ServiceFactory(organisation=cast.ml_a, name="Accompagnement CEJ")
    key = api_key(getattr(cast, organisation), scope=scope, role=role)
    url = f"{URL}/{service.pk}"
    assert client.put(url, _body(name="Piraté"), content_type="application/json", **_auth(key)).status_code == status
    assert client.post(f"{url}/deactivate", **_auth(key)).status_code == status
    assert client.post(f"{url}/reactivate", **_auth(key)).status_code == status
    service.refresh_from_db()
    assert service.name == "Accompagnement CEJ" and service.is_active
    assert not Event.objects.exists()


@pytest.mark.parametrize(("organisation", "role"), [("ml_a", Role.ADVISER), ("state_service", Role.OBSERVER)])
def test_only_a_manager_s_token_adds_a_service(client, cast, organisation, role):
    key = api_key(getattr(cast, organisation), scope=TokenScope.WRITE, role=role)
    assert client.post(URL, _body(), content_type="application/json", **_auth(key)).status_code == 404
    assert not Service.objects.exists()


def test_the_exports_in_the_data_inclusion_schema(client, cast):
    ServiceFactory(organisation=cast.ml_a, name="Accompagnement CEJ")
    key = api_key(cast.agency_b)
    services = client.get("/api/v1/catalogue/data-inclusion/services", **_auth(key)).json()
    assert [(row["nom"], row["structure_id"]) for row in services] == [
        ("Accompagnement CEJ", f"tandem--{cast.ml_a.pk}")
    ]
    structures = client.get("/api/v1/catalogue/data-inclusion/structures", **_auth(key)).json()
    assert [row["nom"] for row in structures] == ["Mission Locale A"]
    response = client.get("/api/v1/catalogue/data-inclusion/services.csv", **_auth(key))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode("utf-8").startswith("\ufeffsource;structure_id;id;nom")
    response = client.get("/api/v1/catalogue/data-inclusion/structures.csv", **_auth(key))
    assert "Mission Locale A" in response.content.decode("utf-8")


def test_the_operations_declare_their_errors(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"401", "404", "422"} <= set(paths[f"{URL}/{{pk}}"]["put"]["responses"])
    assert "409" in paths[f"{URL}/{{pk}}/deactivate"]["post"]["responses"]
    assert "text/csv" in paths["/api/v1/catalogue/data-inclusion/services.csv"]["get"]["responses"]["200"]["content"]
