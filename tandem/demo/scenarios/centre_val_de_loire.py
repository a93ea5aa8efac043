"""Seed 002 — Centre-Val de Loire: the regional convention State / France Travail / Missions Locales (24 June 2010).

Ten Missions Locales, each on the territory of one real EPCI around its seat (a simplification: real ML
territories are larger), each bound to a reference France Travail agency by a local cotraitance convention.
"""

from __future__ import annotations

import datetime
from typing import NamedTuple

from django.db.models import QuerySet
from django.utils.text import slugify

from tandem.accounts.enums import Role
from tandem.demo.agencies import agencies_attach
from tandem.demo.builders import (
    agency,
    commune,
    cotraitance_ensure,
    coverage_ensure,
    epci_commune_codes,
    link_ensure,
    member_ensure,
)
from tandem.demo.builders import organisation_ensure as ensure
from tandem.organisations.enums import OrganisationKind, PartnershipKind
from tandem.territories.models import Commune

SIGNED_ON = datetime.date(2010, 6, 24)
REGION = "24"
INDRE_ET_LOIRE = "37"
ORLEANS, TOURS = "45234", "37261"
DR_CENTRE = "45054"


class _Local(NamedTuple):
    name: str
    seat: str  # INSEE code
    epci: str  # SIREN
    reference_agency: str  # SAFIR


MISSIONS_LOCALES = (
    _Local("Mission Locale de Tours", TOURS, "243700754", "37011"),  # Tours Métropole Val de Loire; Tours Ronsard
    _Local("Mission Locale d'Orléans", ORLEANS, "244500468", "45015"),  # Orléans Métropole; Orléans Nord
    _Local("Mission Locale de Bourges", "18033", "241800507", "18011"),  # Bourges Plus; Bourges Baudens
    _Local("Mission Locale de Chartres", "28085", "200033181", "28051"),  # Chartres Métropole; Chartres Gare
    _Local("Mission Locale de Blois", "41018", "200030385", "41014"),  # Agglopolys; Blois Laplace
    _Local("Mission Locale de Châteauroux", "36044", "243600327", "36016"),  # Châteauroux Métropole; Balsan
    _Local("Mission Locale de Dreux", "28134", "200040277", "28020"),  # Agglo du Pays de Dreux; Dreux
    _Local("Mission Locale de Montargis", "45208", "244500203", "45023"),  # Agglomération montargoise; Montargis
    _Local("Mission Locale de Vendôme", "41269", "200072072", "41022"),  # Territoires Vendômois; Vendôme
    _Local("Mission Locale de Chinon", "37072", "200043081", "37042"),  # CC Chinon, Vienne et Loire; Chinon
)


def _codes(communes: QuerySet[Commune]) -> list[str]:
    return list(communes.order_by("code").values_list("code", flat=True))


def load() -> None:
    reference_agencies = agencies_attach(
        [local.reference_agency for local in MISSIONS_LOCALES], regional_direction=DR_CENTRE
    )
    missions_locales = []
    for local, reference_agency in zip(MISSIONS_LOCALES, reference_agencies, strict=True):
        territory = epci_commune_codes(local.epci)
        seat = commune(local.seat)
        mission_locale = ensure(kind=OrganisationKind.MISSION_LOCALE, name=local.name, commune=seat)
        coverage_ensure(mission_locale, territory)
        # The reference agency's catchment is taken to be the same EPCI.
        coverage_ensure(reference_agency, territory)
        cotraitance_ensure(mission_locale, reference_agency, starts_on=SIGNED_ON, is_reference_site=True)
        # One adviser each (conseiller.tours, conseiller.bourges…): the young people of the demo need one.
        member_ensure(f"conseiller.{slugify(seat.name)}", mission_locale, Role.ADVISER)
        missions_locales.append(mission_locale)

    dreets = ensure(kind=OrganisationKind.STATE_SERVICE, name="DREETS Centre-Val de Loire", commune=commune(ORLEANS))
    coverage_ensure(dreets, _codes(Commune.objects.filter(region_id=REGION)))
    ddets = ensure(kind=OrganisationKind.STATE_SERVICE, name="DDETS d'Indre-et-Loire", commune=commune(TOURS))
    coverage_ensure(ddets, _codes(Commune.objects.filter(departement_id=INDRE_ET_LOIRE)))
    arml = ensure(kind=OrganisationKind.NETWORK_BODY, name="ARML Centre-Val de Loire", commune=commune(ORLEANS))
    # The regional convention, between the Missions Locales' regional association and France Travail's direction.
    link_ensure(arml, agency(DR_CENTRE), kind=PartnershipKind.OTHER, starts_on=SIGNED_ON)

    # The State signs the regional convention, and its territorial unit sits on each local steering committee
    # (seed 002): the observers follow these partnerships from their home page.
    link_ensure(dreets, arml, kind=PartnershipKind.OTHER, starts_on=SIGNED_ON)
    link_ensure(dreets, agency(DR_CENTRE), kind=PartnershipKind.OTHER, starts_on=SIGNED_ON)
    for local, mission_locale, reference_agency in zip(
        MISSIONS_LOCALES, missions_locales, reference_agencies, strict=True
    ):
        if local.seat.startswith(INDRE_ET_LOIRE):
            link_ensure(ddets, mission_locale, kind=PartnershipKind.OTHER, starts_on=SIGNED_ON)
            link_ensure(ddets, reference_agency, kind=PartnershipKind.OTHER, starts_on=SIGNED_ON)

    tours = missions_locales[0]
    member_ensure("conseiller2.tours", tours, Role.ADVISER)
    member_ensure("direction.tours", tours, Role.MANAGER)
    member_ensure("agent.tours", reference_agencies[0], Role.ADVISER)
    member_ensure("direction.arml-centre", arml, Role.MANAGER)
    member_ensure("observateur.dreets-centre", dreets, Role.OBSERVER)
    member_ensure("observateur.ddets-37", ddets, Role.OBSERVER)
