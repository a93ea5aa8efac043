from __future__ import annotations

import factory
from django.utils import timezone

from tandem.people.models import Person


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    birth_date = factory.LazyFunction(
        lambda: timezone.localdate().replace(month=1, day=15, year=timezone.localdate().year - 20)
    )
    commune_id = "67544"
