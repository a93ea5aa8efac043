"""Seed 000 — Haguenau/Wissembourg: the Mission Locale d'Alsace du Nord and two France Travail agencies (2021)."""

from __future__ import annotations

import datetime

from tandem.accounts.enums import Role
from tandem.demo.agencies import agencies_attach
from tandem.demo.builders import (
    commune,
    cotraitance_ensure,
    coverage_ensure,
    epci_commune_codes,
    member_ensure,
    organisation_ensure,
)
from tandem.organisations.enums import OrganisationKind

STARTS_ON = datetime.date(2021, 12, 1)
ML_NAME = "Mission Locale d'Alsace du Nord"

# Northern Bas-Rhin, split between the two agencies' catchments.
HAGUENAU_EPCIS = (
    "200067874",  # CA de Haguenau
    "246700843",  # CC de la Basse-Zorn
    "200041325",  # CC du Pays Rhénan
    "246701098",  # CC du Pays de Niederbronn-les-Bains
)
WISSEMBOURG_EPCIS = (
    "246700926",  # CC du Pays de Wissembourg
    "200040178",  # CC de l'Outre-Forêt
    "200013050",  # CC Sauer-Pechelbronn
)


def load() -> None:
    haguenau, wissembourg = agencies_attach(["67125", "67164"], regional_direction="67085")  # DR Alsace
    haguenau_catchment = epci_commune_codes(*HAGUENAU_EPCIS)
    wissembourg_catchment = epci_commune_codes(*WISSEMBOURG_EPCIS)
    coverage_ensure(haguenau, haguenau_catchment)
    coverage_ensure(wissembourg, wissembourg_catchment)

    mission_locale = organisation_ensure(
        kind=OrganisationKind.MISSION_LOCALE, name=ML_NAME, commune=commune("67180"), postcode="67500"
    )
    coverage_ensure(mission_locale, haguenau_catchment + wissembourg_catchment)
    site = organisation_ensure(
        kind=OrganisationKind.ML_SITE,
        name=f"{ML_NAME} – site de Wissembourg",
        commune=commune("67544"),
        postcode="67160",
        parent=mission_locale,
    )
    coverage_ensure(site, wissembourg_catchment)

    cotraitance_ensure(mission_locale, haguenau, starts_on=STARTS_ON, is_reference_site=True)
    cotraitance_ensure(mission_locale, wissembourg, starts_on=STARTS_ON)

    member_ensure("conseiller.alsace-nord", mission_locale, Role.ADVISER)
    member_ensure("conseiller2.alsace-nord", mission_locale, Role.ADVISER)
    member_ensure("conseiller.wissembourg", site, Role.ADVISER)
    member_ensure("direction.alsace-nord", mission_locale, Role.MANAGER)
    member_ensure("agent.haguenau", haguenau, Role.ADVISER)
    member_ensure("direction.haguenau", haguenau, Role.MANAGER)
    member_ensure("agent.wissembourg", wissembourg, Role.ADVISER)
