from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from tandem.accounts.models import Membership
from tandem.immersions.enums import PmsmpObjective
from tandem.immersions.models import Pmsmp, StaffImmersion
from tandem.people.enums import ConsentRecipient
from tandem.people.services import consent_give, follow_add_contributor
from tests.employer_events.factories import young_person
from tests.employers.factories import EmployerFactory

TODAY = timezone.localdate()


class StaffImmersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffImmersion

    staff_name = "Claire Dumas"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=2))
    objective = "Découvrir le fonctionnement d'une agence d'emploi"


class PmsmpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pmsmp

    employer = factory.SubFactory(EmployerFactory)
    tutor_name = "Marc Lefèvre"
    tutor_function = "Chef d'équipe"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=13))
    objective = PmsmpObjective.DISCOVER
    job_label = "Commis de cuisine"
    activities = "Mise en place, plonge"


def m(user) -> Membership:
    """The user's one membership, with its organisation (what a request's acting membership is)."""
    return Membership.objects.select_related("organisation").get(user=user)


def led_person(cast, **names):
    """A young person led by Mission Locale A (adviser_a follows them)."""
    return young_person(cast.adviser_a, cast.ml_a, **names)


def temp_agency_follows(cast, person, *, consent: bool) -> None:
    """The temp agency follows the person as a contributor, with or without their consent to share with it."""
    follow_add_contributor(person=person, organisation=cast.temp_agency, by=cast.adviser_a)
    if consent:
        consent_give(
            person=person,
            recipient_kind=ConsentRecipient.TEMP_AGENCY,
            recipient=cast.temp_agency,
            given_on=TODAY,
            by=cast.adviser_a,
            organisation=cast.ml_a,
        )


def a_pmsmp(cast, person=None, **fields) -> Pmsmp:
    """A proposed PMSMP of a young person led by A, prescribed by A."""
    fields = {"organisation": cast.ml_a, "adviser": cast.adviser_a} | fields
    return PmsmpFactory(person=person or led_person(cast), **fields)


def a_staff_immersion(cast, **fields) -> StaffImmersion:
    """A Mission Locale A adviser's immersion at the temp agency (partners: Mission Jeunes)."""
    fields = {"sending_organisation": cast.ml_a, "host_organisation": cast.temp_agency} | fields
    return StaffImmersionFactory(**fields)
