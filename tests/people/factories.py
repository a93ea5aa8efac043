from __future__ import annotations

import factory
from django.utils import timezone

from tandem.people.enums import FollowRole
from tandem.people.models import Follow, Person


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
