"""The organisation page's partnerships go through the conventions: one write path for who is partner with whom."""

from __future__ import annotations

import html

from django.urls import reverse
from django.utils import timezone

from tandem.organisations.enums import OrganisationKind, PartnershipKind
from tandem.organisations.models import PartnershipLink
from tandem.partnerships import services
from tandem.partnerships.enums import ConventionLevel, ConventionStatus, PartyRole
from tandem.partnerships.models import Convention, ConventionLink
from tests.organisations.factories import OrganisationFactory
from tests.partnerships.factories import convention_by_admin, membership_of


def _data(partner, **overrides) -> dict:
    return {
        "partner": partner.pk,
        "kind": PartnershipKind.COTRAITANCE,
        "starts_on": timezone.localdate().isoformat(),
        "ends_on": "",
        "referral_answer_days": "5",
        "first_meeting_days": "10",
        "notes": "",
    } | overrides


def test_a_partnership_created_on_the_page_is_a_local_convention_in_force(client, cast):
    agency = OrganisationFactory(kind=OrganisationKind.FT_AGENCY, name="France Travail Wissembourg")
    client.force_login(cast.director_a)

    response = client.post(
        reverse("organisations:link_create", args=[cast.ml_a.pk]), _data(agency, is_reference_site="on")
    )

    assert response.status_code == 302
    link = PartnershipLink.objects.get(organisation_a=cast.ml_a, organisation_b=agency)
    convention = ConventionLink.objects.get(link=link).convention
    assert (convention.level, convention.status, convention.referral_answer_days) == (
        ConventionLevel.LOCAL,
        ConventionStatus.ACTIVE,
        5,
    )
    assert convention.parties.get(organisation=agency).role == PartyRole.REFERENCE_SITE


def test_a_reinforced_partnership_without_a_reference_site_is_refused_with_a_clear_message(client, cast):
    agency = OrganisationFactory(kind=OrganisationKind.FT_AGENCY, name="France Travail Wissembourg")
    client.force_login(cast.director_a)

    response = client.post(reverse("organisations:link_create", args=[cast.ml_a.pk]), _data(agency))

    assert response.status_code == 200
    assert "exactement une Mission Locale et une agence France Travail" in html.unescape(response.content.decode())
    assert not Convention.objects.exists() and not PartnershipLink.objects.filter(organisation_b=agency).exists()


def test_editing_the_deadlines_on_the_page_edits_the_convention(client, cast):
    link = PartnershipLink.objects.get(organisation_a=cast.ml_a, organisation_b=cast.agency_b)
    client.force_login(cast.director_a)

    response = client.post(
        reverse("organisations:link_edit", args=[cast.ml_a.pk, link.pk]),
        {
            "starts_on": link.starts_on.isoformat(),
            "is_reference_site": "on",
            "referral_answer_days": "3",
            "first_meeting_days": "8",
        },
    )

    assert response.status_code == 302
    convention = ConventionLink.objects.get(link=link).convention
    assert (convention.referral_answer_days, convention.first_meeting_days) == (3, 8)


def test_ending_an_associated_agency_s_partnership_takes_it_out_of_the_convention(client, cast):
    other = OrganisationFactory(kind=OrganisationKind.FT_AGENCY, name="France Travail associée")
    convention = convention_by_admin(
        cast.admin,
        level=ConventionLevel.LOCAL,
        parties=[(cast.ml_c, PartyRole.SIGNATORY), (other, PartyRole.REFERENCE_SITE)],
    )
    associated = OrganisationFactory(kind=OrganisationKind.FT_AGENCY, name="France Travail seconde")
    services.party_add(
        convention=convention,
        user=cast.admin,
        membership=membership_of(cast.admin),
        organisation=associated,
        role=PartyRole.ASSOCIATED,
    )
    link = PartnershipLink.objects.get(organisation_b=associated)
    client.force_login(cast.admin)

    response = client.post(
        reverse("organisations:link_end", args=[cast.ml_c.pk, link.pk]), {"ends_on": timezone.localdate().isoformat()}
    )

    assert response.status_code == 302
    convention.refresh_from_db()
    assert convention.status == ConventionStatus.ACTIVE
    assert not convention.parties.filter(organisation=associated).exists()
    link.refresh_from_db()
    assert link.ends_on == timezone.localdate()
