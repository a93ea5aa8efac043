"""Seed 001 — Bordeaux: the Mission Locale Bordeaux Avenir Jeunes and four France Travail agencies (2014).

Bordeaux itself is shared by the four agencies (they split it by district, finer than a commune); each also
serves a neighbouring commune of Bordeaux Métropole. A France Travail agent is seconded half-time to the ML.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from tandem.accounts.enums import Role
from tandem.demo.agencies import agencies_attach
from tandem.demo.builders import (
    commune,
    cotraitance_ensure,
    coverage_ensure,
    member_ensure,
    membership_ensure,
    organisation_ensure,
    user_ensure,
)
from tandem.organisations.enums import OrganisationKind

STARTS_ON = datetime.date(2014, 1, 1)
BORDEAUX = "33063"
ST_JEAN, NORD, MERIADECK, BASTIDE = "33201", "33216", "33224", "33374"
CATCHMENTS = {
    ST_JEAN: [BORDEAUX, "33039"],  # Bègles
    NORD: [BORDEAUX, "33075", "33069"],  # Bruges, Le Bouscat
    MERIADECK: [BORDEAUX],
    BASTIDE: [BORDEAUX],
}
MISSION_LOCALE_TERRITORY = [BORDEAUX, "33039", "33075", "33069"]
ML_NAME = "Mission Locale Bordeaux Avenir Jeunes"


def load() -> None:
    agencies = dict(
        zip(CATCHMENTS, agencies_attach(list(CATCHMENTS), regional_direction="33127"), strict=True)  # DR Aquitaine
    )
    for safir_code, communes in CATCHMENTS.items():
        coverage_ensure(agencies[safir_code], communes)

    mission_locale = organisation_ensure(
        kind=OrganisationKind.MISSION_LOCALE,
        name=ML_NAME,
        commune=commune(BORDEAUX),
        postcode="33000",
    )
    coverage_ensure(mission_locale, MISSION_LOCALE_TERRITORY)
    for safir_code, agency in agencies.items():
        cotraitance_ensure(mission_locale, agency, starts_on=STARTS_ON, is_reference_site=safir_code == MERIADECK)

    meriadeck = agencies[MERIADECK]
    member_ensure("conseiller.bordeaux", mission_locale, Role.ADVISER)
    member_ensure("conseiller2.bordeaux", mission_locale, Role.ADVISER)
    member_ensure("direction.bordeaux", mission_locale, Role.MANAGER)
    member_ensure("relations-entreprises.bordeaux", mission_locale, Role.EMPLOYER_RELATIONS)
    member_ensure("agent.meriadeck", meriadeck, Role.ADVISER)
    member_ensure("direction.meriadeck", meriadeck, Role.MANAGER)
    # The "double identity": employed by the agency, half of the time in the ML's employment team.
    seconded = user_ensure("seconde.bordeaux")
    membership_ensure(seconded, meriadeck, Role.ADVISER)
    membership_ensure(seconded, mission_locale, Role.ADVISER, fte_share=Decimal("0.50"), starts_on=STARTS_ON)
