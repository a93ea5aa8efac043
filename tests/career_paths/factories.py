from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from tandem.accounts.enums import Role
from tandem.career_paths.models import Mission
from tandem.organisations.enums import OrganisationKind
from tandem.people.enums import ConsentRecipient
from tandem.people.services import consent_give, follow_add_contributor, person_register
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.organisations.factories import OrganisationFactory

TODAY = timezone.localdate()


class MissionFactory(factory.django.DjangoModelFactory):
    """A mission written straight to the table (reads and totals); the services' own tests go through them."""

    class Meta:
        model = Mission

    agency = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.TEMP_AGENCY)
    organisation = factory.SelfAttribute("agency")
    employer_name = "Logistique du Rhin"
    job_label = "Préparateur de commandes"
    starts_on = factory.LazyFunction(lambda: TODAY - datetime.timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: TODAY - datetime.timedelta(days=26))
    hours = Decimal(35)


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


def agency_with_contact(name: str, email: str):
    """Another temp agency and its contact (adviser role)."""
    agency = OrganisationFactory(kind=OrganisationKind.TEMP_AGENCY, name=name, commune_id="67180")
    user = UserFactory(email=email)
    MembershipFactory(user=user, organisation=agency, role=Role.ADVISER)
    return agency, user


def agency_follows_with_consent(person, agency, *, by, organisation, consent: bool = True):
    """The agency follows the person (a contributor) and, unless told otherwise, the person's consent to it
    stands: what a temp agency needs to see them (tandem.access)."""
    follow_add_contributor(person=person, organisation=agency, by=by)
    if not consent:
        return None
    return consent_give(
        person=person,
        recipient_kind=ConsentRecipient.TEMP_AGENCY,
        recipient=agency,
        given_on=TODAY,
        by=by,
        organisation=organisation,
    )
