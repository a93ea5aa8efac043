"""Who sees which convention, and the regional targets against the sum of their local conventions'."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tandem.accounts.enums import Role
from tandem.organisations.enums import OrganisationKind
from tandem.partnerships import selectors, services
from tandem.partnerships.enums import ConventionKind, ConventionLevel, Indicator, PartyRole
from tandem.partnerships.models import Convention
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.organisations.factories import OrganisationFactory
from tests.partnerships.factories import START, convention_by_admin, membership_of, regional_body


@pytest.fixture
def tree(cast):
    national = convention_by_admin(cast.admin, level=ConventionLevel.NATIONAL, title="Accord national", parties=[])
    body = regional_body()
    regional = convention_by_admin(
        cast.admin,
        level=ConventionLevel.REGIONAL,
        title="Convention régionale",
        parties=[(body, PartyRole.SIGNATORY)],
        parent=national,
    )
    agency = OrganisationFactory(kind=OrganisationKind.FT_AGENCY, name="France Travail Haguenau")
    local = convention_by_admin(
        cast.admin,
        level=ConventionLevel.LOCAL,
        title="Convention locale A",
        parties=[(cast.ml_a, PartyRole.SIGNATORY), (agency, PartyRole.REFERENCE_SITE)],
        parent=regional,
    )
    return national, regional, local


def _titles(user) -> list[str]:
    return list(
        selectors.convention_list_for(user=user, membership=membership_of(user)).values_list("title", flat=True)
    )


def test_a_mission_locale_sees_its_local_convention_and_those_above_it(cast, tree):
    assert sorted(_titles(cast.adviser_a)) == ["Accord national", "Convention locale A", "Convention régionale"]


def test_a_partner_outside_the_convention_sees_none_of_them(cast, tree):
    assert _titles(cast.adviser_c) == []
    assert _titles(cast.agent_b) == []  # B is A's partner, but not party to these conventions
    with pytest.raises(Convention.DoesNotExist):
        selectors.convention_get_for(user=cast.adviser_c, membership=membership_of(cast.adviser_c), pk=tree[2].pk)


def test_a_site_of_the_mission_locale_sees_its_conventions(cast, tree):
    site = OrganisationFactory(kind=OrganisationKind.ML_SITE, name="Site de Wissembourg", parent=cast.ml_a)
    user = MembershipFactory(user=UserFactory(email="site@example.org"), organisation=site, role=Role.ADVISER).user
    assert "Convention locale A" in _titles(user)


def test_a_platform_administrator_sees_every_convention(cast, tree):
    assert len(_titles(cast.admin)) == 3


def test_the_list_filters_by_level_kind_and_status(cast, tree):
    conventions = selectors.convention_list_for(
        user=cast.admin,
        membership=membership_of(cast.admin),
        level=ConventionLevel.LOCAL,
        kind=ConventionKind.COTRAITANCE,
    )
    assert [c.title for c in conventions] == ["Convention locale A"]


def test_regional_targets_are_read_beside_the_sum_of_their_local_conventions(cast, tree):
    _national, regional, local = tree
    admin = membership_of(cast.admin)
    agency = OrganisationFactory(kind=OrganisationKind.FT_AGENCY, name="France Travail Bordeaux")
    other_local = convention_by_admin(
        cast.admin,
        level=ConventionLevel.LOCAL,
        title="Convention locale C",
        parties=[(cast.ml_c, PartyRole.SIGNATORY), (agency, PartyRole.REFERENCE_SITE)],
        parent=regional,
        starts_on=START,
    )
    for convention, value in ((regional, 1000), (local, 400), (other_local, 500)):
        services.target_set(
            convention=convention,
            user=cast.admin,
            membership=admin,
            indicator=Indicator.REFERRALS_PER_YEAR,
            value=Decimal(value),
            year=2026,
        )
    services.target_set(
        convention=local,
        user=cast.admin,
        membership=admin,
        indicator=Indicator.STEERING_MEETINGS_PER_YEAR,
        value=Decimal(5),
        year=2026,
    )

    rows = selectors.targets_compared(convention=regional)

    assert [(r.indicator, r.period, r.value, r.children_sum, r.children_count) for r in rows] == [
        (Indicator.REFERRALS_PER_YEAR, "2026", Decimal(1000), Decimal(900), 2),
        (Indicator.STEERING_MEETINGS_PER_YEAR, "2026", None, Decimal(5), 1),
    ]
