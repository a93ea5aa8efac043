from __future__ import annotations

import factory
from django.utils import timezone

from tandem.people.enums import ConsentRecipient, FollowRole
from tandem.people.models import Consent, Follow, Person
from tandem.people.services import consent_give, person_register
from tandem.referrals.services import referral_propose


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    birth_date = factory.LazyFunction(
        lambda: timezone.localdate().replace(month=1, day=15, year=timezone.localdate().year - 20)
    )
    commune_id = "67544"

    @factory.post_generation
    def followed_by(self, create, organisation, **kwargs):
        """PersonFactory(followed_by=org): the organisation follows the person as a contributor (no event)."""
        if create and organisation is not None:
            Follow.objects.create(
                person=self, organisation=organisation, role=FollowRole.CONTRIBUTOR, started_at=timezone.now()
            )


def led_by_ml_c(cast, *, first_name: str = "Noé", last_name: str = "Testeur"):
    """Someone of Bordeaux's Mission Locale C, which leads them."""
    return person_register(
        by=cast.adviser_c,
        organisation=cast.ml_c,
        adviser=cast.adviser_c,
        first_name=first_name,
        last_name=last_name,
        birth_date=timezone.localdate().replace(year=2005),
        commune_id="33063",
    )


def consent_to_the_temp_agency(cast, person) -> Consent:
    """The person agrees, through Mission Locale A (adviser A), to share their record with the temp agency, today."""
    return consent_give(
        person=person,
        recipient_kind=ConsentRecipient.TEMP_AGENCY,
        recipient=cast.temp_agency,
        given_on=timezone.localdate(),
        by=cast.adviser_a,
        organisation=cast.ml_a,
    )


def referred_to_the_temp_agency(cast, person) -> Consent:
    """Mission Locale A, following the person, records their consent to share with the temp agency, then refers
    them to it (a referral to a temp agency asks for the consent first). Returns the consent, to withdraw it."""
    consent = consent_to_the_temp_agency(cast, person)
    referral_propose(person=person, from_organisation=cast.ml_a, to_organisation=cast.temp_agency, by=cast.adviser_a)
    return consent
