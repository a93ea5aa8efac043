from __future__ import annotations

import factory

from tandem.core.codes import luhn_is_valid
from tandem.employers.enums import ContactChannel, InteractionKind
from tandem.employers.models import Employer, EmployerContact, EmployerInteraction


def valid_siret(number: int) -> str:
    """A SIRET passing the Luhn key, distinct for each number (the last digit is the key)."""
    stem = f"{number:013d}"
    for key in range(10):
        if luhn_is_valid(stem + str(key)):
            return stem + str(key)
    raise AssertionError("unreachable")


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    name = factory.Sequence(lambda n: f"Entreprise {n}")
    siret = factory.Sequence(lambda n: valid_siret(40_000_000 + n))
    commune_id = "67180"  # Haguenau: Mission Locale A's and France Travail B's territory


class EmployerContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerContact

    employer = factory.SubFactory(EmployerFactory)
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Contact{n}")
    role = "Gérante"
    email = factory.Sequence(lambda n: f"contact{n}@entreprise.example")
    preferred_channel = ContactChannel.PHONE


class EmployerInteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerInteraction

    employer = factory.SubFactory(EmployerFactory)
    kind = InteractionKind.CALL
