from __future__ import annotations

import datetime

import factory

from tandem.employers.models import Employer
from tandem.prospecting.models import Campaign, CampaignTarget, Pair, Visit
from tests.accounts.factories import UserFactory
from tests.organisations.factories import OrganisationFactory


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    name = factory.Sequence(lambda n: f"Entreprise {n}")
    commune_id = "33063"


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"ROC commerce {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    starts_on = datetime.date(2026, 3, 1)
    ends_on = datetime.date(2026, 6, 30)

    @factory.post_generation
    def partners(self, create: bool, extracted, **kwargs) -> None:
        """The organisations involved: the organiser and the ones given."""
        if create:
            self.organisations.add(self.organisation, *(extracted or []))


class PairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pair

    campaign = factory.SubFactory(CampaignFactory)
    number = factory.Sequence(lambda n: n + 1)
    first_member = factory.SubFactory(UserFactory)
    first_organisation = factory.SubFactory(OrganisationFactory)
    second_member = factory.SubFactory(UserFactory)
    second_organisation = factory.SubFactory(OrganisationFactory)


class CampaignTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignTarget

    campaign = factory.SubFactory(CampaignFactory)
    employer = factory.SubFactory(EmployerFactory)
    rank = factory.Sequence(lambda n: n + 1)
    score = 1.0


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    campaign = factory.SubFactory(CampaignFactory)
    employer = factory.SubFactory(EmployerFactory)
    organisation = factory.SelfAttribute("campaign.organisation")
    planned_on = datetime.date(2026, 3, 10)
