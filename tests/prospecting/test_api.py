"""API of joint prospecting: the same rule as the pages, for sessions and for partner systems' tokens."""

from __future__ import annotations

import json

import pytest

from tandem.accounts.enums import Role, TokenScope
from tandem.offers.enums import OfferStatus
from tandem.offers.models import Offer
from tandem.prospecting.enums import CampaignStatus, VisitStatus
from tandem.prospecting.models import Campaign, CampaignTarget, Pair, Visit
from tests.accounts.factories import api_key
from tests.prospecting.factories import CampaignFactory, EmployerFactory, PairFactory, VisitFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/prospecting"


def bearer(organisation, *, role=Role.ADVISER, scope=TokenScope.WRITE) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_key(organisation, scope=scope, role=role)}"}


def post(client, url, body=None, **headers):
    return client.post(url, json.dumps(body or {}), content_type="application/json", **headers)


def _campaign(cast, **fields) -> Campaign:
    campaign = CampaignFactory(organisation=cast.ml_a, partners=[cast.agency_b], **fields)
    campaign.communes.add("33063")
    campaign.naf_codes.add("4711D")
    return campaign


def test_a_managers_token_creates_builds_and_reads_a_campaign(client, cast):
    EmployerFactory(name="Supermarché Mériadeck", naf_id="4711D")
    headers = bearer(cast.ml_a, role=Role.MANAGER)
    response = post(
        client,
        f"{URL}/campaigns",
        {
            "name": "ROC commerce",
            "starts_on": "2026-03-01",
            "ends_on": "2026-04-30",
            "organisation_ids": [cast.agency_b.pk],
            "commune_codes": ["33063"],
            "naf_codes": ["47.11D"],
            "size_brackets": [],
        },
        **headers,
    )
    assert response.status_code == 201, response.content
    campaign = response.json()
    assert campaign["organisation_ids"] == sorted([cast.ml_a.pk, cast.agency_b.pk])
    assert campaign["naf_codes"] == ["4711D"]
    response = post(client, f"{URL}/campaigns/{campaign['id']}/targets/build", **headers)
    assert response.json() == {"count": 1}
    targets = client.get(f"{URL}/campaigns/{campaign['id']}/targets", **headers).json()["items"]
    assert [t["employer"] for t in targets] == ["Supermarché Mériadeck"]
    assert client.get(f"{URL}/campaigns", **bearer(cast.agency_b, scope=TokenScope.READ)).json()["count"] == 1


def test_an_advisers_token_does_not_create_a_campaign(client, cast):
    response = post(
        client,
        f"{URL}/campaigns",
        {"name": "ROC", "starts_on": "2026-03-01", "ends_on": "2026-04-30", "commune_codes": ["33063"]},
        **bearer(cast.ml_a),
    )
    assert response.status_code == 404
    assert not Campaign.objects.exists()


def test_an_unknown_code_is_refused_by_name(client, cast):
    response = post(
        client,
        f"{URL}/campaigns",
        {"name": "ROC", "starts_on": "2026-03-01", "ends_on": "2026-04-30", "naf_codes": ["99.99Z"]},
        **bearer(cast.ml_a, role=Role.MANAGER),
    )
    assert response.status_code == 422
    assert "9999Z" in response.json()["detail"]


def test_a_pair_members_token_plans_and_reports_a_visit_with_an_offer(client, cast):
    campaign = _campaign(cast, status=CampaignStatus.ACTIVE)
    pair = PairFactory(
        campaign=campaign,
        first_member=cast.adviser_a,
        first_organisation=cast.ml_a,
        second_member=cast.agent_b,
        second_organisation=cast.agency_b,
    )
    employer = EmployerFactory(naf_id="4711D")
    headers = bearer(cast.agency_b)
    response = post(
        client,
        f"{URL}/visits",
        {"campaign_id": campaign.pk, "employer_id": employer.pk, "pair_id": pair.pk, "planned_on": "2026-03-10"},
        **headers,
    )
    assert response.status_code == 201, response.content
    visit_id = response.json()["id"]
    response = post(
        client,
        f"{URL}/visits/{visit_id}/report",
        {
            "outcome": "offers_collected",
            "visited_on": "2026-03-10",
            "services_presented": ["anonymous_cv"],
            "offers": [{"title": "Caissier (H/F)", "contract_type": "cdi", "rome_code": "D1505"}],
        },
        **headers,
    )
    assert response.status_code == 200, response.content
    offer = Offer.objects.get()
    assert response.json()["offer_ids"] == [offer.pk]
    assert (offer.employer, offer.organisation, offer.status) == (employer, cast.agency_b, OfferStatus.OPEN)
    again = post(client, f"{URL}/visits/{visit_id}/report", {"outcome": "no_need"}, **headers)
    assert again.status_code == 409


@pytest.mark.parametrize("organisation", ["ml_c", "temp_agency"])
def test_an_outsiders_token_neither_sees_nor_changes_anything(client, cast, organisation):
    campaign = _campaign(cast)
    EmployerFactory(naf_id="4711D")
    pair = PairFactory(campaign=campaign, first_organisation=cast.ml_a, second_organisation=cast.agency_b)
    visit = VisitFactory(campaign=campaign, pair=pair)
    headers = bearer(getattr(cast, organisation), role=Role.MANAGER)
    assert client.get(f"{URL}/campaigns/{campaign.pk}", **headers).status_code == 404
    assert client.get(f"{URL}/campaigns/{campaign.pk}/targets", **headers).status_code == 404
    assert client.get(f"{URL}/visits/{visit.pk}", **headers).status_code == 404
    assert client.get(f"{URL}/campaigns", **headers).json()["count"] == 0
    for action in ("targets/build", "targets/split", "activate", "close"):
        assert post(client, f"{URL}/campaigns/{campaign.pk}/{action}", **headers).status_code == 404
    pairs = {"volunteers": [{"user_id": cast.adviser_a.pk, "organisation_id": cast.ml_a.pk}]}
    assert post(client, f"{URL}/campaigns/{campaign.pk}/pairs", pairs, **headers).status_code == 404
    body = {"campaign_id": campaign.pk, "employer_id": visit.employer_id, "planned_on": "2026-03-10"}
    assert post(client, f"{URL}/visits", body, **headers).status_code == 404
    report = {"outcome": "offers_collected", "offers": [{"title": "Vendeur", "contract_type": "cdi"}]}
    assert post(client, f"{URL}/visits/{visit.pk}/report", report, **headers).status_code == 404
    assert post(client, f"{URL}/visits/{visit.pk}/cancel", **headers).status_code == 404
    campaign.refresh_from_db()
    visit.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT and visit.status == VisitStatus.PLANNED
    assert not CampaignTarget.objects.exists() and not Offer.objects.exists()
    assert Visit.objects.count() == 1 and Pair.objects.count() == 1


def test_an_outsiders_session_gets_404_too(client, cast):
    campaign = _campaign(cast)
    visit = VisitFactory(campaign=campaign)
    client.force_login(cast.adviser_c)
    assert client.get(f"{URL}/campaigns/{campaign.pk}").status_code == 404
    assert post(client, f"{URL}/visits/{visit.pk}/report", {"outcome": "no_need"}).status_code == 404
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED


def test_a_read_only_token_writes_nothing(client, cast):
    campaign = _campaign(cast)
    EmployerFactory(naf_id="4711D")
    headers = bearer(cast.ml_a, role=Role.MANAGER, scope=TokenScope.READ)
    assert post(client, f"{URL}/campaigns/{campaign.pk}/targets/build", **headers).status_code == 403
    assert not CampaignTarget.objects.exists()
