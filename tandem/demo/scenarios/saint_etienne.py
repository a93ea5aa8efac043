"""Seed 003 — Mission Jeunes: the Mission Locale de Saint-Étienne and nine temp agencies, with one contact each.

The temp agencies are fictitious (names and street numbers made up). The national agreement (UNML, Prism'emploi,
the State) and the local conventions' single contacts and ways of working are in tandem.demo.mission_jeunes.
"""

from __future__ import annotations

import datetime

from tandem.accounts.enums import Role
from tandem.demo.builders import commune, coverage_ensure, epci_commune_codes, link_ensure, member_ensure
from tandem.demo.builders import organisation_ensure as ensure
from tandem.organisations.enums import OrganisationKind, PartnershipKind

STARTS_ON = datetime.date(2014, 9, 1)
NATIONAL_AGREEMENT_ON = datetime.date(2014, 6, 1)  # signed in June 2014 (day not given by the source)
METROPOLE_EPCI = "244200770"  # Saint-Étienne Métropole
SAINT_ETIENNE = "42218"
PARIS = "75056"
ML_NAME = "Mission Locale de Saint-Étienne"

# (name, address, postcode, e-mail of the agency's single contact)
TEMP_AGENCIES = (
    ("Intérim Forez Centre", "12 rue Michelet", "42000", "interim.saint-etienne"),
    ("Gier Emploi Intérim", "5 place Jean Jaurès", "42000", "interim.gier-emploi"),
    ("Furan Travail Temporaire", "28 rue de la République", "42000", "interim.furan"),
    ("Pilat Intérim Services", "41 cours Fauriel", "42100", "interim.pilat"),
    ("Manufacture Emploi Temporaire", "3 rue Javelin-Pagnon", "42000", "interim.manufacture"),
    ("Ondaine Renfort Intérim", "17 avenue de la Libération", "42000", "interim.ondaine"),
    ("Carnot Compétences Intérim", "9 boulevard Jules Janin", "42000", "interim.carnot"),
    ("Châteaucreux Intérim", "22 avenue Denfert-Rochereau", "42000", "interim.chateaucreux"),
    ("Stéphanois Missions Intérim", "6 rue Bergson", "42000", "interim.stephanois"),
)


def load() -> None:
    saint_etienne = commune(SAINT_ETIENNE)
    mission_locale = ensure(kind=OrganisationKind.MISSION_LOCALE, name=ML_NAME, commune=saint_etienne)
    coverage_ensure(mission_locale, epci_commune_codes(METROPOLE_EPCI))
    member_ensure("conseiller.saint-etienne", mission_locale, Role.ADVISER)
    member_ensure("conseiller2.saint-etienne", mission_locale, Role.ADVISER)
    member_ensure("direction.saint-etienne", mission_locale, Role.MANAGER)

    for name, address, postcode, contact in TEMP_AGENCIES:
        agency = ensure(
            kind=OrganisationKind.TEMP_AGENCY, name=name, address=address, postcode=postcode, commune=saint_etienne
        )
        link_ensure(mission_locale, agency, kind=PartnershipKind.MISSION_JEUNES, starts_on=STARTS_ON)
        member_ensure(contact, agency, Role.ADVISER)
