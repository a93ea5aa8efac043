"""The employer-relations officer's home: their companies, their visits to report, their campaigns' progress and
the offers collected lately, before the referrals; an adviser's home stays as it was."""

from __future__ import annotations

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.enums import Role
from tandem.accounts.models import Membership
from tandem.offers.enums import ContractType
from tandem.prospecting.enums import CampaignStatus, VisitOutcome
from tandem.prospecting.services import CollectedOffer, visit_report
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.prospecting.factories import (
    CampaignFactory,
    CampaignTargetFactory,
    EmployerFactory,
    PairFactory,
    VisitFactory,
)


@pytest.fixture
def officer(cast):
    """Mission Locale A's employer-relations officer, in a pair with France Travail B's agent."""
    user = UserFactory(email="relations.a@example.org", first_name="Rémi")
    MembershipFactory(user=user, organisation=cast.ml_a, role=Role.EMPLOYER_RELATIONS)
    return user


@pytest.fixture
def prospecting(cast, officer):
    today = timezone.localdate()
    campaign = CampaignFactory(
        name="ROC commerce Haguenau",
        organisation=cast.ml_a,
        partners=[cast.agency_b],
        status=CampaignStatus.ACTIVE,
        starts_on=today - datetime.timedelta(days=20),
        ends_on=today + datetime.timedelta(days=20),
    )
    pair = PairFactory(
        campaign=campaign,
        first_member=officer,
        first_organisation=cast.ml_a,
        second_member=cast.agent_b,
        second_organisation=cast.agency_b,
    )
    held = [
        EmployerFactory(name=name, referent_adviser=officer, referent_organisation=cast.ml_a)
        for name in ("Boulangerie Alpha", "Garage Bêta")
    ]
    others = [EmployerFactory(name=f"Magasin {n}") for n in range(3)]
    for employer in [*held, *others]:
        CampaignTargetFactory(campaign=campaign, employer=employer, pair=pair)
    membership = Membership.objects.get(user=officer)
    reported = VisitFactory(campaign=campaign, employer=held[0], pair=pair, planned_on=today - datetime.timedelta(3))
    visit_report(
        visit=reported,
        membership=membership,
        by=officer,
        outcome=VisitOutcome.OFFERS_COLLECTED,
        offers=[CollectedOffer(title="Vendeur en boulangerie", contract_type=ContractType.CDI)],
    )
    due = VisitFactory(campaign=campaign, employer=others[0], pair=pair, planned_on=today - datetime.timedelta(1))
    later = VisitFactory(campaign=campaign, employer=others[1], pair=pair, planned_on=today + datetime.timedelta(5))
    return {"campaign": campaign, "held": held, "others": others, "due": due, "later": later}


def test_the_officer_lands_on_companies_visits_to_report_campaign_progress_and_offers_collected(
    client, officer, prospecting
):
    client.force_login(officer)
    response = client.get(reverse("shell:home"))
    body = html.unescape(response.content.decode())

    home = response.context["employer_relations"]
    assert [e.name for e in home.companies] == ["Boulangerie Alpha", "Garage Bêta"] and home.companies_total == 2
    assert home.visits_to_report == [prospecting["due"]]
    (campaign,) = home.campaigns
    assert (campaign.target_total, campaign.visits_reported, campaign.to_visit) == (5, 1, 4)
    assert [offer.title for offer in home.offers_collected] == ["Vendeur en boulangerie"]
    assert reverse("prospecting:visit_report", args=[prospecting["due"].pk]) in body
    assert reverse("prospecting:visit_report", args=[prospecting["later"].pk]) not in body
    assert reverse("employers:detail", args=[prospecting["held"][1].pk]) in body
    assert reverse("prospecting:campaign_detail", args=[prospecting["campaign"].pk]) in body
    assert reverse("offers:detail", args=[home.offers_collected[0].pk]) in body
    # Their employer work first, the referrals of their structure after it.
    assert body.index("Vos entreprises et la prospection") < body.index("Orientations de votre structure")
    assert "Ce qui demande votre attention aujourd'hui" not in body


def test_an_officer_of_another_organisation_sees_none_of_it(client, cast, prospecting):
    stranger = MembershipFactory(organisation=cast.ml_c, role=Role.EMPLOYER_RELATIONS).user
    client.force_login(stranger)
    home = client.get(reverse("shell:home")).context["employer_relations"]

    assert home.companies == [] and home.companies_total == 0
    assert home.visits_to_report == [] and home.campaigns == [] and home.offers_collected == []


def test_the_officer_home_query_count_is_pinned(client, officer, prospecting, django_assert_num_queries):
    client.force_login(officer)
    # session, user, memberships (acting and switcher), coverage count, partnership links with partners,
    # companies held (rows and total in one), active campaigns with their progress, offers collected, visits
    # to report, the Mission Locale's sites and the referrals needing attention, is_administrator (menu), the
    # header's unread notifications, the territory's shared diagnostics
    with django_assert_num_queries(14):
        client.get(reverse("shell:home"))


def test_an_adviser_s_home_is_unchanged(client, cast, prospecting, django_assert_num_queries):
    client.force_login(cast.adviser_a)
    # session, user, memberships (acting and switcher), coverage count, partnership links with partners,
    # the Mission Locale's sites and the referrals needing attention, is_administrator (menu), the header's
    # unread notifications, the territory's shared diagnostics: nothing of the officer's home
    with django_assert_num_queries(10):
        response = client.get(reverse("shell:home"))

    assert "employer_relations" not in response.context
    body = html.unescape(response.content.decode())
    assert "Ce qui demande votre attention aujourd'hui" in body
    assert "Vos entreprises et la prospection" not in body
    assert "Boulangerie Alpha" not in body
