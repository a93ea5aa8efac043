"""API of conventions: the same rules as the pages for partner systems' tokens; an outsider's token gets 404 on every
read and write and changes nothing."""

from __future__ import annotations

import json

import pytest

from tandem.accounts.enums import Role, TokenScope
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import PartnershipLink
from tandem.partnerships import services
from tandem.partnerships.models import Convention, ConventionParty, Secondment, Target
from tests.accounts.factories import api_key
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/conventions"


def bearer(organisation, *, role=Role.MANAGER, scope=TokenScope.WRITE) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_key(organisation, scope=scope, role=role)}"}


def send(client, method, url, body=None, **headers):
    return getattr(client, method)(url, json.dumps(body or {}), content_type="application/json", **headers)


@pytest.fixture
def convention(cast) -> Convention:
    link = PartnershipLink.objects.get(organisation_a=cast.ml_a, organisation_b=cast.agency_b)
    return services.convention_of_link(link=link)


def _fingerprint() -> list:
    return [
        list(model.objects.order_by("pk").values_list())
        for model in (Convention, ConventionParty, Target, Secondment, PartnershipLink)
    ]


def test_a_manager_s_token_creates_a_local_convention_adds_its_reference_site_and_signs_it(client, cast):
    headers = bearer(cast.ml_c)
    agency = OrganisationFactory(kind=OrganisationKind.FT_AGENCY, name="France Travail Bordeaux")
    response = send(
        client,
        "post",
        URL,
        {
            "level": "local",
            "kind": "cotraitance",
            "title": "Convention locale de Bordeaux",
            "starts_on": "2026-01-01",
            "referral_answer_days": 5,
            "ways_of_working": ["share_offers"],
            "parties": [{"organisation_id": cast.ml_c.pk, "role": "signatory"}],
        },
        **headers,
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]

    refused = send(client, "post", f"{URL}/{pk}/sign", {}, **headers)
    assert refused.status_code == 422 and "site de référence" in refused.json()["detail"]

    added = send(
        client, "post", f"{URL}/{pk}/parties", {"organisation_id": agency.pk, "role": "reference_site"}, **headers
    )
    assert added.status_code == 201, added.content
    signed = send(client, "post", f"{URL}/{pk}/sign", {"signed_on": "2026-01-02"}, **headers)
    assert signed.status_code == 200 and signed.json()["status"] == "signed"
    assert PartnershipLink.objects.get(organisation_a=cast.ml_c, organisation_b=agency).referral_answer_days == 5

    target = send(
        client,
        "post",
        f"{URL}/{pk}/targets",
        {"indicator": "steering_meetings_per_year", "value": 5, "year": 2026},
        **headers,
    )
    assert target.status_code == 201, target.content
    secondment = send(
        client,
        "post",
        f"{URL}/{pk}/secondments",
        {
            "agent_name": "Agent",
            "from_agency_id": agency.pk,
            "to_mission_locale_id": cast.ml_c.pk,
            "fte": 0.5,
            "starts_on": "2026-01-01",
            "missions": ["employer_relations"],
        },
        **headers,
    )
    assert secondment.status_code == 201, secondment.content
    targets = client.get(f"{URL}/{pk}/targets", **headers).json()
    assert [(t["indicator"], t["period"], t["value"]) for t in targets] == [
        ("steering_meetings_per_year", "2026", "5.00")
    ]


def test_a_party_s_adviser_reads_but_cannot_write(client, cast, convention):
    headers = bearer(cast.agency_b, role=Role.ADVISER)
    assert client.get(f"{URL}/{convention.pk}", **headers).status_code == 200
    before = _fingerprint()

    response = send(client, "put", f"{URL}/{convention.pk}", {"title": "Autre", "starts_on": "2021-12-01"}, **headers)

    assert response.status_code == 404 and _fingerprint() == before


def test_a_read_only_token_writes_nothing(client, cast, convention):
    headers = bearer(cast.ml_a, scope=TokenScope.READ)
    response = send(client, "post", f"{URL}/{convention.pk}/activate", {}, **headers)
    assert response.status_code == 403


def test_an_outsider_s_token_gets_404_everywhere_and_nothing_changes(client, cast, convention):
    headers = bearer(cast.ml_c)
    party = convention.parties.get(organisation=cast.agency_b)
    pk = convention.pk
    before = _fingerprint()
    reads = [f"{URL}/{pk}", f"{URL}/{pk}/parties", f"{URL}/{pk}/targets", f"{URL}/{pk}/secondments"]
    for url in reads:
        assert client.get(url, **headers).status_code == 404, url
    writes = [
        ("put", f"{URL}/{pk}", {"title": "Autre", "starts_on": "2021-12-01"}),
        ("post", f"{URL}/{pk}/end", {}),
        ("post", f"{URL}/{pk}/parties", {"organisation_id": cast.ml_c.pk, "role": "associated"}),
        ("post", f"{URL}/{pk}/targets", {"indicator": "referrals_per_year", "value": 10, "year": 2026}),
        ("put", f"{URL}/parties/{party.pk}", {"role": "associated"}),
        ("delete", f"{URL}/parties/{party.pk}", None),
        (
            "post",
            f"{URL}/{pk}/secondments",
            {
                "agent_name": "X",
                "from_agency_id": cast.agency_b.pk,
                "to_mission_locale_id": cast.ml_a.pk,
                "fte": 1,
                "starts_on": "2026-01-01",
            },
        ),
    ]
    for method, url, body in writes:
        assert send(client, method, url, body, **headers).status_code == 404, url
    assert convention.title not in client.get(URL, **headers).content.decode()
    assert _fingerprint() == before
