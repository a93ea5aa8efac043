"""Seed 004 — Grenoble-Alpes Métropole, its PLIE and the five France Travail agencies of the Métropole (2018)."""

from __future__ import annotations

import datetime

from tandem.accounts.enums import Role
from tandem.demo.agencies import agencies_attach
from tandem.demo.builders import commune, coverage_ensure, epci_commune_codes, link_ensure, member_ensure
from tandem.demo.builders import organisation_ensure as ensure
from tandem.organisations.enums import OrganisationKind, PartnershipKind

STARTS_ON = datetime.date(2018, 2, 1)
METROPOLE_EPCI = "200040715"  # Grenoble-Alpes-Métropole, 49 communes
GRENOBLE = "38185"
# The 49 communes split among the agencies by geography; Grenoble itself is shared by its two agencies.
CATCHMENTS = {
    "38013": [  # Grenoble Europole: Grenoble, the north and the Chartreuse side
        GRENOBLE, "38423", "38382", "38170", "38325", "38328", "38258", "38471", "38472", "38516", "38126", "38229",
    ],
    "38017": [  # Grenoble La Bruyère: Grenoble, the south-east hills and the Drac valley to Vif
        GRENOBLE, "38158", "38309", "38188", "38059", "38057", "38111", "38524", "38436", "38545", "38187", "38235",
    ],
    "38060": ["38421", "38179", "38271", "38150", "38533", "38528", "38529"],  # Saint-Martin-d'Hères, Grésivaudan side
    "38075": [  # Échirolles, the south and the Romanche valley
        "38151", "38317", "38068", "38200", "38071", "38562", "38252", "38279", "38445", "38478", "38364", "38388",
        "38277",
    ],
    "38091": ["38169", "38474", "38485", "38486", "38281", "38540"],  # Fontaine, the west bank of the Drac
}  # fmt: skip


def load() -> None:
    agencies = agencies_attach(list(CATCHMENTS), regional_direction="69188")  # DR Auvergne-Rhône-Alpes
    for agency, communes in zip(agencies, CATCHMENTS.values(), strict=True):
        coverage_ensure(agency, communes)

    territory = epci_commune_codes(METROPOLE_EPCI)
    metropole = ensure(kind=OrganisationKind.EPCI, name="Grenoble-Alpes Métropole", commune=commune(GRENOBLE))
    coverage_ensure(metropole, territory)
    plie = ensure(kind=OrganisationKind.PLIE, name="PLIE de la Métropole grenobloise", commune=commune(GRENOBLE))
    coverage_ensure(plie, territory)

    # Convention 1: Métropole ↔ France Travail; convention 2: the PLIE with France Travail and the Métropole.
    for agency in agencies:
        link_ensure(metropole, agency, kind=PartnershipKind.METROPOLE, starts_on=STARTS_ON)
        link_ensure(plie, agency, kind=PartnershipKind.PLIE, starts_on=STARTS_ON)
    link_ensure(plie, metropole, kind=PartnershipKind.PLIE, starts_on=STARTS_ON)

    europole, _la_bruyere, _smh, echirolles, _fontaine = agencies
    member_ensure("direction.metropole-grenoble", metropole, Role.MANAGER)
    member_ensure("relations-entreprises.metropole-grenoble", metropole, Role.EMPLOYER_RELATIONS)
    member_ensure("conseiller.plie-grenoble", plie, Role.ADVISER)
    member_ensure("direction.plie-grenoble", plie, Role.MANAGER)
    member_ensure("agent.grenoble-europole", europole, Role.ADVISER)
    member_ensure("agent.echirolles", echirolles, Role.ADVISER)
