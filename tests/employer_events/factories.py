from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from tandem.employer_events.enums import EventFormat, EventTheme
from tandem.employer_events.models import EmployerEvent, Invitation, Registration
from tandem.people.services import person_register
from tests.employers.factories import EmployerFactory
from tests.organisations.factories import OrganisationFactory


class EmployerEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerEvent
        skip_postgeneration_save = True

    format = EventFormat.JOB_DATING
    title = factory.Sequence(lambda n: f"Job dating contrats aidés {n}")
    theme = EventTheme.SUBSIDISED_CONTRACTS
    held_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))
    starts_at = datetime.time(9, 30)
    ends_at = datetime.time(12, 0)
    street = "2 place de la Gare"
    commune_id = "67180"
    organisation = factory.SubFactory(OrganisationFactory)

    @factory.post_generation
    def taking_part(self, create: bool, extracted, **kwargs) -> None:
        """The partners taking part, given as a list."""
        if create and extracted:
            self.partners.add(*extracted)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    event = factory.SubFactory(EmployerEventFactory)
    employer = factory.SubFactory(EmployerFactory)
    organisation = factory.SelfAttribute("event.organisation")


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EmployerEventFactory)
    organisation = factory.SelfAttribute("event.organisation")


def young_person(adviser, organisation, *, last_name: str = "Martin", first_name: str = "Inès"):
    """A young person led by the organisation (its adviser follows them)."""
    return person_register(
        by=adviser,
        organisation=organisation,
        adviser=adviser,
        first_name=first_name,
        last_name=last_name,
        birth_date=datetime.date(2005, 3, 14),
    )
