"""The demo's conventions (seed 002), the demo loaded once: the national agreement, Centre-Val de Loire's regional
convention with its ten local conventions and 9.5 FTE seconded to ten Missions Locales, Bordeaux's local convention
with its targets; every partnership link comes from a convention."""

from __future__ import annotations

from decimal import Decimal

from tandem.demo.conventions import NATIONAL_TITLE, REGIONAL_TITLE
from tandem.organisations.models import PartnershipLink
from tandem.partnerships.enums import ConventionLevel, ConventionStatus, Indicator, PartyRole
from tandem.partnerships.models import Convention
from tandem.partnerships.selectors import convention_secondments, fte_current, fte_target, targets_compared


def test_the_national_agreement_and_the_centre_regional_convention_are_in_force(demo):
    national = Convention.objects.get(level=ConventionLevel.NATIONAL, title=NATIONAL_TITLE)
    regional = Convention.objects.get(level=ConventionLevel.REGIONAL, title=REGIONAL_TITLE)
    assert regional.parent == national and regional.status == ConventionStatus.ACTIVE
    assert regional.children.count() == 10
    for local in regional.children.all():
        roles = sorted(local.parties.values_list("organisation__kind", "role"))
        assert ("ft_agency", PartyRole.REFERENCE_SITE) in roles and ("mission_locale", PartyRole.SIGNATORY) in roles


def test_nine_and_a_half_fte_are_seconded_to_ten_missions_locales_against_a_target_of_nine_and_a_half(demo):
    regional = Convention.objects.get(level=ConventionLevel.REGIONAL, title=REGIONAL_TITLE)
    secondments = convention_secondments(convention=regional)
    assert fte_current(secondments) == Decimal("9.5") == fte_target(convention=regional)
    assert secondments.values("to_mission_locale").distinct().count() == 10
    referrals = next(
        row for row in targets_compared(convention=regional) if row.indicator == Indicator.REFERRALS_PER_YEAR
    )
    assert referrals.value == referrals.children_sum == Decimal(5255) and referrals.children_count == 10


def test_bordeaux_has_its_local_convention_with_five_steering_committees_a_year(demo):
    convention = Convention.objects.get(
        level=ConventionLevel.LOCAL, title__startswith="Convention locale Mission Locale Bordeaux"
    )
    assert convention.parties.get(role=PartyRole.REFERENCE_SITE).organisation.safir_code == "33224"
    assert convention.targets.get(indicator=Indicator.STEERING_MEETINGS_PER_YEAR).value == 5
    assert convention.targets.filter(indicator=Indicator.REFERRALS_PER_YEAR).exists()


def test_every_partnership_link_comes_from_a_convention(demo):
    assert not PartnershipLink.objects.filter(convention_row__isnull=True).exists()
