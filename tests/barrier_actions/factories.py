from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from tandem.barrier_actions.models import BarrierAction, Enrolment
from tandem.people.enums import BarrierKind
from tandem.people.services import person_register
from tests.organisations.factories import OrganisationFactory


class BarrierActionFactory(factory.django.DjangoModelFactory):
    """An open action (`communes=[codes]` for its communes; without, the owner's territory)."""

    class Meta:
        model = BarrierAction
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Aide au transport {n}")
    barrier_kind = BarrierKind.MOBILITY
    description = "Prise en charge de l'abonnement de transport pendant trois mois."
    capacity = 2
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))

    @factory.post_generation
    def communes(self, create: bool, extracted: list[str] | None, **kwargs) -> None:
        if create and extracted:
            self.communes.set(extracted)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    action = factory.SubFactory(BarrierActionFactory)
    status = "enrolled"
    organisation = factory.SelfAttribute("action.organisation")


def person_of(adviser, organisation, *, last_name: str = "Martin", first_name: str = "Inès"):
    """A person led by the organisation (its adviser follows them)."""
    return person_register(
        by=adviser,
        organisation=organisation,
        adviser=adviser,
        first_name=first_name,
        last_name=last_name,
        birth_date=datetime.date(2001, 3, 14),
    )
