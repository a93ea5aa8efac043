from __future__ import annotations

import factory

from tandem.service_catalogue.enums import Audience, Fees, ReceptionMode, Requester, RequestMode, ServiceType, Theme
from tandem.service_catalogue.models import Service, ServiceAudience, ServiceTheme
from tests.organisations.factories import OrganisationFactory


class ServiceFactory(factory.django.DjangoModelFactory):
    """A service with its themes and publics (`themes=[…]`, `audiences=[…]`) and its zone (`departements=[codes]`,
    `communes=[codes]`); without a zone, it is offered where its partner covers."""

    class Meta:
        model = Service
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Accompagnement renforcé {n}")
    summary = "Un conseiller dédié pour lever les freins à l'emploi."
    description = "Entretiens réguliers, ateliers collectifs et mise en relation avec les employeurs du territoire."
    kind = ServiceType.ACCOMPAGNEMENT
    fees = Fees.GRATUIT
    reception_modes = factory.LazyFunction(lambda: [ReceptionMode.EN_PRESENTIEL.value])
    request_modes = factory.LazyFunction(lambda: [RequestMode.TELEPHONER.value])
    requesters = factory.LazyFunction(lambda: [Requester.PROFESSIONNELS.value])

    @factory.post_generation
    def themes(self, create: bool, extracted: list[str] | None, **kwargs) -> None:
        if create:
            for theme in extracted or [Theme.TROUVER_UN_EMPLOI__REPONDRE_A_DES_OFFRES_DEMPLOI]:
                ServiceTheme.objects.create(service=self, theme=theme)

    @factory.post_generation
    def audiences(self, create: bool, extracted: list[str] | None, **kwargs) -> None:
        if create:
            for audience in extracted or [Audience.JEUNES]:
                ServiceAudience.objects.create(service=self, audience=audience)

    @factory.post_generation
    def departements(self, create: bool, extracted: list[str] | None, **kwargs) -> None:
        if create and extracted:
            self.zone_departements.set(extracted)

    @factory.post_generation
    def communes(self, create: bool, extracted: list[str] | None, **kwargs) -> None:
        if create and extracted:
            self.zone_communes.set(extracted)
