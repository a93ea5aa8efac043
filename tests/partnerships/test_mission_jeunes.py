"""Local Mission Jeunes conventions (seed 003): one Mission Locale, one or more temp agencies, a single contact on
each side, the agreed ways of working and the targets of the partnership."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tandem.accounts.enums import Role
from tandem.organisations.enums import OrganisationKind, PartnershipKind
from tandem.organisations.models import PartnershipLink
from tandem.partnerships import services
from tandem.partnerships.enums import (
    ConventionKind,
    ConventionLevel,
    ConventionStatus,
    Indicator,
    PartyRole,
    WayOfWorking,
)
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.organisations.factories import OrganisationFactory
from tests.partnerships.factories import START, membership_of

SIGNATORY = PartyRole.SIGNATORY


def _draft(admin, parties, **terms):
    return services.convention_create(
        user=admin,
        membership=membership_of(admin),
        level=ConventionLevel.LOCAL,
        kind=ConventionKind.MISSION_JEUNES,
        data=services.ConventionData(title="Mission Jeunes", starts_on=START, **terms),
        parties=[services.PartyData(organisation=o, role=SIGNATORY, contact=contact) for o, contact in parties],
    )


def _sign(convention, admin):
    return services.convention_sign(convention=convention, user=admin, membership=membership_of(admin))


def _contact(organisation, email):
    return MembershipFactory(user=UserFactory(email=email), organisation=organisation, role=Role.ADVISER).user


@pytest.fixture
def agencies():
    return [OrganisationFactory(kind=OrganisationKind.TEMP_AGENCY, name=f"Agence d'emploi {index}") for index in (1, 2)]


def test_a_mission_locale_and_two_agencies_sign_with_their_single_contacts_and_get_their_links(cast, agencies):
    contacts = [(cast.ml_a, cast.adviser_a)] + [
        (agency, _contact(agency, f"contact{index}@agence.example.org")) for index, agency in enumerate(agencies)
    ]
    convention = _draft(
        cast.admin,
        contacts,
        ways_of_working=[WayOfWorking.PRESENT_JOBS, WayOfWorking.STAFF_IMMERSIONS, WayOfWorking.TRAINING],
    )

    convention = _sign(convention, cast.admin)

    assert convention.status == ConventionStatus.SIGNED
    for agency in agencies:
        link = PartnershipLink.objects.get(organisation_a=cast.ml_a, organisation_b=agency)
        assert link.kind == PartnershipKind.MISSION_JEUNES
    assert {party.contact for party in convention.parties.all()} == {contact for _org, contact in contacts}


def test_signing_without_an_agency_s_single_contact_is_refused_and_names_it(cast, agencies):
    convention = _draft(cast.admin, [(cast.ml_a, cast.adviser_a), (agencies[0], None)])

    with pytest.raises(ValidationError) as error:
        _sign(convention, cast.admin)

    assert "interlocuteur unique" in error.value.messages[0]
    assert agencies[0].name in error.value.messages[0]
    convention.refresh_from_db()
    assert convention.status == ConventionStatus.DRAFT
    assert not PartnershipLink.objects.filter(organisation_b=agencies[0]).exists()


def test_a_local_mission_jeunes_convention_joins_one_mission_locale_only(cast, agencies):
    with pytest.raises(ValidationError) as error:
        _draft(cast.admin, [(cast.ml_a, None), (cast.ml_c, None), (agencies[0], None)])

    assert "une Mission Locale et une ou plusieurs agences d'emploi" in error.value.messages[0]


def test_signing_without_any_temp_agency_is_refused(cast):
    other = OrganisationFactory(kind=OrganisationKind.PLIE, name="PLIE Test")
    convention = _draft(cast.admin, [(cast.ml_a, cast.adviser_a), (other, _contact(other, "plie@example.org"))])

    with pytest.raises(ValidationError) as error:
        _sign(convention, cast.admin)

    assert "une ou plusieurs agences d'emploi" in error.value.messages[0]


def test_a_network_of_agencies_may_be_the_other_side(cast):
    network = OrganisationFactory(kind=OrganisationKind.TEMP_NETWORK, name="Réseau d'agences Test")
    convention = _draft(cast.admin, [(cast.ml_a, cast.adviser_a), (network, _contact(network, "reseau@example.org"))])

    assert _sign(convention, cast.admin).status == ConventionStatus.SIGNED


@pytest.mark.parametrize(
    "indicator",
    [Indicator.YOUNG_PEOPLE_PUT_FORWARD, Indicator.MISSIONS_STARTED, Indicator.IMMERSIONS, Indicator.TRAININGS],
)
def test_the_targets_of_a_mission_jeunes_convention(cast, agencies, indicator):
    convention = _draft(cast.admin, [(cast.ml_a, cast.adviser_a), (agencies[0], None)])

    target = services.target_set(
        convention=convention,
        user=cast.admin,
        membership=membership_of(cast.admin),
        indicator=indicator,
        value=40,
        year=2026,
    )

    assert (target.indicator, target.value, target.year) == (indicator, 40, 2026)
