from __future__ import annotations

import datetime

import factory

from tandem.organisations.enums import OrganisationKind, PartnershipKind
from tandem.organisations.models import Organisation, PartnershipLink
from tandem.organisations.services import organisation_set_coverage


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    kind = OrganisationKind.MISSION_LOCALE
    name = factory.Sequence(lambda n: f"Organisation {n}")

    @factory.post_generation
    def coverage(self, create: bool, extracted: list[str] | None, **kwargs) -> None:
        if create and extracted:
            organisation_set_coverage(organisation=self, commune_codes=extracted)


class PartnershipLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnershipLink

    organisation_a = factory.SubFactory(OrganisationFactory)
    organisation_b = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.FT_AGENCY)
    kind = PartnershipKind.COTRAITANCE
    starts_on = datetime.date(2020, 1, 1)
