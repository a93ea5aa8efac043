"""Partnership links written before conventions become local conventions (the data migration's function)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tandem.organisations.enums import OrganisationKind, PartnershipKind
from tandem.organisations.models import PartnershipLink
from tandem.partnerships.enums import ConventionStatus, PartyRole
from tandem.partnerships.links import links_adopt
from tandem.partnerships.models import Convention, ConventionLink, ConventionParty
from tandem.partnerships.services import convention_of_link
from tests.organisations.factories import OrganisationFactory, PartnershipLinkFactory


def _adopt() -> list:
    return links_adopt(
        convention_model=Convention,
        party_model=ConventionParty,
        link_row_model=ConventionLink,
        links=PartnershipLink.objects.filter(convention_row__isnull=True).select_related(
            "organisation_a", "organisation_b"
        ),
        today=timezone.localdate(),
    )


def test_every_link_becomes_a_local_convention_with_its_parties_deadlines_and_dates(cast):
    link = PartnershipLink.objects.get(organisation_a=cast.ml_a, organisation_b=cast.agency_b)
    link.referral_answer_days, link.first_meeting_days = 4, 12
    link.save()

    created = _adopt()

    assert len(created) == 2  # A with its reference site B, A with the temp agency
    convention = ConventionLink.objects.get(link=link).convention
    assert (convention.level, convention.kind, convention.status) == ("local", "cotraitance", ConventionStatus.ACTIVE)
    assert (convention.starts_on, convention.ends_on) == (link.starts_on, None)
    assert (convention.referral_answer_days, convention.first_meeting_days) == (4, 12)
    assert list(convention.parties.order_by("pk").values_list("organisation", "role")) == [
        (cast.ml_a.pk, PartyRole.SIGNATORY),
        (cast.agency_b.pk, PartyRole.REFERENCE_SITE),
    ]
    temp = ConventionLink.objects.get(link__organisation_b=cast.temp_agency).convention
    assert temp.kind == "mission_jeunes"


def test_it_is_idempotent(cast):
    _adopt()
    before = list(Convention.objects.values_list("pk", flat=True))

    assert _adopt() == []
    assert list(Convention.objects.values_list("pk", flat=True)) == before


def test_an_ended_link_makes_an_ended_convention(cast):
    link = PartnershipLinkFactory(
        organisation_a=cast.ml_c,
        organisation_b=OrganisationFactory(kind=OrganisationKind.PLIE, name="PLIE Test"),
        kind=PartnershipKind.PLIE,
        starts_on=datetime.date(2019, 1, 1),
        ends_on=datetime.date(2020, 12, 31),
    )
    _adopt()
    convention = ConventionLink.objects.get(link=link).convention
    assert (convention.status, convention.ends_on) == (ConventionStatus.ENDED, datetime.date(2020, 12, 31))


def test_another_agency_of_the_mission_locale_joins_its_reference_site_s_convention(cast):
    other = OrganisationFactory(kind=OrganisationKind.FT_AGENCY, name="France Travail autre")
    start = PartnershipLink.objects.get(organisation_a=cast.ml_a, organisation_b=cast.agency_b).starts_on
    link = PartnershipLinkFactory(organisation_a=cast.ml_a, organisation_b=other, starts_on=start)

    _adopt()

    convention = ConventionLink.objects.get(link=link).convention
    assert convention == ConventionLink.objects.get(link__organisation_b=cast.agency_b).convention
    assert convention.parties.get(organisation=other).role == PartyRole.ASSOCIATED


def test_a_link_read_by_a_service_becomes_a_convention_when_it_has_none(cast):
    link = PartnershipLink.objects.get(organisation_a=cast.ml_a, organisation_b=cast.agency_b)

    convention = convention_of_link(link=link)

    assert convention == convention_of_link(link=link)
    assert convention.parties.count() == 2
