"""The employers API: the same rules as the pages; an outsider's token gets 404 on every write, nothing changes."""

from __future__ import annotations

import pytest

from tandem.accounts.enums import Role, TokenScope
from tandem.accounts.services import api_token_create
from tandem.audit.models import AuditEntry
from tandem.employers.models import Employer, EmployerContact, EmployerInteraction
from tandem.employers.services import referent_assign
from tandem.events.models import Event
from tests.employers.factories import EmployerContactFactory, EmployerFactory

pytestmark = pytest.mark.django_db


def _headers(cast, organisation, *, role=Role.ADVISER, scope=TokenScope.WRITE) -> dict:
    _token, key = api_token_create(organisation=organisation, name="test", scope=scope, role=role, by=cast.admin)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def company(cast):
    employer = EmployerFactory(name="Hôtel du Parc", commune_id="67180")
    referent_assign(employer=employer, adviser=cast.adviser_a, organisation=cast.ml_a, by=cast.adviser_a)
    return employer


def _state(company) -> tuple:
    company.refresh_from_db()
    return (
        company.name,
        company.referent_adviser_id,
        EmployerContact.objects.count(),
        EmployerInteraction.objects.count(),
        Employer.objects.count(),
        Event.objects.count(),
    )


def test_a_partner_token_creates_a_company_adds_a_contact_and_records_a_call(client, cast):
    headers = _headers(cast, cast.agency_b)
    answer = client.post(
        "/api/v1/employers",
        {"name": "Garage Martin", "siret": "73282932000074", "naf_code": "45.20A", "commune_code": "67180"},
        content_type="application/json",
        **headers,
    )
    assert answer.status_code == 201, answer.content
    pk = answer.json()["id"]
    assert answer.json()["siren"] == "732829320"
    again = client.post(
        "/api/v1/employers", {"name": "Doublon", "siret": "73282932000074"}, content_type="application/json", **headers
    )
    assert again.status_code == 409
    bad = client.post(
        "/api/v1/employers", {"name": "X", "siret": "73282932000075"}, content_type="application/json", **headers
    )
    assert bad.status_code == 422
    contact = client.post(
        f"/api/v1/employers/{pk}/contacts",
        {"first_name": "Inès", "last_name": "Morel", "preferred_channel": "phone"},
        content_type="application/json",
        **headers,
    )
    assert contact.status_code == 201
    call = client.post(
        f"/api/v1/employers/{pk}/interactions",
        {"kind": "call", "contact_id": contact.json()["id"]},
        content_type="application/json",
        **headers,
    )
    assert call.status_code == 201
    assert client.get(f"/api/v1/employers/{pk}/contacts", **headers).json()[0]["last_name"] == "Morel"
    assert AuditEntry.objects.filter(object_type="employer_contact", action="read", api_token__isnull=False).exists()
    assert client.get(f"/api/v1/employers/{pk}/interactions", **headers).json()["count"] == 1


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("put", "", {"name": "Pirate", "commune_code": "33063"}),
        ("post", "/contacts", {"first_name": "X", "last_name": "Y"}),
        ("put", "/contacts/{contact}", {"first_name": "X", "last_name": "Y"}),
        ("delete", "/contacts/{contact}", None),
        ("post", "/interactions", {"kind": "visit"}),
        ("post", "/referent", {"adviser_id": 0, "organisation_id": 0}),
    ],
)
def test_an_outsider_s_token_and_session_get_404_on_every_write_and_nothing_changes(
    client, cast, company, method, path, body
):
    contact = EmployerContactFactory(employer=company, organisation=cast.ml_a)
    url = f"/api/v1/employers/{company.pk}" + path.format(contact=contact.pk)
    if path == "/referent":
        body = {"adviser_id": cast.adviser_c.pk, "organisation_id": cast.ml_c.pk}
    before = _state(company)
    call = getattr(client, method)
    kwargs = {"content_type": "application/json"} if body is not None else {}
    answer = (
        call(url, body, **kwargs, **_headers(cast, cast.ml_c))
        if body is not None
        else call(url, **_headers(cast, cast.ml_c))
    )
    assert answer.status_code == 404
    assert _state(company) == before
    client.force_login(cast.adviser_c)
    answer = call(url, body, **kwargs) if body is not None else call(url)
    assert answer.status_code == 404
    assert _state(company) == before


def test_an_outsider_reads_the_company_but_not_its_contacts(client, cast, company):
    EmployerContactFactory(employer=company, organisation=cast.ml_a)
    headers = _headers(cast, cast.ml_c)
    assert (
        client.get(f"/api/v1/employers/{company.pk}", **headers).json()["referent_organisation"] == "Mission Locale A"
    )
    assert client.get(f"/api/v1/employers/{company.pk}/contacts", **headers).status_code == 404
    observer = _headers(cast, cast.state_service, role=Role.OBSERVER)
    assert client.get(f"/api/v1/employers/{company.pk}", **observer).status_code == 404
    assert client.get("/api/v1/employers", **observer).status_code == 404


def test_a_read_only_token_cannot_write(client, cast, company):
    headers = _headers(cast, cast.ml_a, scope=TokenScope.READ)
    answer = client.post(
        f"/api/v1/employers/{company.pk}/interactions", {"kind": "call"}, content_type="application/json", **headers
    )
    assert answer.status_code == 403
    assert not EmployerInteraction.objects.exists()


def test_the_referent_hands_over_through_the_api_and_the_warning_reads_back(client, cast, company):
    headers = _headers(cast, cast.ml_a)
    answer = client.post(
        f"/api/v1/employers/{company.pk}/referent",
        {"adviser_id": cast.agent_b.pk, "organisation_id": cast.agency_b.pk},
        content_type="application/json",
        **headers,
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["referent_organisation"] == "France Travail B"
    client.force_login(cast.agent_b)
    client.post(f"/api/v1/employers/{company.pk}/interactions", {"kind": "call"}, content_type="application/json")
    warning = client.get(f"/api/v1/employers/{company.pk}/recent-contact", **headers).json()
    assert warning["organisation"] == "France Travail B" and warning["message"].startswith("Déjà contacté le")


def test_the_list_filters_by_naf_and_refuses_an_unreadable_code(client, cast):
    bakery = EmployerFactory(name="Boulangerie", naf_id="1071C")
    EmployerFactory(name="Garage", naf_id="4520A")
    headers = _headers(cast, cast.ml_a)
    for naf in ("10", "10.71", "10.71C", "1071c"):
        items = client.get("/api/v1/employers", {"naf": naf}, **headers).json()["items"]
        assert [item["id"] for item in items] == [bakery.pk], naf
    answer = client.get("/api/v1/employers", {"naf": "boulange"}, **headers)
    assert answer.status_code == 422 and "NAF" in answer.json()["detail"]


def test_an_interaction_date_must_be_written_as_a_date(client, cast, company):
    headers = _headers(cast, cast.ml_a)
    url = f"/api/v1/employers/{company.pk}/interactions"
    assert (
        client.post(url, {"kind": "call", "occurred_at": 0}, content_type="application/json", **headers).status_code
        == 422
    )
    assert (
        client.post(url, {"kind": "call", "contact_id": "1"}, content_type="application/json", **headers).status_code
        == 422
    )
    assert not EmployerInteraction.objects.exists()
