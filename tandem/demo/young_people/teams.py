"""Who works with the demo's young people, read from the partnerships the scenarios built: each Mission Locale with
its advisers, the France Travail agencies that designate young people to it (with the communes each serves on its
territory), its site, and the temp agencies it works with.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass

from tandem.accounts.enums import Role
from tandem.accounts.models import Membership, User
from tandem.demo.scenarios import alsace_nord, bordeaux, centre_val_de_loire, saint_etienne
from tandem.organisations.enums import OrganisationKind, PartnershipKind
from tandem.organisations.models import Coverage, Organisation, PartnershipLink
from tandem.territories.models import Commune

# How many young people each Mission Locale follows in the demo (about 300 in all): 30 in Tours and Orléans, 9 in
# the eight other Missions Locales of Centre-Val de Loire.
TEAM_SIZES = {
    alsace_nord.ML_NAME: 60,
    bordeaux.ML_NAME: 70,
    saint_etienne.ML_NAME: 40,
    **{local.name: 30 if index < 2 else 9 for index, local in enumerate(centre_val_de_loire.MISSIONS_LOCALES)},
}


@dataclass(frozen=True)
class Desk:
    """An organisation and the demo users who act for it; no staff: nobody in Tandem (France Travail's own flow)."""

    organisation: Organisation
    staff: tuple[User, ...]
    communes: tuple[Commune, ...] = ()

    def commune_pick(self, rng: random.Random) -> Commune:
        # Where young people live: the big communes more often.
        return rng.choices(self.communes, weights=[c.population or 1 for c in self.communes])[0]


@dataclass(frozen=True)
class Team:
    mission_locale: Desk
    size: int
    agencies: tuple[Desk, ...]  # France Travail agencies in cotraitance, communes: theirs on the ML's territory
    site: Desk | None  # a site of the Mission Locale, closer to some communes
    temp_agencies: tuple[Desk, ...]  # Mission Jeunes


def _staff(organisations: list[Organisation]) -> dict[int, tuple[User, ...]]:
    staff: dict[int, list[User]] = defaultdict(list)
    memberships = (
        Membership.objects.active()
        .filter(organisation__in=organisations, role=Role.ADVISER)
        .select_related("user")
        .order_by("pk")
    )
    for membership in memberships:
        staff[membership.organisation_id].append(membership.user)
    return {org_id: tuple(users) for org_id, users in staff.items()}


def _coverage(organisations: list[Organisation]) -> dict[int, list[Commune]]:
    coverage: dict[int, list[Commune]] = defaultdict(list)
    for row in Coverage.objects.filter(organisation__in=organisations).select_related("commune").order_by("commune"):
        coverage[row.organisation_id].append(row.commune)
    return coverage


def teams_load() -> list[Team]:
    """The teams in TEAM_SIZES order, in a handful of queries."""
    missions_locales = {
        o.name: o for o in Organisation.objects.filter(kind=OrganisationKind.MISSION_LOCALE, name__in=TEAM_SIZES)
    }
    links = PartnershipLink.objects.filter(
        organisation_a__in=missions_locales.values(),
        kind__in=[PartnershipKind.COTRAITANCE, PartnershipKind.MISSION_JEUNES],
    ).select_related("organisation_b")
    partners: dict[tuple[int, str], list[Organisation]] = defaultdict(list)
    for link in links.order_by("organisation_b__safir_code", "organisation_b__name"):
        partners[link.organisation_a_id, link.kind].append(link.organisation_b)
    sites = {
        site.parent_id: site
        for site in Organisation.objects.filter(kind=OrganisationKind.ML_SITE, parent__in=missions_locales.values())
    }
    involved = [
        *missions_locales.values(),
        *sites.values(),
        *(organisation for organisations in partners.values() for organisation in organisations),
    ]
    staff, coverage = _staff(involved), _coverage(involved)

    def desk(organisation: Organisation, territory: set[str]) -> Desk:
        communes = tuple(c for c in coverage[organisation.pk] if c.code in territory)
        return Desk(organisation, staff.get(organisation.pk, ()), communes)

    teams = []
    for name, size in TEAM_SIZES.items():
        mission_locale = missions_locales[name]
        territory = {c.code for c in coverage[mission_locale.pk]}
        site = sites.get(mission_locale.pk)
        teams.append(
            Team(
                mission_locale=desk(mission_locale, territory),
                size=size,
                agencies=tuple(
                    desk(agency, territory) for agency in partners[mission_locale.pk, PartnershipKind.COTRAITANCE]
                ),
                site=desk(site, territory) if site else None,
                temp_agencies=tuple(
                    desk(agency, set()) for agency in partners[mission_locale.pk, PartnershipKind.MISSION_JEUNES]
                ),
            )
        )
    return teams
