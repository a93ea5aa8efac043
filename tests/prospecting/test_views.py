"""Prospecting's pages: the manager's campaign, its list split across pairs, a pair's visit report; every page
refuses the outsider."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tandem.accounts.enums import Role
from tandem.offers.models import Offer
from tandem.prospecting.enums import CampaignStatus, VisitStatus
from tandem.prospecting.models import Campaign, CampaignTarget, Pair, Visit
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.prospecting.factories import (
    CampaignFactory,
    CampaignTargetFactory,
    EmployerFactory,
    PairFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db


def _campaign(cast, **fields) -> Campaign:
    campaign = CampaignFactory(organisation=cast.ml_a, partners=[cast.agency_b], **fields)
    campaign.communes.add("33063")
    campaign.naf_codes.add("4711D")
    return campaign


def _pair(cast, campaign, number=1) -> Pair:
    return PairFactory(
        campaign=campaign,
        number=number,
        first_member=cast.adviser_a,
        first_organisation=cast.ml_a,
        second_member=cast.agent_b,
        second_organisation=cast.agency_b,
    )


def test_a_manager_creates_a_campaign_from_the_form(client, cast):
    client.force_login(cast.director_a)
    assert client.get(reverse("prospecting:campaign_create")).status_code == 200
    response = client.post(
        reverse("prospecting:campaign_create"),
        {
            "name": "ROC commerce Mériadeck",
            "starts_on": "2026-03-01",
            "ends_on": "2026-04-30",
            "organisations": [cast.agency_b.pk],
            "communes": "Bordeaux\n33700",
            "epcis": "",
            "naf_codes": "47.11D, 4729z",
            "rome_codes": "D1106",
            "size_brackets": ["11", "12"],
            "revisit_after_days": "180",
            "target_count": "30",
        },
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response.url == reverse("prospecting:campaign_detail", args=[campaign.pk])
    assert set(campaign.organisations.all()) == {cast.ml_a, cast.agency_b}
    assert set(campaign.communes.values_list("pk", flat=True)) == {"33063", "33281"}
    assert set(campaign.naf_codes.values_list("pk", flat=True)) == {"4711D", "4729Z"}
    assert campaign.size_brackets == ["11", "12"]


def test_the_form_asks_for_an_ambiguous_commune_and_unknown_codes(client, cast):
    client.force_login(cast.director_a)
    response = client.post(
        reverse("prospecting:campaign_create"),
        {
            "name": "ROC",
            "starts_on": "2026-03-01",
            "ends_on": "2026-04-30",
            "communes": "Saint-Denis",
            "naf_codes": "99.99Z",
            "revisit_after_days": "180",
            "target_count": "30",
        },
    )
    assert response.status_code == 200
    assert "Saint-Denis" in response.text and "Codes inconnus" in response.text
    assert not Campaign.objects.exists()


def test_an_adviser_has_no_campaign_form(client, cast):
    client.force_login(cast.adviser_a)
    assert client.get(reverse("prospecting:campaign_create")).status_code == 404


def test_the_campaign_list_shows_the_organisations_campaigns_in_constant_queries(
    client, cast, django_assert_num_queries
):
    _campaign(cast, name="ROC commerce")
    CampaignFactory(organisation=cast.ml_c, name="ROC de C")
    client.force_login(cast.agent_b)
    # The page's frame (session, user, acting membership, the navigation's membership check, unread
    # notifications), then the campaigns with their progress counted in the same query.
    with django_assert_num_queries(6):
        response = client.get(reverse("prospecting:campaign_list"))
    assert "ROC commerce" in response.text and "ROC de C" not in response.text
    for index in range(5):
        _campaign(cast, name=f"ROC {index}")
    with django_assert_num_queries(6):
        client.get(reverse("prospecting:campaign_list"))


def test_the_campaign_page_shows_targets_pairs_and_progress_in_constant_queries(
    client, cast, django_assert_num_queries
):
    campaign = _campaign(cast)
    pair = _pair(cast, campaign)
    for rank in range(1, 4):
        target = CampaignTargetFactory(
            campaign=campaign, rank=rank, pair=pair, employer=EmployerFactory(naf_id="4711D")
        )
    VisitFactory(campaign=campaign, employer=target.employer, pair=pair, status=VisitStatus.REPORTED, outcome="no_need")
    client.force_login(cast.adviser_a)
    url = reverse("prospecting:campaign_detail", args=[campaign.pk])
    # The page's frame (5, as on the list); the campaign, its partners' ids (the access), the targets with their
    # company and pair, the pairs with their progress, the partners' names, the visits and their offers.
    with django_assert_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    assert "1 entreprises visitées, sur 3 ciblées" in response.text
    for rank in range(4, 10):
        CampaignTargetFactory(campaign=campaign, rank=rank, pair=pair)
    with django_assert_num_queries(12):
        client.get(url)


@pytest.mark.parametrize("persona", ["adviser_c", "observer", "temp_contact"])
def test_outsiders_neither_see_nor_change_the_campaign(client, cast, persona):
    campaign = _campaign(cast)
    EmployerFactory(naf_id="4711D")
    pair = _pair(cast, campaign)
    visit = VisitFactory(campaign=campaign, pair=pair)
    client.force_login(cast.personas()[persona])
    for name in ("campaign_detail", "campaign_edit", "campaign_pairs", "visit_plan"):
        assert client.get(reverse(f"prospecting:{name}", args=[campaign.pk])).status_code == 404
    for name in ("targets_build", "targets_split", "campaign_activate", "campaign_pairs", "campaign_edit"):
        assert client.post(reverse(f"prospecting:{name}", args=[campaign.pk]), {"name": "x"}).status_code == 404
    assert client.post(reverse("prospecting:visit_report", args=[visit.pk]), {"outcome": "no_need"}).status_code == 404
    assert client.post(reverse("prospecting:visit_cancel", args=[visit.pk])).status_code == 404
    campaign.refresh_from_db()
    visit.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT and campaign.name != "x"
    assert not CampaignTarget.objects.exists()
    assert visit.status == VisitStatus.PLANNED


def test_an_adviser_of_the_campaign_does_not_build_its_list(client, cast):
    campaign = _campaign(cast)
    EmployerFactory(naf_id="4711D")
    client.force_login(cast.adviser_a)
    assert client.post(reverse("prospecting:targets_build", args=[campaign.pk])).status_code == 404
    assert not CampaignTarget.objects.exists()


def test_a_manager_builds_the_list_forms_pairs_and_splits_the_list(client, cast):
    campaign = _campaign(cast)
    for index in range(6):
        EmployerFactory(name=f"Commerce {index}", naf_id="4711D", latitude=44.8 + index / 100, longitude=-0.58)
    agent = UserFactory()
    MembershipFactory(user=agent, organisation=cast.agency_b, role=Role.ADVISER)
    client.force_login(cast.director_a)
    detail = reverse("prospecting:campaign_detail", args=[campaign.pk])
    assert client.post(reverse("prospecting:targets_build", args=[campaign.pk])).url == detail
    assert CampaignTarget.objects.filter(campaign=campaign).count() == 6
    pairs_url = reverse("prospecting:campaign_pairs", args=[campaign.pk])
    assert client.get(pairs_url).status_code == 200
    response = client.post(
        pairs_url,
        {
            "volunteers": [
                f"{cast.adviser_a.pk}-{cast.ml_a.pk}",
                f"{cast.agent_b.pk}-{cast.agency_b.pk}",
                f"{cast.director_a.pk}-{cast.ml_a.pk}",
                f"{agent.pk}-{cast.agency_b.pk}",
            ]
        },
    )
    assert response.status_code == 302
    assert Pair.objects.filter(campaign=campaign).count() == 2
    client.post(reverse("prospecting:targets_split", args=[campaign.pk]))
    counts = sorted(CampaignTarget.objects.filter(campaign=campaign).values_list("pair__number", flat=True))
    assert counts == [1, 1, 1, 2, 2, 2]
    client.post(reverse("prospecting:campaign_activate", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.ACTIVE


def test_a_pair_member_plans_and_reports_a_visit_and_the_offer_is_shared(client, cast, django_assert_num_queries):
    campaign = _campaign(cast, status=CampaignStatus.ACTIVE)
    pair = _pair(cast, campaign)
    employer = EmployerFactory(name="Supermarché Mériadeck", naf_id="4711D")
    CampaignTargetFactory(campaign=campaign, employer=employer, pair=pair)
    client.force_login(cast.agent_b)
    response = client.post(
        reverse("prospecting:visit_plan", args=[campaign.pk]),
        {"employer": employer.pk, "pair": pair.pk, "planned_on": "2026-03-10"},
    )
    assert response.status_code == 302
    visit = Visit.objects.get()
    # My visits: the page's frame (5), then the visits with their company, campaign and pair in one query.
    with django_assert_num_queries(6):
        response = client.get(reverse("prospecting:my_visits"))
    assert "Supermarché Mériadeck" in response.text
    url = reverse("prospecting:visit_report", args=[visit.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "visited_on": "2026-03-10",
            "outcome": "offers_collected",
            "needs": "Renfort de rayon",
            "services_presented": ["apprenticeship", "immersion"],
            "next_step": "Envoyer deux CV anonymes",
            "next_step_due_on": "2026-03-17",
            "offres-TOTAL_FORMS": "2",
            "offres-INITIAL_FORMS": "0",
            "offres-MIN_NUM_FORMS": "0",
            "offres-MAX_NUM_FORMS": "10",
            "offres-0-title": "Employé de rayon (H/F)",
            "offres-0-rome": "D1106",
            "offres-0-contract_type": "cdd",
            "offres-0-commune": "",
            "offres-0-positions": "2",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    visit.refresh_from_db()
    assert visit.status == VisitStatus.REPORTED
    offer = Offer.objects.get()
    assert (offer.employer, offer.organisation, offer.positions) == (employer, cast.agency_b, 2)
    assert list(visit.offers.all()) == [offer]
    # The offer is among the shared offers a partner sees.
    client.force_login(cast.adviser_a)
    assert "Employé de rayon (H/F)" in client.get(reverse("offers:list")).text
    assert "Employé de rayon (H/F)" in client.get(reverse("prospecting:campaign_detail", args=[campaign.pk])).text


def test_a_report_with_an_offer_without_contract_is_asked_again(client, cast):
    campaign = _campaign(cast, status=CampaignStatus.ACTIVE)
    visit = VisitFactory(campaign=campaign, planned_on=datetime.date(2026, 3, 10))
    client.force_login(cast.adviser_a)
    response = client.post(
        reverse("prospecting:visit_report", args=[visit.pk]),
        {
            "visited_on": "2026-03-10",
            "outcome": "offers_collected",
            "offres-TOTAL_FORMS": "1",
            "offres-INITIAL_FORMS": "0",
            "offres-0-title": "Vendeur",
        },
    )
    assert response.status_code == 200
    assert "Choisissez le type de contrat" in response.text
    assert not Offer.objects.exists()
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED


def test_the_menu_leads_staff_to_prospecting_but_not_observers(client, cast):
    client.force_login(cast.agent_b)
    assert reverse("prospecting:campaign_list") in client.get(reverse("shell:home")).text
    client.force_login(cast.observer)
    assert reverse("prospecting:campaign_list") not in client.get(reverse("shell:home")).text


def test_a_manager_edits_the_campaign_from_its_filled_form(client, cast):
    campaign = _campaign(cast)
    client.force_login(cast.director_a)
    url = reverse("prospecting:campaign_edit", args=[campaign.pk])
    page = client.get(url).text
    assert 'value="4711D"' in page and "Bordeaux (33000) – INSEE 33063" in page  # filled with the campaign
    response = client.post(
        url,
        {
            "name": "ROC commerce et restauration",
            "starts_on": "2026-03-01",
            "ends_on": "2026-05-31",
            "communes": "Bordeaux (33000) – INSEE 33063",
            "naf_codes": "4711D 56.10A",
            "revisit_after_days": "90",
            "target_count": "40",
        },
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert (campaign.name, campaign.revisit_after_days, campaign.target_count) == (
        "ROC commerce et restauration",
        90,
        40,
    )
    assert set(campaign.naf_codes.values_list("pk", flat=True)) == {"4711D", "5610A"}
    # France Travail B left unticked: the organiser alone remains.
    assert list(campaign.organisations.all()) == [cast.ml_a]
