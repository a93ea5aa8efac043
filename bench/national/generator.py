"""The national data set: the whole partnership network at a given scale, on the real referentials.

At scale 1.0: 440 Missions Locales whose territories cover every commune, the real France Travail agencies
(about 900), 7,000 temp agencies, 1.1 million young people, 2 million offers (30 % open), 500,000 employers
and about 10 million timeline events, with referrals, follows, schemes, notes, job projects, consents and
positionings in the proportions the field reports give. The Missions Locales and the France Travail agencies
(the map) do not shrink with the scale; temp agencies, staff and volumes do, so `--scale 0.01` is a small
country on the same map.

Deterministic: the same scale, seed and day give the same rows. Rows are written the way the services would
write them (same columns, same events and payloads), only in bulk: this is a measuring instrument, not an
import path.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import math
import random
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from faker.providers.person.fr_FR import Provider as FrenchNames

from bench.national import identities
from bench.national.loading import analyse, next_id, sequences_reset
from bench.national.rows import Sink, Template
from bench.national.territory import Place, Territory, nearest, territories_cut
from tandem.accounts.enums import Role
from tandem.accounts.models import Membership, User
from tandem.barrier_actions.enums import ActionStatus, EnrolmentStatus
from tandem.barrier_actions.models import BarrierAction, Enrolment
from tandem.career_paths.enums import MissionStatus
from tandem.career_paths.models import Mission
from tandem.core.text import search_normalise
from tandem.employer_events.enums import (
    EventFormat,
    EventStatus,
    EventTheme,
    InvitationStatus,
    ParticipationOutcome,
    RegistrationStatus,
)
from tandem.employer_events.models import EmployerEvent, Invitation, Registration
from tandem.employers.enums import ContactChannel, InteractionKind
from tandem.employers.models import Employer, EmployerContact, EmployerInteraction, employer_search_key
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.exits import rules as exit_rules
from tandem.exits.enums import FOLLOW_UP_TOLERANCE_DAYS, CancelReason, ExitReason, ExitStatus, Situation
from tandem.exits.enums import ContractType as ExitContract
from tandem.exits.models import Exit, ExitFollowUp
from tandem.exits.workflow import at_noon, exit_payload
from tandem.immersions.enums import PmsmpObjective, PmsmpResult, PmsmpStatus, StaffImmersionStatus
from tandem.immersions.models import Pmsmp, StaffImmersion
from tandem.offers.enums import (
    ContractType,
    CvKind,
    NotRetainedReason,
    OfferSource,
    OfferStatus,
    PositioningStatus,
    SharingScope,
    WorkingTime,
)
from tandem.offers.matching import seen
from tandem.offers.models import Offer, Positioning
from tandem.offers.search import offer_search_key
from tandem.organisations.enums import OrganisationKind, PartnershipKind
from tandem.organisations.models import Coverage, Organisation, PartnershipLink
from tandem.organisations.services import organisation_import_agencies
from tandem.partnerships.enums import ConventionKind, ConventionLevel, ConventionStatus, PartyRole
from tandem.partnerships.models import Convention, ConventionLink, ConventionParty
from tandem.people.enums import (
    BarrierKind,
    ConsentRecipient,
    ContractWish,
    FollowRole,
    FtCategory,
    QualificationLevel,
    Scheme,
)
from tandem.people.models import Consent, Follow, JobProfile, Note, Person, SchemeEnrolment
from tandem.prospecting.enums import CampaignStatus, ServicePresented, VisitOutcome, VisitStatus
from tandem.prospecting.models import Campaign, CampaignTarget, Pair, Visit
from tandem.referentials.models import RomeAppellation, RomeCode, RomeNafHiring
from tandem.referrals.enums import ReferralOutcome, ReferralStatus, RefusalReason
from tandem.referrals.models import Referral
from tandem.service_catalogue.models import Service, ServiceAudience, ServiceTheme
from tandem.territories.models import Commune, Departement, Region

PARIS = ZoneInfo("Europe/Paris")
AGENCIES_FILE = "itou/pole_emploi_agencies.csv"
# INSEE size brackets drawn for employer establishments: small ones first, as in the Sirene file.
# Joint prospecting per Mission Locale territory, with its reference agency (seed 001's Bordeaux ROC).
CAMPAIGNS_PER_TERRITORY = 3
PAIRS_PER_CAMPAIGN = 3
TARGETS_PER_CAMPAIGN = 60
# The stages that read their inputs from the database, so that they can be added to an existing data set.
ADDABLE = ("employer_events", "service_catalogue", "temp_work_and_barriers", "exits")
# What each Mission Locale and each France Travail agency publishes in the services catalogue: (name, type,
# themes, public), as the demo's partners write theirs.
ML_SERVICES = (
    (
        "Accompagnement Contrat d'engagement jeune",
        "accompagnement",
        ("preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi",),
        "jeunes",
    ),
    (
        "Aide à la mobilité des jeunes",
        "aide-financiere",
        ("mobilite--financer-ma-mobilite", "mobilite--preparer-un-permis"),
        "jeunes",
    ),
    (
        "Logement des jeunes : conseil et orientation",
        "information",
        ("logement-hebergement--louer-un-logement",),
        "jeunes",
    ),
    ("Point santé jeunes", "accompagnement", ("sante--acces-aux-soins",), "jeunes"),
)
AGENCY_SERVICES = (
    (
        "Ateliers de recherche d'emploi",
        "atelier",
        ("preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi",),
        "demandeurs-emploi",
    ),
    (
        "Aides à la mobilité des demandeurs d'emploi",
        "aide-financiere",
        ("mobilite--financer-ma-mobilite",),
        "demandeurs-emploi",
    ),
    (
        "Découverte des métiers qui recrutent",
        "information",
        ("choisir-un-metier--connaitre-les-opportunites-demploi",),
        "tous-publics",
    ),
)
# Employer events per territory over the last months (one to come), each with its companies and young people.
EVENTS_PER_TERRITORY = 6
EVENT_COMPANIES = 6
EVENT_PEOPLE = 15
EVENT_COMPANY_POOL = 200
EVENT_PEOPLE_POOL = 2000
# Temp-work missions and PMSMP: the jobs and the user companies drawn (employers outside Tandem for missions).
MISSION_JOBS = (
    "Préparateur de commandes",
    "Manutentionnaire",
    "Agent de production",
    "Cariste",
    "Employé polyvalent de restauration",
    "Agent d'entretien",
    "Aide-maçon",
    "Hôte de caisse",
)
MISSION_COMPANIES = (
    "Logistique du Centre",
    "Entrepôts Réunis",
    "Conserverie de l'Ouest",
    "BTP Services",
    "Restauration collective Sud",
    "Plasturgie Industrie",
)
# Barrier-lifting actions: a title for each kind of barrier.
BARRIER_TITLES = {
    "mobility": "Atelier code de la route",
    "childcare": "Places en crèche à vocation d'insertion",
    "housing": "Permanence logement jeunes",
    "health": "Bilan de santé",
    "language": "Atelier de français à visée professionnelle",
    "digital": "Atelier numérique",
    "resources": "Atelier budget",
    "justice": "Permanence d'accès au droit",
}
SIZE_BRACKETS = ["01"] * 6 + ["02"] * 5 + ["03"] * 4 + ["11"] * 3 + ["12"] * 2 + ["21", "22", "31", "32", "41"]


@dataclass(frozen=True)
class Sizes:
    missions_locales: int
    temp_agencies: int
    people: int
    offers: int
    employers: int

    @classmethod
    def at(cls, scale: float) -> Sizes:
        return cls(
            missions_locales=440,
            temp_agencies=max(20, round(7_000 * scale)),
            people=max(100, round(1_100_000 * scale)),
            offers=max(100, round(2_000_000 * scale)),
            employers=max(50, round(500_000 * scale)),
        )


@dataclass
class Report:
    """What was written, table by table, and how long each stage took."""

    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


Progress = Callable[[str, int], Callable[[int], None]]  # (stage, total) → advance(n)


def _no_progress(stage: str, total: int) -> Callable[[int], None]:
    return lambda n: None


class CumulativeChoice:
    """Weighted choice by bisection on cumulative weights (random.choices recomputes them at every call)."""

    def __init__(self, items: list[Any], weights: list[float]):
        self.items = items
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> Any:
        return self.items[bisect.bisect_right(self.cumulative, rng.random() * self.total)]


def _luhn_complete(digits: str) -> str:
    """The digits followed by their Luhn check digit."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (1 if index % 2 else 2)  # the check digit will take position 0
        total += value - 9 if value > 9 else value
    return digits + str((10 - total % 10) % 10)


def _siret(rng: random.Random) -> str:
    """A SIRET whose SIREN and SIRET both pass the Luhn check (as tandem.core.codes.validate_siret asks)."""
    siren = _luhn_complete(f"{rng.randrange(10_000_000, 99_999_999)}")
    return _luhn_complete(siren + f"{rng.randrange(1, 9999):04d}")


class National:
    """One generation run. `run()` writes everything; the report says what and how fast."""

    def __init__(self, *, scale: float, seed: int, today: datetime.date, progress: Progress = _no_progress):
        self.sizes = Sizes.at(scale)
        self.scale = scale
        self.seed = seed
        self.rng = random.Random(f"tandem-national:{seed}")
        self.today = today
        self.now = datetime.datetime.combine(today, datetime.time(10, 0), tzinfo=PARIS)
        self.progress = progress
        self.report = Report()
        self.directory = Path(tempfile.mkdtemp(prefix="tandem-national-"))
        self.password = make_password(identities.GENERATED_PASSWORD)
        self.first_names = list(FrenchNames.first_names_female) + list(FrenchNames.first_names_male)
        self.last_names = list(FrenchNames.last_names)

    # ----------------------------------------------------------------------------------------------- helpers
    def _moment(self, days_ago: float) -> datetime.datetime:
        """A working-hours moment `days_ago` days before the anchor day."""
        day = self.today - datetime.timedelta(days=int(days_ago))
        minutes = self.rng.randrange(8 * 60 + 30, 17 * 60 + 30)
        return datetime.datetime.combine(day, datetime.time(minutes // 60, minutes % 60), tzinfo=PARIS)

    def _stage(self, name: str, sinks: list[Sink]) -> None:
        """Load the sinks (parents first), one transaction each, with a progress bar per table."""
        for sink in sinks:
            advance = self.progress(f"{name} : {sink.template.table}", sink.count)
            with transaction.atomic():
                self.report.counts[sink.template.table] = self.report.counts.get(sink.template.table, 0) + sink.load(
                    advance
                )

    def _sink(self, model: Any = None, **kwargs: Any) -> Sink:
        return Sink(Template(model, **kwargs), self.directory)

    # ------------------------------------------------------------------------------------------------- map
    def _places(self) -> list[Place]:
        rows = Commune.objects.values_list(
            "code", "name", "population", "departement_id", "overseas_collectivity", "epci_id", "latitude", "longitude"
        ).order_by("code")
        return [
            Place(code, name, population or 0, dep or overseas or "?", epci or "", lat, lon)
            for code, name, population, dep, overseas, epci, lat, lon in rows
        ]

    def _agencies(self) -> list[tuple[int, str, float, float, str]]:
        """The real France Travail agencies (id, name, lat, lon, area), loaded from the official file if needed."""
        if not Organisation.objects.filter(kind=OrganisationKind.FT_AGENCY).exists():
            path = Path(settings.TANDEM_REFERENTIAL_DIR) / AGENCIES_FILE
            if not settings.TANDEM_REFERENTIAL_DIR or not path.exists():
                raise RuntimeError(f"Fichier des agences France Travail introuvable : {path}")
            organisation_import_agencies(path=path)
        rows = Organisation.objects.filter(
            kind=OrganisationKind.FT_AGENCY, commune__latitude__isnull=False
        ).values_list("pk", "name", "commune__latitude", "commune__longitude", "commune__departement_id")
        return [(pk, name, lat, lon, dep or "") for pk, name, lat, lon, dep in rows.order_by("pk")]

    # --------------------------------------------------------------------------------------------- network
    def network(self) -> None:
        sizes, rng = self.sizes, self.rng
        self.places = self._places()
        self.place_of = {place.code: place for place in self.places}
        self.territories: list[Territory] = territories_cut(self.places, count=sizes.missions_locales)
        agencies = self._agencies()
        self.agency_name = {pk: name for pk, name, *_ in agencies}
        by_area: dict[str, list[tuple[int, float, float]]] = defaultdict(list)
        for pk, _name, lat, lon, area in agencies:
            by_area[area].append((pk, lat, lon))
        everywhere = [(pk, lat, lon) for pk, _n, lat, lon, _a in agencies]

        organisations = self._sink(Organisation)
        coverage = self._sink(Coverage)
        links = self._sink(PartnershipLink)
        org_id, coverage_id, link_id = next_id(Organisation), next_id(Coverage), next_id(PartnershipLink)
        now = self.now
        self.ml_of: dict[str, int] = {}  # commune → Mission Locale
        self.agency_of: dict[str, int] = {}  # commune → France Travail agency (catchment)
        self.ml_name: dict[int, str] = {}
        self.ml_places: dict[int, list[Place]] = {}
        self.link_of: dict[tuple[int, int], int] = {}
        self.reference_agency: dict[int, int] = {}  # Mission Locale → its reference France Travail agency
        # What the conventions are made of (tandem.partnerships): each Mission Locale's cotraitance links (agency,
        # reference site?, link) and its seat's département, the Mission Jeunes links (Mission Locale, temp agency,
        # link).
        self.cotraitance_links: dict[int, list[tuple[int, bool, int]]] = defaultdict(list)
        self.ml_seat_departement: dict[int, str] = {}
        self.temp_links: list[tuple[int, int, int]] = []
        names_used: set[str] = set()
        for territory in self.territories:
            seat = territory.seat
            name = f"Mission Locale {seat.name}"
            if name in names_used:
                name = f"{name} ({seat.code})"
            names_used.add(name)
            ml = org_id
            org_id += 1
            organisations.add(
                id=ml,
                kind=OrganisationKind.MISSION_LOCALE,
                name=name,
                commune_id=seat.code,
                email=f"contact@ml{ml}.{identities.GENERATED_DOMAIN}",
                created_at=now,
                updated_at=now,
            )
            self.ml_name[ml] = name
            self.ml_places[ml] = territory.communes
            linked: dict[int, bool] = {}
            for place in territory.communes:
                coverage.add(id=coverage_id, organisation_id=ml, commune_id=place.code)
                coverage_id += 1
                self.ml_of[place.code] = ml
                agency = nearest(place, by_area.get(place.area) or everywhere)
                self.agency_of[place.code] = agency
                linked.setdefault(agency, False)
            linked[self.agency_of[seat.code]] = True  # the reference site: the agency of the seat's commune
            self.reference_agency[ml] = self.agency_of[seat.code]
            self.ml_seat_departement[ml] = seat.area
            for agency, is_reference in sorted(linked.items()):
                self.cotraitance_links[ml].append((agency, is_reference, link_id))
                links.add(
                    id=link_id,
                    kind=PartnershipKind.COTRAITANCE,
                    organisation_a_id=agency,
                    organisation_b_id=ml,
                    is_reference_site=is_reference,
                    starts_on=datetime.date(self.today.year - 3, 1, 1),
                )
                self.link_of[(agency, ml)] = link_id
                link_id += 1
        for code, agency in self.agency_of.items():
            coverage.add(id=coverage_id, organisation_id=agency, commune_id=code)
            coverage_id += 1

        # Temp agencies where people live, each with its Mission Jeunes link to the Mission Locale there.
        populated = [place for place in self.places if place.population > 0]
        pick_place = CumulativeChoice(populated, [p.population for p in populated])
        brands = ["Adecco", "Manpower", "Randstad", "Synergie", "Crit", "Proman", "Start People", "Samsic Emploi"]
        self.temp_agencies_of: dict[int, list[int]] = defaultdict(list)  # Mission Locale → temp agencies
        self.temp_name: dict[int, str] = {}
        for number in range(sizes.temp_agencies):
            place = pick_place.pick(rng)
            pk = org_id
            org_id += 1
            name = f"{rng.choice(brands)} {place.name} {number + 1}"
            organisations.add(
                id=pk,
                kind=OrganisationKind.TEMP_AGENCY,
                name=name,
                commune_id=place.code,
                created_at=now,
                updated_at=now,
            )
            ml = self.ml_of[place.code]
            self.temp_agencies_of[ml].append(pk)
            self.temp_name[pk] = name
            links.add(
                id=link_id,
                kind=PartnershipKind.MISSION_JEUNES,
                organisation_a_id=ml,
                organisation_b_id=pk,
                starts_on=datetime.date(self.today.year - 2, 1, 1),
            )
            self.link_of[(ml, pk)] = link_id
            self.temp_links.append((ml, pk, link_id))
            link_id += 1
        self._stage("Réseau", [organisations, coverage, links])
        self._conventions()
        self._staff()

    def _conventions(self) -> None:
        """The conventions the links come from, as the product keeps them (tandem.partnerships.links): the national
        agreement, a regional convention per metropolitan region, and per Mission Locale its local reinforced
        partnership (its reference site, its other agencies associated) hung on its region's; a Mission Jeunes
        convention per temp agency link. Each link records its convention."""
        conventions, parties, rows = self._sink(Convention), self._sink(ConventionParty), self._sink(ConventionLink)
        convention_id, party_id, row_id = next_id(Convention), next_id(ConventionParty), next_id(ConventionLink)
        now, active = self.now, ConventionStatus.ACTIVE
        signed = datetime.date(self.today.year - 3, 1, 1)
        region_of = dict(Departement.objects.values_list("code", "region_id"))
        region_name = dict(Region.objects.values_list("code", "name"))
        national = convention_id
        convention_id += 1
        conventions.add(
            id=national,
            level=ConventionLevel.NATIONAL,
            kind=ConventionKind.COTRAITANCE,
            title="Accord-cadre national État – France Travail – Missions Locales",
            status=active,
            signed_on=signed,
            starts_on=signed,
            created_at=now,
            updated_at=now,
        )
        regional: dict[str, int] = {}
        for code in sorted({region_of.get(dep, "") for dep in self.ml_seat_departement.values()}):
            if not code or code.startswith("0"):  # overseas regions: their local conventions hang on none
                continue
            regional[code] = convention_id
            conventions.add(
                id=convention_id,
                level=ConventionLevel.REGIONAL,
                parent_id=national,
                kind=ConventionKind.COTRAITANCE,
                title=f"Convention régionale {region_name[code]}",
                status=active,
                signed_on=signed,
                starts_on=signed,
                created_at=now,
                updated_at=now,
            )
            convention_id += 1

        def party(convention: int, organisation: int, role: str) -> None:
            nonlocal party_id
            parties.add(id=party_id, convention_id=convention, organisation_id=organisation, role=role)
            party_id += 1

        for ml, agencies in self.cotraitance_links.items():
            conventions.add(
                id=convention_id,
                level=ConventionLevel.LOCAL,
                parent_id=regional.get(region_of.get(self.ml_seat_departement[ml], "")),
                kind=ConventionKind.COTRAITANCE,
                title=f"Convention locale {self.ml_name[ml]}",
                status=active,
                signed_on=signed,
                starts_on=signed,
                created_at=now,
                updated_at=now,
            )
            party(convention_id, ml, PartyRole.SIGNATORY)
            for agency, is_reference, link in agencies:
                party(convention_id, agency, PartyRole.REFERENCE_SITE if is_reference else PartyRole.ASSOCIATED)
                rows.add(id=row_id, convention_id=convention_id, link_id=link)
                row_id += 1
            convention_id += 1
        starts = datetime.date(self.today.year - 2, 1, 1)
        for ml, temp_agency, link in self.temp_links:
            conventions.add(
                id=convention_id,
                level=ConventionLevel.LOCAL,
                kind=ConventionKind.MISSION_JEUNES,
                title=f"Mission Jeunes {self.ml_name[ml]} – {self.temp_name[temp_agency]}",
                status=active,
                signed_on=starts,
                starts_on=starts,
                created_at=now,
                updated_at=now,
            )
            party(convention_id, ml, PartyRole.SIGNATORY)
            party(convention_id, temp_agency, PartyRole.SIGNATORY)
            rows.add(id=row_id, convention_id=convention_id, link_id=link)
            row_id += 1
            convention_id += 1
        self._stage("Conventions", [conventions, parties, rows])

    def _staff(self) -> None:
        """Advisers sized to their caseloads (about 120 young people per Mission Locale adviser), a manager each."""
        people = self.sizes.people
        total_population = sum(p.population for p in self.places) or 1
        users, memberships = self._sink(User), self._sink(Membership)
        user_id, membership_id = next_id(User), next_id(Membership)
        self.advisers: dict[int, list[int]] = {}
        self.manager_of: dict[int, int] = {}
        self.adviser_name: dict[int, str] = {}
        rng, now = self.rng, self.now

        def staff(organisation: int, advisers: int) -> None:
            nonlocal user_id, membership_id
            ids = []
            for number in range(advisers + 1):
                first, last = rng.choice(self.first_names), rng.choice(self.last_names)
                manager = number == advisers
                email = (
                    identities.manager_email(organisation)
                    if manager
                    else identities.adviser_email(organisation, number + 1)
                )
                users.add(
                    id=user_id,
                    password=self.password,
                    email=email,
                    first_name=first,
                    last_name=last,
                    is_active=True,
                    is_superuser=False,
                    date_joined=now,
                )
                memberships.add(
                    id=membership_id,
                    user_id=user_id,
                    organisation_id=organisation,
                    role=Role.MANAGER if manager else Role.ADVISER,
                )
                if manager:
                    self.manager_of[organisation] = user_id
                else:
                    ids.append(user_id)
                    self.adviser_name[user_id] = f"{first} {last}"
                user_id += 1
                membership_id += 1
            self.advisers[organisation] = ids

        agency_population: dict[int, int] = defaultdict(int)
        for code, agency in self.agency_of.items():
            agency_population[agency] += self.place_of[code].population
        for ml, places in self.ml_places.items():
            expected = people * sum(p.population for p in places) / total_population
            staff(ml, max(1, math.ceil(expected / 120)))
        for agency, population in sorted(agency_population.items()):
            staff(agency, max(1, math.ceil(people * population / total_population / 400)))
        for agencies in self.temp_agencies_of.values():
            for agency in agencies:
                staff(agency, 1)
        self._stage("Équipes", [users, memberships])

    # ------------------------------------------------------------------------------------------- referentials
    def _jobs(self) -> None:
        hirings: dict[str, int] = defaultdict(int)
        naf_weights: dict[str, int] = defaultdict(int)
        for rome, naf, count in RomeNafHiring.objects.values_list("rome_id", "naf_id", "hirings"):
            hirings[rome] += count
            naf_weights[naf] += count
        romes = list(RomeCode.objects.order_by("code").values_list("code", "label"))
        if not romes:
            raise RuntimeError("Référentiel ROME vide : lancez d'abord manage.py import_referentials.")
        self.rome_label = dict(romes)
        codes = [code for code, _ in romes]
        self.pick_rome = CumulativeChoice(codes, [hirings.get(code, 0) + 5 for code in codes])
        self.appellations: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for code_ogr, label, rome in RomeAppellation.objects.order_by("code_ogr").values_list(
            "code_ogr", "label", "rome_id"
        ):
            self.appellations[rome].append((code_ogr, label))
        nafs = sorted(naf_weights) or ["8810A"]
        self.pick_naf = CumulativeChoice(nafs, [naf_weights.get(naf, 1) for naf in nafs])

    # --------------------------------------------------------------------------------------------- employers
    def employers(self) -> None:
        rng, now = self.rng, self.now
        sink = self._sink(Employer)
        first = next_id(Employer)
        populated = [place for place in self.places if place.population > 0]
        self.pick_place = CumulativeChoice(populated, [p.population for p in populated])
        kinds = ["Boulangerie", "Garage", "Restaurant", "Transports", "Clinique", "Bâtiment", "Supermarché", "Hôtel"]
        self.employer_rows: list[tuple[int, str, str, str]] = []  # id, name, naf, commune
        seen: set[str] = set()
        for number in range(self.sizes.employers):
            siret = _siret(rng)
            while siret in seen:
                siret = _siret(rng)
            seen.add(siret)
            place = self.pick_place.pick(rng)
            name = f"{rng.choice(kinds)} {rng.choice(self.last_names)} {place.name}"
            naf = self.pick_naf.pick(rng)
            pk = first + number
            sink.add(
                id=pk,
                name=name,
                siret=siret,
                siren=siret[:9],
                nic=siret[9:],
                search_key=employer_search_key(name=name, usual_name="", siret=siret),
                size_bracket=rng.choice(SIZE_BRACKETS),
                naf_id=naf,
                commune_id=place.code,
                created_at=now,
            )
            self.employer_rows.append((pk, name, naf, place.code))
        self._stage("Employeurs", [sink])

    # ------------------------------------------------------------------------------------------------ offers
    def offers(self) -> None:
        rng = self.rng
        offers, events = self._sink(Offer), self._sink(Event)
        first = next_id(Offer)
        self.event_id = next_id(Event)
        contracts = CumulativeChoice(
            [ContractType.CDI, ContractType.CDD, ContractType.TEMP, ContractType.APPRENTICESHIP, ContractType.SEASONAL],
            [35, 33, 20, 7, 5],
        )
        statuses = CumulativeChoice(
            [OfferStatus.OPEN, OfferStatus.FILLED, OfferStatus.EXPIRED, OfferStatus.WITHDRAWN], [30, 20, 40, 10]
        )
        closing_kind = {
            OfferStatus.FILLED: EventKind.OFFER_FILLED,
            OfferStatus.EXPIRED: EventKind.OFFER_EXPIRED,
            OfferStatus.WITHDRAWN: EventKind.OFFER_WITHDRAWN,
        }
        self.open_offers: dict[int, list[tuple[int, str]]] = defaultdict(list)  # Mission Locale → (id, title)
        self.hire_offers: dict[int, list[tuple[int, str]]] = defaultdict(list)  # filled through a positioning
        for number in range(self.sizes.offers):
            pk = first + number
            employer_id, employer_name, naf, code = self.employer_rows[rng.randrange(len(self.employer_rows))]
            place = self.place_of[code] if rng.random() < 0.7 else self.pick_place.pick(rng)
            ml = self.ml_of[place.code]
            rome = self.pick_rome.pick(rng)
            appellation, title = (
                rng.choice(self.appellations[rome]) if self.appellations[rome] else ("", self.rome_label[rome])
            )
            roll = rng.random()
            if roll < 0.75:
                source, organisation = OfferSource.FRANCE_TRAVAIL, self.agency_of[place.code]
                external = f"{number + 1:07d}"
            elif roll < 0.9 and self.temp_agencies_of.get(ml):
                source, organisation = OfferSource.TEMP_AGENCY, rng.choice(self.temp_agencies_of[ml])
                external = f"TA-{number + 1}"
            else:
                source, organisation = OfferSource.PARTNER, ml
                external = f"ML-{number + 1}"
            status = statuses.pick(rng)
            published = self._moment(rng.uniform(0, 55) if status == OfferStatus.OPEN else rng.uniform(20, 365))
            contract = contracts.pick(rng)
            positions, hires = 1, 0
            if status == OfferStatus.FILLED and rng.random() < 0.25:
                hires = 1
                self.hire_offers[ml].append((pk, title))
            elif status == OfferStatus.OPEN:
                positions = 1 if rng.random() < 0.8 else rng.randint(2, 5)
                self.open_offers[ml].append((pk, title))
            lat = (place.latitude or 46.6) + rng.uniform(-0.02, 0.02)
            lon = (place.longitude or 2.4) + rng.uniform(-0.02, 0.02)
            offers.add(
                id=pk,
                source=source,
                external_id=external,
                organisation_id=organisation,
                title=title,
                description=f"{title} : poste à pourvoir chez {employer_name}.",
                rome_id=rome,
                rome_version="v3",
                appellation_id=appellation or None,
                employer_id=employer_id,
                employer_name=employer_name,
                naf_code=naf,
                commune_id=place.code,
                place_label=place.name,
                latitude=round(lat, 6),
                longitude=round(lon, 6),
                contract_type=contract,
                contract_duration_months=rng.choice([3, 6, 12]) if contract == ContractType.CDD else None,
                working_time=WorkingTime.FULL_TIME if rng.random() < 0.75 else WorkingTime.PART_TIME,
                requires_driving_licence=rng.random() < 0.2,
                positions=positions,
                hires=hires,
                published_at=published,
                source_updated_at=published,
                expires_on=(published + datetime.timedelta(days=60)).date(),
                status=status,
                sharing=SharingScope.TERRITORY,
                search_key=offer_search_key(title=title, employer_name=employer_name),
                created_at=published,
                updated_at=published,
            )
            payload = {"offer": title, "source": source}
            self._event(events, EventKind.OFFER_CREATED, published, organisation, None, "offer", pk, payload)
            if status in closing_kind:
                closed = min(published + datetime.timedelta(days=rng.randint(5, 60)), self.now)
                self._event(events, closing_kind[status], closed, organisation, None, "offer", pk, payload)
        self._stage("Offres", [offers, events])

    def _event(
        self,
        sink: Sink,
        kind: str,
        at: datetime.datetime,
        organisation: int | None,
        actor: int | None,
        subject_type: str,
        subject_id: int,
        payload: dict[str, Any],
        *,
        person: int | None = None,
        shared: bool = True,
    ) -> None:
        sink.add(
            id=self.event_id,
            kind=kind,
            occurred_at=at,
            recorded_at=at,
            actor_id=actor,
            actor_organisation_id=organisation,
            person_id=person,
            subject_type=subject_type,
            subject_id=subject_id,
            is_shared=shared,
            payload=payload,
        )
        self.event_id += 1

    # ------------------------------------------------------------------------------------------------ people
    def people(self) -> None:
        """Each young person's story: registered at France Travail, designated, accepted, met, followed."""
        sinks = {
            name: self._sink(model)
            for name, model in (
                ("person", Person),
                ("profile", JobProfile),
                ("follow", Follow),
                ("referral", Referral),
                ("scheme", SchemeEnrolment),
                ("consent", Consent),
                ("note", Note),
                ("positioning", Positioning),
                ("event", Event),
            )
        }
        through = JobProfile.sought_romes.through
        sinks["romes"] = self._sink(through)
        ids = {
            "person": next_id(Person),
            "profile": next_id(JobProfile),
            "follow": next_id(Follow),
            "referral": next_id(Referral),
            "scheme": next_id(SchemeEnrolment),
            "consent": next_id(Consent),
            "note": next_id(Note),
            "positioning": next_id(Positioning),
            "romes": next_id(through),
        }
        story = _Story(self, sinks, ids)
        advance = self.progress("Jeunes : parcours", self.sizes.people)
        for number in range(self.sizes.people):
            story.tell(number)
            if number % 10_000 == 9_999:
                advance(10_000)
        advance(self.sizes.people % 10_000)
        order = [
            "person",
            "profile",
            "romes",
            "follow",
            "referral",
            "scheme",
            "consent",
            "note",
            "positioning",
            "event",
        ]
        self._stage("Jeunes", [sinks[name] for name in order])

    # ------------------------------------------------------------------------------------------- prospecting
    def prospecting(self) -> None:
        """Each Mission Locale's territory prospected with its reference agency, as the services write it: three
        campaigns (ROC) of the last two years (two closed, one under way), pairs of an agency adviser and a Mission
        Locale adviser, target lists split across the pairs, visits reported or still to report, the contacts met,
        the interactions on the companies' timelines and their single contact."""
        names = (
            "campaign",
            "campaign_orgs",
            "campaign_communes",
            "pair",
            "target",
            "visit",
            "contact",
            "interaction",
            "event",
        )
        models_ = (
            Campaign,
            Campaign.organisations.through,
            Campaign.communes.through,
            Pair,
            CampaignTarget,
            Visit,
            EmployerContact,
            EmployerInteraction,
            Event,
        )
        sinks = {name: self._sink(model) for name, model in zip(names, models_, strict=True)}
        ids = {name: next_id(model) for name, model in zip(names[:-1], models_[:-1], strict=True)}

        def take(name: str) -> int:
            ids[name] += 1
            return ids[name] - 1

        companies: dict[int, list[tuple[int, str]]] = defaultdict(list)  # Mission Locale → (employer, name)
        for pk, name, _naf, code in self.employer_rows:
            companies[self.ml_of[code]].append((pk, name))
        outcomes = CumulativeChoice(list(VisitOutcome), [35, 35, 20, 10])
        roles = ["Gérant", "Responsable RH", "Directrice", "Chef d'équipe", "Assistante de direction"]
        self.referents: dict[int, tuple[int, int]] = {}  # employer → (organisation, adviser), the latest visit's
        advance = self.progress("Prospection : territoires", len(self.ml_name))
        for ml in sorted(self.ml_name):
            agency = self.reference_agency[ml]
            ours, theirs = self.advisers.get(agency, []), self.advisers.get(ml, [])
            pair_count = min(PAIRS_PER_CAMPAIGN, len(ours), len(theirs))
            if pair_count and companies[ml]:
                for number in range(CAMPAIGNS_PER_TERRITORY):
                    self._campaign(sinks, take, ml, agency, number, pair_count, companies[ml], outcomes, roles)
            advance(1)
        self._stage("Prospection", [sinks[name] for name in names])
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE employers_employer SET referent_organisation_id = %s, referent_adviser_id = %s WHERE id = %s",
                [(organisation, adviser, pk) for pk, (organisation, adviser) in sorted(self.referents.items())],
            )
        self.report.counts["employers_employer (référents)"] = len(self.referents)

    def _campaign(
        self,
        sinks: dict[str, Sink],
        take: Callable[[str], int],
        ml: int,
        agency: int,
        number: int,
        pair_count: int,
        companies: list[tuple[int, str]],
        outcomes: CumulativeChoice,
        roles: list[str],
    ) -> None:
        """One campaign: `number` 0 is under way (started a month ago), the others closed, eight months apart."""
        rng, today = self.rng, self.today
        starts_on = today - datetime.timedelta(days=30 + 240 * number)
        ends_on = starts_on + datetime.timedelta(days=60)
        closed = number > 0
        campaign = take("campaign")
        name = f"ROC {self.ml_name[ml].removeprefix('Mission Locale ')} {starts_on:%m/%Y}"
        manager = self.manager_of.get(agency)
        created = self._moment((today - starts_on).days + 14)
        sinks["campaign"].add(
            id=campaign,
            name=name,
            organisation_id=agency,
            size_brackets=[],
            starts_on=starts_on,
            ends_on=ends_on,
            status=CampaignStatus.CLOSED if closed else CampaignStatus.ACTIVE,
            created_by_id=manager,
            created_at=created,
            updated_at=created,
        )
        for organisation in (agency, ml):
            sinks["campaign_orgs"].add(id=take("campaign_orgs"), campaign_id=campaign, organisation_id=organisation)
        for place in self.ml_places[ml]:
            sinks["campaign_communes"].add(id=take("campaign_communes"), campaign_id=campaign, commune_id=place.code)
        payload = {"campaign": name}
        for kind in (
            EventKind.CAMPAIGN_CREATED,
            EventKind.CAMPAIGN_PAIRS_FORMED,
            EventKind.CAMPAIGN_TARGETS_BUILT,
            EventKind.CAMPAIGN_TARGETS_SPLIT,
            EventKind.CAMPAIGN_ACTIVATED,
        ):
            self._event(sinks["event"], kind, created, agency, manager, "campaign", campaign, payload)
        if closed:
            at = datetime.datetime.combine(ends_on, datetime.time(17), tzinfo=PARIS)
            self._event(sinks["event"], EventKind.CAMPAIGN_CLOSED, at, agency, manager, "campaign", campaign, payload)

        ours, theirs = self.advisers[agency], self.advisers[ml]
        pairs = []
        for index in range(pair_count):
            pair = take("pair")
            # A rotation: each campaign shifts both lists, so pairs change from one campaign to the next.
            first, second = ours[(index + number) % len(ours)], theirs[(index + 2 * number) % len(theirs)]
            sinks["pair"].add(
                id=pair,
                campaign_id=campaign,
                number=index + 1,
                first_member_id=first,
                first_organisation_id=agency,
                second_member_id=second,
                second_organisation_id=ml,
            )
            pairs.append((pair, first, second))

        chosen = rng.sample(companies, min(TARGETS_PER_CAMPAIGN, len(companies)))
        for rank, (employer, employer_name) in enumerate(chosen, start=1):
            pair, first, second = pairs[(rank - 1) % pair_count]
            sinks["target"].add(
                id=take("target"),
                campaign_id=campaign,
                employer_id=employer,
                rank=rank,
                score=round(100.0 / rank, 4),
                pair_id=pair,
            )
            roll = rng.random()
            if closed:
                status = VisitStatus.REPORTED if roll < 0.75 else VisitStatus.CANCELLED if roll < 0.85 else None
            else:
                status = VisitStatus.REPORTED if roll < 0.35 else VisitStatus.PLANNED if roll < 0.6 else None
            if status is None:
                continue
            planner, organisation = (first, agency) if rank % 2 else (second, ml)
            self._visit(
                sinks,
                take,
                campaign,
                starts_on,
                ends_on,
                (pair, planner, organisation),
                employer,
                employer_name,
                status,
                outcomes,
                roles,
            )

    def _visit(
        self,
        sinks: dict[str, Sink],
        take: Callable[[str], int],
        campaign: int,
        starts_on: datetime.date,
        ends_on: datetime.date,
        by: tuple[int, int, int],
        employer: int,
        employer_name: str,
        status: str,
        outcomes: CumulativeChoice,
        roles: list[str],
    ) -> None:
        rng, today = self.rng, self.today
        pair, planner, organisation = by
        visit = take("visit")
        if status == VisitStatus.PLANNED:
            planned_on = today + datetime.timedelta(days=rng.randint(-10, 20))  # some days have come: to report
        else:
            planned_on = starts_on + datetime.timedelta(
                days=rng.randint(0, max(0, min(ends_on, today).toordinal() - starts_on.toordinal()))
            )
        planned_at = self._moment(max(0, (today - planned_on).days + 7))
        values: dict[str, Any] = {}
        payload: dict[str, Any] = {"employer": employer_name, "campaign": campaign}
        visited_at = datetime.datetime.combine(planned_on, datetime.time(12), tzinfo=PARIS)
        if status == VisitStatus.REPORTED:
            outcome = outcomes.pick(rng)
            services = sorted(rng.sample(list(ServicePresented.values), rng.randint(0, 3)))
            reported_at = visited_at + datetime.timedelta(hours=rng.randint(2, 72))
            values = {
                "visited_on": planned_on,
                "outcome": outcome,
                "needs": "Besoins de recrutement à préciser." if outcome == VisitOutcome.NEEDS_TO_FOLLOW else "",
                "services_presented": services,
                "reported_at": reported_at,
                "reported_by_id": planner,
            }
            payload |= {"outcome": outcome, "services": services}
        sinks["visit"].add(
            id=visit,
            campaign_id=campaign,
            employer_id=employer,
            pair_id=pair,
            organisation_id=organisation,
            planned_on=planned_on,
            planned_by_id=planner,
            status=status,
            created_at=planned_at,
            updated_at=planned_at,
            **values,
        )
        planned_payload = {"employer": employer_name, "campaign": campaign}
        events = sinks["event"]
        self._event(events, EventKind.VISIT_PLANNED, planned_at, organisation, planner, "visit", visit, planned_payload)
        if status == VisitStatus.CANCELLED:
            self._event(events, EventKind.VISIT_CANCELLED, visited_at, organisation, planner, "visit", visit, payload)
            return
        if status != VisitStatus.REPORTED:
            return
        self._event(
            events, EventKind.VISIT_REPORTED, values["reported_at"], organisation, planner, "visit", visit, payload
        )
        sinks["interaction"].add(
            id=take("interaction"),
            employer_id=employer,
            kind=InteractionKind.VISIT,
            occurred_at=visited_at,
            by_id=planner,
            organisation_id=organisation,
            subject_type="visit",
            subject_id=visit,
            created_at=values["reported_at"],
        )
        if values["outcome"] == VisitOutcome.NOT_MET:
            return
        contact = take("contact")
        first, last = rng.choice(self.first_names), rng.choice(self.last_names)
        sinks["contact"].add(
            id=contact,
            employer_id=employer,
            first_name=first,
            last_name=last,
            role=rng.choice(roles),
            email=f"contact{contact}@entreprise.{identities.GENERATED_DOMAIN}",
            phone=f"05 56 {rng.randrange(100):02d} {rng.randrange(100):02d} {rng.randrange(100):02d}",
            preferred_channel=rng.choice(list(ContactChannel.values)),
            created_by_id=planner,
            organisation_id=organisation,
            created_at=values["reported_at"],
            updated_at=values["reported_at"],
        )
        if rng.random() < 0.5:  # a call to follow the visit up, with the contact met
            called = min(visited_at + datetime.timedelta(days=rng.randint(7, 30)), self.now)
            sinks["interaction"].add(
                id=take("interaction"),
                employer_id=employer,
                kind=InteractionKind.CALL,
                occurred_at=called,
                by_id=planner,
                organisation_id=organisation,
                contact_id=contact,
                note="Point sur les besoins après la visite.",
                created_at=called,
            )
        if employer not in self.referents:  # the first partner to meet the company becomes its single contact
            self.referents[employer] = (organisation, planner)
            self._event(
                events,
                EventKind.EMPLOYER_REFERENT_ASSIGNED,
                values["reported_at"],
                organisation,
                planner,
                "employer",
                employer,
                {"adviser": planner, "organisation": self._organisation_name(organisation)},
            )

    # ---------------------------------------------------------------------------------------- employer events
    def employer_events(self) -> None:
        """Each territory's employer events of the last year, as the services write them: job datings and
        information meetings run in turn by the Mission Locale and its reference agency with the other taking part,
        companies of the territory invited (most came), young people the Mission Locale leads registered (most
        present, some hired), one event to come. Reads what it needs from the database, so that it also runs on its
        own over a data set generated before it existed (`generate_national --only employer_events`)."""
        names = ("event", "partners", "invitation", "registration", "log")
        models_ = (EmployerEvent, EmployerEvent.partners.through, Invitation, Registration, Event)
        sinks = {name: self._sink(model) for name, model in zip(names, models_, strict=True)}
        ids = {name: next_id(model) for name, model in zip(names[:-1], models_[:-1], strict=True)}
        self.event_id = next_id(Event)

        def take(name: str) -> int:
            ids[name] += 1
            return ids[name] - 1

        references = dict(
            PartnershipLink.objects.filter(
                is_reference_site=True, organisation_b__kind=OrganisationKind.MISSION_LOCALE
            ).values_list("organisation_b_id", "organisation_a_id")
        )
        advisers: dict[int, list[int]] = defaultdict(list)
        for organisation, user in (
            Membership.objects.filter(role=Role.ADVISER).order_by("pk").values_list("organisation_id", "user_id")
        ):
            advisers[organisation].append(user)
        seats = dict(Organisation.objects.filter(pk__in=references).values_list("pk", "commune_id"))
        advance = self.progress("Événements employeurs : territoires", len(references))
        for ml in sorted(references):
            agency = references[ml]
            companies = list(
                Employer.objects.filter(commune__coverage_rows__organisation_id=ml)
                .order_by("pk")
                .values_list("pk", flat=True)[:EVENT_COMPANY_POOL]
            )
            people = list(
                Follow.objects.filter(organisation_id=ml, role=FollowRole.LEAD, ended_at__isnull=True)
                .order_by("person_id")
                .values_list("person_id", flat=True)[:EVENT_PEOPLE_POOL]
            )
            if companies and people and advisers[ml] and advisers[agency] and seats.get(ml):
                for number in range(EVENTS_PER_TERRITORY):
                    organiser, partner = (ml, agency) if number % 2 else (agency, ml)
                    self._employer_event(
                        sinks, take, number, (organiser, partner, ml), seats[ml], companies, people, advisers
                    )
            advance(1)
        self._stage("Événements employeurs", [sinks[name] for name in names])

    def _employer_event(
        self,
        sinks: dict[str, Sink],
        take: Callable[[str], int],
        number: int,
        parties: tuple[int, int, int],
        commune: str,
        companies: list[int],
        people: list[int],
        advisers: dict[int, list[int]],
    ) -> None:
        """Event `number` of a territory: the first is to come in two weeks, the others were held a month apart."""
        rng, log = self.rng, sinks["log"]
        organiser, partner, ml = parties
        held = number > 0
        held_on = self.today + datetime.timedelta(days=14 - 30 * number)
        job_dating = number % 2 == 0
        title = "Job dating contrats aidés" if job_dating else "Réunion d'information apprentissage"
        event = take("event")
        by = advisers[organiser][number % len(advisers[organiser])]
        created = self._moment((self.today - held_on).days + 30)
        sinks["event"].add(
            id=event,
            format=EventFormat.JOB_DATING if job_dating else EventFormat.INFORMATION_MEETING,
            title=title,
            theme=EventTheme.SUBSIDISED_CONTRACTS if job_dating else EventTheme.APPRENTICESHIP,
            held_on=held_on,
            starts_at=datetime.time(9, 30),
            ends_at=datetime.time(12, 0),
            commune_id=commune,
            organisation_id=organiser,
            capacity=40,
            status=EventStatus.HELD if held else EventStatus.PLANNED,
            created_by_id=by,
            created_at=created,
            updated_at=created,
        )
        sinks["partners"].add(id=take("partners"), employerevent_id=event, organisation_id=partner)
        payload = {"event": event, "title": title, "format": "job_dating" if job_dating else "information_meeting"}
        payload["held_on"] = held_on.isoformat()
        self._event(log, EventKind.EMPLOYER_EVENT_CREATED, created, organiser, by, "employerevent", event, payload)
        after = datetime.datetime.combine(min(held_on, self.today), datetime.time(14), tzinfo=PARIS)
        if held:
            self._event(log, EventKind.EMPLOYER_EVENT_HELD, after, organiser, by, "employerevent", event, payload)
        for employer in rng.sample(companies, min(EVENT_COMPANIES, len(companies))):
            roll = rng.random()
            if held:
                status, kind = (
                    (InvitationStatus.ATTENDED, EventKind.EMPLOYER_EVENT_ATTENDED)
                    if roll < 0.6
                    else (InvitationStatus.ABSENT, EventKind.EMPLOYER_EVENT_MISSED)
                    if roll < 0.8
                    else (InvitationStatus.DECLINED, EventKind.EMPLOYER_EVENT_DECLINED)
                )
            else:
                status, kind = (
                    (InvitationStatus.CONFIRMED, EventKind.EMPLOYER_EVENT_CONFIRMED)
                    if roll < 0.5
                    else (InvitationStatus.INVITED, None)
                )
            sinks["invitation"].add(
                id=take("invitation"),
                event_id=event,
                employer_id=employer,
                status=status,
                organisation_id=organiser,
                invited_by_id=by,
                created_at=created,
                updated_at=created,
            )
            self._event(log, EventKind.EMPLOYER_EVENT_INVITED, created, organiser, by, "employer", employer, payload)
            if kind is not None:
                self._event(log, kind, after if held else created, organiser, by, "employer", employer, payload)
        for person in rng.sample(people, min(EVENT_PEOPLE, len(people))):
            registration = take("registration")
            adviser = advisers[ml][person % len(advisers[ml])]
            status, outcome = RegistrationStatus.REGISTERED, ""
            if held:
                if rng.random() < 0.7:
                    status = RegistrationStatus.PRESENT
                    outcome = rng.choice(
                        [ParticipationOutcome.INTERVIEW] * 3
                        + [ParticipationOutcome.HIRED]
                        + [ParticipationOutcome.NOTHING_YET] * 6
                    )
                else:
                    status = RegistrationStatus.ABSENT
            sinks["registration"].add(
                id=registration,
                event_id=event,
                person_id=person,
                status=status,
                outcome=outcome,
                organisation_id=ml,
                registered_by_id=adviser,
                created_at=created,
                updated_at=created,
            )
            self._event(
                log,
                EventKind.EMPLOYER_EVENT_REGISTERED,
                created,
                ml,
                adviser,
                "registration",
                registration,
                payload,
                person=person,
            )
            if held:
                kind = (
                    EventKind.EMPLOYER_EVENT_PRESENT
                    if status == RegistrationStatus.PRESENT
                    else (EventKind.EMPLOYER_EVENT_ABSENT)
                )
                at_payload = payload | ({"outcome": outcome} if outcome else {})
                self._event(log, kind, after, ml, adviser, "registration", registration, at_payload, person=person)

    def _organisation_name(self, organisation: int) -> str:
        return self.ml_name.get(organisation) or self.agency_name.get(organisation, "")

    # -------------------------------------------------------------------------------------------------- run
    def service_catalogue(self) -> None:
        """The services each Mission Locale and France Travail agency publishes (ML_SERVICES, AGENCY_SERVICES),
        with their themes and public, written by a manager. Reads the partners from the database, so that it also
        runs on its own (`generate_national --only service_catalogue`)."""
        services, themes, audiences = self._sink(Service), self._sink(ServiceTheme), self._sink(ServiceAudience)
        service_id, theme_id, audience_id = next_id(Service), next_id(ServiceTheme), next_id(ServiceAudience)
        managers = dict(
            Membership.objects.filter(role=Role.MANAGER).order_by("-pk").values_list("organisation", "user")
        )
        partners = Organisation.objects.filter(
            kind__in=[OrganisationKind.MISSION_LOCALE, OrganisationKind.FT_AGENCY]
        ).order_by("pk")
        for pk, kind, name in partners.values_list("pk", "kind", "name"):
            offered = ML_SERVICES if kind == OrganisationKind.MISSION_LOCALE else AGENCY_SERVICES
            for title, service_type, service_themes, audience in offered:
                description = f"{title}, proposé par {name}. Renseignez-vous auprès de l'accueil."
                moment = self._moment(self.rng.uniform(0, 365))
                services.add(
                    id=service_id,
                    organisation_id=pk,
                    site_id=None,
                    name=title,
                    summary=title,
                    description=description,
                    kind=service_type,
                    fees="gratuit",
                    reception_modes=["en-presentiel"],
                    request_modes=["se-presenter"],
                    requesters=["usagers", "professionnels"],
                    search_key=search_normalise(f"{title} {title} {description}"),
                    created_by_id=managers.get(pk),
                    created_at=moment,
                    updated_at=moment,
                )
                for theme in service_themes:
                    themes.add(id=theme_id, service_id=service_id, theme=theme)
                    theme_id += 1
                audiences.add(id=audience_id, service_id=service_id, audience=audience)
                audience_id, service_id = audience_id + 1, service_id + 1
        self._stage("Catalogue de services", [services, themes, audiences])

    # ------------------------------------------------------------------------------ temp work and barriers
    def temp_work_and_barriers(self) -> None:
        """Temp-work missions, immersions and barrier-lifting actions, as the services write them. Proportions:

        - missions: 60 % of the young people a temp agency follows as contributor (after a Mission Jeunes
          referral it accepted, with the person's consent: about 0.3 % of the young people, 42 missions at
          scale 0.01) have 1 to 3 missions there (MISSION_RECORDED each), the last one sometimes still running;
        - PMSMP: 1 % of the young people a Mission Locale leads, proposed by it in a company of its territory, in
          every state (proposed 20 %, signed 15 %, in progress 15 %, assessed 40 %, cancelled 10 %), with the
          PMSMP_* events of each step;
        - staff immersions: each Mission Locale 0 to 3, at a temp agency it has a Mission Jeunes link with
          (planned, done or cancelled);
        - barrier-lifting actions: a third of the Missions Locales (the generator has no PLIE or EPCI) run 2 to 5
          actions of 3 to 20 places, each with 50 % to 130 % of its places asked for by the people they lead:
          places first, then the waiting list. The Missions Locales do not shrink with the scale: at 0.01 half
          the young people hold a place or wait (5,540 enrolments for 11,000), at 1.0 about 0.5 %.

        Reads its inputs from the database, so that it also runs on its own
        (`generate_national --only temp_work_and_barriers`)."""
        names = ("mission", "immersion", "pmsmp", "action", "enrolment", "log")
        models_ = (Mission, StaffImmersion, Pmsmp, BarrierAction, Enrolment, Event)
        sinks = {name: self._sink(model) for name, model in zip(names, models_, strict=True)}
        ids = {name: next_id(model) for name, model in zip(names[:-1], models_[:-1], strict=True)}
        self.event_id = next_id(Event)
        rng, log = self.rng, sinks["log"]
        advisers: dict[int, list[int]] = defaultdict(list)
        for organisation, user in (
            Membership.objects.filter(role=Role.ADVISER).order_by("pk").values_list("organisation_id", "user_id")
        ):
            advisers[organisation].append(user)
        names_of = dict(
            Organisation.objects.filter(
                kind__in=[OrganisationKind.MISSION_LOCALE, OrganisationKind.TEMP_AGENCY]
            ).values_list("pk", "name")
        )

        def take(name: str) -> int:
            ids[name] += 1
            return ids[name] - 1

        self._missions(sinks, take, advisers, names_of)
        self._pmsmps(sinks, take, advisers)
        # Staff immersions at the temp agencies each Mission Locale has a Mission Jeunes link with.
        links: dict[int, list[int]] = defaultdict(list)
        for ml, temp in (
            PartnershipLink.objects.filter(kind=PartnershipKind.MISSION_JEUNES)
            .order_by("pk")
            .values_list("organisation_a_id", "organisation_b_id")
        ):
            links[ml].append(temp)
        for ml in sorted(links):
            for _number in range(rng.randint(0, 3)):
                if not advisers[ml]:
                    break
                host, by = rng.choice(links[ml]), advisers[ml][0]
                starts = self.today + datetime.timedelta(days=rng.randint(-300, 60))
                ends = starts + datetime.timedelta(days=rng.randint(0, 4))
                status = (
                    StaffImmersionStatus.PLANNED
                    if ends >= self.today
                    else rng.choice([StaffImmersionStatus.DONE] * 4 + [StaffImmersionStatus.CANCELLED])
                )
                pk, created = take("immersion"), self._moment((self.today - starts).days + 20)
                sinks["immersion"].add(
                    id=pk,
                    staff_name=f"{rng.choice(self.first_names)} {rng.choice(self.last_names)}",
                    staff_user_id=by,
                    sending_organisation_id=ml,
                    host_organisation_id=host,
                    starts_on=starts,
                    ends_on=ends,
                    objective="Découvrir le métier de chargé de recrutement en agence d'emploi.",
                    report="",
                    status=status,
                    created_by_id=by,
                    created_at=created,
                    updated_at=created,
                )
                payload = {"immersion": pk, "sending": ml, "sending_name": names_of.get(ml, "")}
                payload |= {"host": host, "host_name": names_of.get(host, ""), "starts_on": starts.isoformat()}
                payload["ends_on"] = ends.isoformat()
                self._event(log, EventKind.STAFF_IMMERSION_PLANNED, created, ml, by, "staffimmersion", pk, payload)
                if status != StaffImmersionStatus.PLANNED:
                    kind = (
                        EventKind.STAFF_IMMERSION_DONE
                        if status == StaffImmersionStatus.DONE
                        else EventKind.STAFF_IMMERSION_CANCELLED
                    )
                    at = datetime.datetime.combine(ends, datetime.time(17), tzinfo=PARIS)
                    self._event(log, kind, at, ml, by, "staffimmersion", pk, payload)
        self._barrier_actions(sinks, take, advisers)
        self._stage("Intérim, immersions et freins", [sinks[name] for name in names])

    def _missions(
        self,
        sinks: dict[str, Sink],
        take: Callable[[str], int],
        advisers: dict[int, list[int]],
        names_of: dict[int, str],
    ) -> None:
        rng = self.rng
        follows = Follow.objects.filter(
            organisation__kind=OrganisationKind.TEMP_AGENCY, role=FollowRole.CONTRIBUTOR, ended_at__isnull=True
        ).order_by("pk")
        for person, agency, adviser, started in follows.values_list(
            "person_id", "organisation_id", "adviser_id", "started_at"
        ):
            if person % 5 >= 3:  # 60 % of them, the same whether the stage runs in the full run or on its own
                continue
            start = max(started.date(), self.today - datetime.timedelta(days=365)) + datetime.timedelta(days=3)
            for _number in range(rng.randint(1, 3)):
                if start > self.today:
                    break
                days = rng.randint(2, 40)
                ends: datetime.date | None = start + datetime.timedelta(days=days - 1)
                running = ends is not None and ends > self.today
                if running:
                    ends, days = None, (self.today - start).days + 1
                hours = Decimal(min(days, 5 * ((days + 6) // 7)) * 7)
                pk, job = take("mission"), rng.choice(MISSION_JOBS)
                at = datetime.datetime.combine(start, datetime.time(9), tzinfo=PARIS)
                at = min(at + datetime.timedelta(days=days), self.now)
                employer = rng.choice(MISSION_COMPANIES)
                sinks["mission"].add(
                    id=pk,
                    person_id=person,
                    agency_id=agency,
                    employer_id=None,
                    employer_name=employer,
                    job_label=job,
                    rome_id=None,
                    appellation_id=None,
                    starts_on=start,
                    ends_on=ends,
                    hours=hours,
                    status=MissionStatus.RECORDED,
                    cancel_reason="",
                    organisation_id=agency,
                    recorded_by_id=adviser,
                    created_at=at,
                    updated_at=at,
                )
                payload = {"mission": pk, "agency": names_of.get(agency, ""), "rome": "", "appellation": ""}
                payload |= {"starts_on": start.isoformat(), "ends_on": ends.isoformat() if ends else ""}
                payload["hours"] = str(hours)
                self._event(
                    sinks["log"], EventKind.MISSION_RECORDED, at, agency, adviser, "mission", pk, payload, person=person
                )
                if ends is None:
                    break
                start = ends + datetime.timedelta(days=rng.randint(3, 60))

    def _pmsmps(self, sinks: dict[str, Sink], take: Callable[[str], int], advisers: dict[int, list[int]]) -> None:
        rng, log = self.rng, sinks["log"]
        employers: dict[int, list[tuple[int, str]]] = defaultdict(list)
        leads = Follow.objects.filter(
            organisation__kind=OrganisationKind.MISSION_LOCALE, role=FollowRole.LEAD, ended_at__isnull=True
        ).order_by("person_id")
        fates = CumulativeChoice(
            [PmsmpStatus.PROPOSED, PmsmpStatus.SIGNED, PmsmpStatus.IN_PROGRESS, PmsmpStatus.ASSESSED]
            + [PmsmpStatus.CANCELLED],
            [20, 15, 15, 40, 10],
        )
        for person, ml, adviser in leads.values_list("person_id", "organisation_id", "adviser_id"):
            if rng.random() >= 0.01:
                continue
            if ml not in employers:
                rows = Employer.objects.filter(commune__coverage_rows__organisation_id=ml).order_by("pk")
                employers[ml] = [
                    (pk, usual or name) for pk, usual, name in rows.values_list("pk", "usual_name", "name")[:50]
                ]
            if not employers[ml]:
                continue
            employer, employer_name = rng.choice(employers[ml])
            status = fates.pick(rng)
            by = adviser or (advisers[ml][0] if advisers[ml] else None)
            starts = self.today + {
                PmsmpStatus.PROPOSED: 20,
                PmsmpStatus.SIGNED: 7,
                PmsmpStatus.IN_PROGRESS: -3,
                PmsmpStatus.ASSESSED: -rng.randint(20, 300),
                PmsmpStatus.CANCELLED: -rng.randint(0, 200),
            }[status] * datetime.timedelta(days=1)
            ends = starts + datetime.timedelta(days=rng.randint(4, 13))
            proposed = self._moment(max((self.today - starts).days + 14, 1))
            signed = min(starts - datetime.timedelta(days=5), self.today) if status != PmsmpStatus.PROPOSED else None
            if status == PmsmpStatus.CANCELLED and rng.random() < 0.5:
                signed = None
            objective = rng.choice(list(PmsmpObjective))
            job = rng.choice(MISSION_JOBS)
            pk = take("pmsmp")
            assessed = status == PmsmpStatus.ASSESSED
            result = rng.choice(list(PmsmpResult)) if assessed else ""
            sinks["pmsmp"].add(
                id=pk,
                person_id=person,
                employer_id=employer,
                tutor_name=f"{rng.choice(self.first_names)} {rng.choice(self.last_names)}",
                tutor_function="Chef d'équipe",
                tutor_phone="",
                tutor_email="",
                starts_on=starts,
                ends_on=ends,
                weekly_hours=35,
                objective=objective,
                job_label=job,
                rome_id=None,
                activities="Découverte des tâches du poste aux côtés du tuteur.",
                organisation_id=ml,
                adviser_id=by,
                status=status,
                signed_on=signed,
                attendance_ok=True if assessed else None,
                skills_observed="",
                result=result,
                cancel_reason="Indisponibilité de l'entreprise" if status == PmsmpStatus.CANCELLED else "",
                created_by_id=by,
                created_at=proposed,
                updated_at=proposed,
            )
            payload = {"pmsmp": pk, "employer": employer, "employer_name": employer_name, "objective": objective}
            payload |= {"starts_on": starts.isoformat(), "ends_on": ends.isoformat()}

            steps: list[tuple[str, datetime.datetime, dict[str, Any]]] = [(EventKind.PMSMP_PROPOSED, proposed, payload)]
            if signed is not None:
                steps.append(
                    (EventKind.PMSMP_SIGNED, datetime.datetime.combine(signed, datetime.time(11), PARIS), payload)
                )
            if status in (PmsmpStatus.IN_PROGRESS, PmsmpStatus.ASSESSED):
                steps.append(
                    (EventKind.PMSMP_STARTED, datetime.datetime.combine(starts, datetime.time(9), PARIS), payload)
                )
            if assessed:
                at = datetime.datetime.combine(ends, datetime.time(17), PARIS)
                steps.append((EventKind.PMSMP_ASSESSED, at, payload | {"result": result, "attendance_ok": True}))
            if status == PmsmpStatus.CANCELLED:
                previous = PmsmpStatus.SIGNED if signed else PmsmpStatus.PROPOSED
                at = proposed + datetime.timedelta(days=2)
                steps.append((EventKind.PMSMP_CANCELLED, at, payload | {"from": previous}))
            for kind, at, data in steps:
                self._event(log, kind, min(at, self.now), ml, by, "pmsmp", pk, data, person=person)

    def _barrier_actions(
        self, sinks: dict[str, Sink], take: Callable[[str], int], advisers: dict[int, list[int]]
    ) -> None:
        rng, log = self.rng, sinks["log"]
        managers = dict(
            Membership.objects.filter(role=Role.MANAGER).order_by("-pk").values_list("organisation", "user")
        )
        kinds = list(BarrierKind)
        for ml in (
            Organisation.objects.filter(kind=OrganisationKind.MISSION_LOCALE)
            .order_by("pk")
            .values_list("pk", flat=True)
        ):
            if rng.random() >= 1 / 3 or not advisers[ml]:
                continue
            people = list(
                Follow.objects.filter(organisation_id=ml, role=FollowRole.LEAD, ended_at__isnull=True)
                .order_by("person_id")
                .values_list("person_id", flat=True)[:EVENT_PEOPLE_POOL]
            )
            for _number in range(rng.randint(2, 5)):
                kind = rng.choice(kinds)
                title, capacity = f"{BARRIER_TITLES[kind]} ({rng.randint(1, 9)})", rng.randint(3, 20)
                starts = self.today + datetime.timedelta(days=rng.randint(-120, 30))
                pk, by = take("action"), managers.get(ml) or advisers[ml][0]
                created = self._moment(max((self.today - starts).days + 15, 1))
                sinks["action"].add(
                    id=pk,
                    organisation_id=ml,
                    title=title,
                    barrier_kind=kind,
                    description="",
                    capacity=capacity,
                    starts_on=starts,
                    ends_on=starts + datetime.timedelta(days=90),
                    status=ActionStatus.OPEN,
                    service_id=None,
                    created_by_id=by,
                    created_at=created,
                    updated_at=created,
                )
                payload = {"action": pk, "organisation": ml, "barrier_kind": kind, "capacity": capacity}
                self._event(log, EventKind.BARRIER_ACTION_CREATED, created, ml, by, "barrieraction", pk, payload)
                asked = min(len(people), round(capacity * rng.uniform(0.5, 1.3)))
                for rank, person in enumerate(rng.sample(people, asked)):
                    enrolment, adviser = take("enrolment"), advisers[ml][person % len(advisers[ml])]
                    at = min(created + datetime.timedelta(days=1 + rank), self.now)
                    placed = rank < capacity
                    sinks["enrolment"].add(
                        id=enrolment,
                        action_id=pk,
                        person_id=person,
                        status=EnrolmentStatus.ENROLLED if placed else EnrolmentStatus.WAITLISTED,
                        organisation_id=ml,
                        adviser_id=adviser,
                        created_at=at,
                        placed_at=at if placed else None,
                        ended_at=None,
                        updated_at=at,
                    )
                    kind_ = EventKind.BARRIER_ACTION_ENROLLED if placed else EventKind.BARRIER_ACTION_WAITLISTED
                    data = payload | {"enrolment": enrolment, "referred_by": ml}
                    self._event(log, kind_, at, ml, adviser, "enrolment", enrolment, data, person=person)

    # ------------------------------------------------------------------------------------------------- exits
    def exits(self) -> None:
        """Exits from accompaniment and the situation six months later, as tandem.exits.services writes them
        (exit_record, follow_up_record, the workflow's cancel). Proportions:

        - an exit for every young person whose accompaniment by their Mission Locale has closed (their designation
          referral CLOSED: the generator ends no follow, as exit_record ends none), recorded by that Mission
          Locale (their lead) on the day of the close, by the adviser of the follow (EXIT_RECORDED on the exit's
          day at noon, the service's payload: tandem.exits.workflow.exit_payload);
        - reasons as the field reports for Missions Locales: employment 40 %, training 20 %, other positive 5 %,
          moved away 8 %, no contact 15 %, scheme end 7 %, other 5 %; an employment's contract: CDI 20 %, CDD 45 %
          (1–12 months), temp mission 20 % (1–6 months), apprenticeship 10 % (12–36 months), other 5 %; positive
          and durable by the named rules (tandem.exits.rules);
        - 2 % cancelled a few days later (EXIT_CANCELLED: the person had not exited, or another reason), with no
          exit in their place;
        - of the standing exits whose six months have passed (rules.follow_up_due_on ≤ today), 70 % have their
          situation recorded by the same adviser, on the due day or up to the tolerance before
          (EXIT_FOLLOW_UP_RECORDED on the exit): employment 50 % (same contracts), training 15 %, job seeking 20 %,
          other 5 %, not reached 10 %.

        Reads its inputs from the database and draws from its own generator, seeded from the seed alone, so that
        it writes the same rows in the full run and on its own (`generate_national --only exits`)."""
        exits, follow_ups, log = self._sink(Exit), self._sink(ExitFollowUp), self._sink(Event)
        exit_id, follow_up_id, self.event_id = next_id(Exit), next_id(ExitFollowUp), next_id(Event)
        rng = random.Random(f"tandem-national:{self.seed}:exits")
        reasons = CumulativeChoice(
            [ExitReason.EMPLOYMENT, ExitReason.TRAINING, ExitReason.OTHER_POSITIVE, ExitReason.MOVED_AWAY]
            + [ExitReason.NO_CONTACT, ExitReason.SCHEME_END, ExitReason.OTHER],
            [40, 20, 5, 8, 15, 7, 5],
        )
        situations = CumulativeChoice(
            [Situation.EMPLOYMENT, Situation.TRAINING, Situation.JOB_SEEKING, Situation.OTHER, Situation.NOT_REACHED],
            [50, 15, 20, 5, 10],
        )
        contracts = CumulativeChoice(
            [ExitContract.CDI, ExitContract.CDD, ExitContract.TEMP, ExitContract.APPRENTICESHIP, ExitContract.OTHER],
            [20, 45, 20, 10, 5],
        )
        months_of = {
            ExitContract.CDD: (1, 12),
            ExitContract.TEMP: (1, 6),
            ExitContract.APPRENTICESHIP: (12, 36),
        }

        def contract(employed: bool) -> tuple[str, int | None]:
            if not employed:
                return "", None
            kind = contracts.pick(rng)
            span = months_of.get(kind)
            return kind, rng.randint(*span) if span else None

        advisers = {
            (person, ml): adviser
            for person, ml, adviser in Follow.objects.filter(
                role=FollowRole.LEAD, organisation__kind=OrganisationKind.MISSION_LOCALE
            )
            .order_by("pk")
            .values_list("person_id", "organisation_id", "adviser_id")
        }
        closed = Referral.objects.filter(
            is_designation=True,
            status=ReferralStatus.CLOSED,
            to_organisation__kind=OrganisationKind.MISSION_LOCALE,
        ).order_by("person_id", "pk")
        for person, ml, closed_at in closed.values_list("person_id", "to_organisation_id", "closed_at"):
            if closed_at is None:  # a closed referral has its day (ReferralStatus.CLOSED writes it)
                continue
            by = advisers.get((person, ml))
            moment = closed_at.astimezone(PARIS)
            exited = moment.date()
            reason = reasons.pick(rng)
            kind, months = contract(reason == ExitReason.EMPLOYMENT)
            row = Exit(
                pk=exit_id,
                exited_on=exited,
                reason=reason,
                contract_type=kind,
                contract_months=months,
                # The named rules, as Exit.save() applies them (no contract outside an employment).
                is_positive=exit_rules.is_positive(reason),
                is_durable=exit_rules.is_durable(kind, months),
            )
            payload = exit_payload(row)
            cancelled = rng.random() < 0.02
            cancel_reason = rng.choice([CancelReason.NOT_EXITED] * 3 + [CancelReason.OTHER]) if cancelled else ""
            cancelled_at = min(moment + datetime.timedelta(days=rng.randint(1, 20)), self.now)
            exits.add(
                id=exit_id,
                person_id=person,
                organisation_id=ml,
                exited_on=exited,
                reason=reason,
                contract_type=kind,
                contract_months=months,
                is_positive=row.is_positive,
                is_durable=row.is_durable,
                status=ExitStatus.CANCELLED if cancelled else ExitStatus.RECORDED,
                cancel_reason=cancel_reason,
                recorded_by_id=by,
                created_at=moment,
                updated_at=cancelled_at if cancelled else moment,
            )
            self._event(log, EventKind.EXIT_RECORDED, at_noon(exited), ml, by, "exit", exit_id, payload, person=person)
            if cancelled:
                data = {"exit": exit_id, "reason": cancel_reason}
                self._event(log, EventKind.EXIT_CANCELLED, cancelled_at, ml, by, "exit", exit_id, data, person=person)
            else:
                due = exit_rules.follow_up_due_on(exited)
                if due <= self.today and rng.random() < 0.7:
                    observed = due - datetime.timedelta(days=rng.randint(0, FOLLOW_UP_TOLERANCE_DAYS))
                    situation = situations.pick(rng)
                    kind, months = contract(situation == Situation.EMPLOYMENT)
                    durable = exit_rules.is_durable(kind, months)
                    at = at_noon(observed)
                    follow_ups.add(
                        id=follow_up_id,
                        exit_id=exit_id,
                        observed_on=observed,
                        situation=situation,
                        contract_type=kind,
                        contract_months=months,
                        is_durable=durable,
                        organisation_id=ml,
                        recorded_by_id=by,
                        created_at=at,
                    )
                    data = {"exit": exit_id, "follow_up": follow_up_id, "situation": situation, "contract": kind}
                    data |= {"months": months, "durable": durable}
                    kind_ = EventKind.EXIT_FOLLOW_UP_RECORDED
                    self._event(log, kind_, at, ml, by, "exit", exit_id, data, person=person)
                    follow_up_id += 1
            exit_id += 1
        self._stage("Sorties d'accompagnement", [exits, follow_ups, log])

    def run(self, *, only: str = "") -> Report:
        """Every stage; or (`only`) one stage of ADDABLE over a data set generated before it existed."""
        import time

        stages = [self.network, self._jobs, self.employers, self.offers, self.people, self.prospecting]
        stages += [self.employer_events, self.service_catalogue, self.temp_work_and_barriers, self.exits]
        if only:
            if only not in ADDABLE:
                raise ValueError(f"{only}: only {', '.join(ADDABLE)} run on their own")
            stages = [getattr(self, only)]
        for stage in stages:
            started = time.perf_counter()
            stage()
            self.report.seconds[stage.__name__.strip("_")] = time.perf_counter() - started
        started = time.perf_counter()
        sequences_reset(
            [Organisation, Coverage, PartnershipLink, User, Membership, Employer, Offer, Event, Person, JobProfile]
            + [JobProfile.sought_romes.through, Follow, Referral, SchemeEnrolment, Consent, Note, Positioning]
            + [Campaign, Campaign.organisations.through, Campaign.communes.through, Pair, CampaignTarget, Visit]
            + [EmployerContact, EmployerInteraction]
            + [EmployerEvent, EmployerEvent.partners.through, Invitation, Registration]
            + [Convention, ConventionParty, ConventionLink]
            + [Service, ServiceTheme, ServiceAudience]
            + [Mission, StaffImmersion, Pmsmp, BarrierAction, Enrolment]
            + [Exit, ExitFollowUp]
        )
        # The matching's index of who sees whom by sought job is kept by triggers, which a COPY as superuser skips
        # (rows.Sink._copy): computed once over the loaded rows.
        with connection.cursor() as cursor:
            seen.rebuild(cursor)
        if connection.vendor == "postgresql":
            analyse()
        self.report.seconds["analyse"] = time.perf_counter() - started
        for leftover in self.directory.iterdir():
            leftover.unlink()
        self.directory.rmdir()
        return self.report


class _Story:
    """Writes one young person's rows and events, as the services would have, in the order they happen."""

    def __init__(self, national: National, sinks: dict[str, Sink], ids: dict[str, int]):
        self.n = national
        self.sinks = sinks
        self.ids = ids
        people = [place for place in national.places if place.population > 0]
        self.pick_home = CumulativeChoice(people, [p.population for p in people])
        self.categories = CumulativeChoice([FtCategory.A, FtCategory.B, FtCategory.C, FtCategory.D], [70, 15, 10, 5])
        # How a designation ends (field reports: most are accepted and lead to a first meeting).
        self.designation_fates = CumulativeChoice(
            ["proposed", "refused", "expired", "accepted", "scheduled", "held", "closed"], [6, 5, 3, 8, 8, 45, 25]
        )
        self.positioning_fates = CumulativeChoice(
            [
                PositioningStatus.PROPOSED,
                PositioningStatus.SENT,
                PositioningStatus.INTERVIEW,
                PositioningStatus.NOT_RETAINED,
                PositioningStatus.WITHDRAWN,
                PositioningStatus.HIRED,
            ],
            [30, 25, 15, 20, 5, 5],
        )
        self.ft_seq = 0

    def _next(self, table: str) -> int:
        value = self.ids[table]
        self.ids[table] = value + 1
        return value

    def tell(self, number: int) -> None:  # noqa: PLR0915  (one story, told in order)
        n, rng, sinks = self.n, self.n.rng, self.sinks
        event = n._event
        events = sinks["event"]
        place = self.pick_home.pick(rng)
        ml, agency = n.ml_of[place.code], n.agency_of[place.code]
        ml_name = n.ml_name[ml]
        ml_adviser = n.advisers[ml][number % len(n.advisers[ml])]
        agency_adviser = n.advisers[agency][number % len(n.advisers[agency])]
        first, last = rng.choice(n.first_names), rng.choice(n.last_names)
        age_days = rng.randint(16 * 365 + 5, 26 * 365 - 5)
        birth = n.today - datetime.timedelta(days=age_days)
        registered = rng.random() < 0.9
        days_ago = rng.uniform(0, 540)
        created = n._moment(days_ago)
        pk = self._next("person")
        self.ft_seq += 1
        sinks["person"].add(
            id=pk,
            first_name=first,
            last_name=last,
            birth_date=birth,
            email=f"{search_normalise(first).replace(' ', '')}.{pk}@exemple.fr" if rng.random() < 0.7 else "",
            phone=f"06{rng.randrange(10**8):08d}" if rng.random() < 0.8 else "",
            commune_id=place.code,
            ft_identifier=f"{self.ft_seq:07d}{chr(65 + self.ft_seq % 26)}" if registered else "",
            ft_registered_on=created.date() if registered else None,
            ft_category=self.categories.pick(rng) if registered else "",
            informed_on=created.date(),
            last_contact_on=created.date(),
            search_key=search_normalise(f"{last} {first}"),
            created_at=created,
            updated_at=created,
        )
        by_org, by_user = (agency, agency_adviser) if registered else (ml, ml_adviser)
        event(events, EventKind.PERSON_CREATED, created, by_org, by_user, "person", pk, {}, person=pk)
        lead_follow = self._next("follow")
        lead_payload = {
            "organisation": n.agency_name[by_org] if registered else ml_name,
            "adviser": n.adviser_name[by_user],
            "previous_organisation": "",
        }
        event(events, EventKind.LEAD_ASSIGNED, created, by_org, by_user, "follow", lead_follow, lead_payload, person=pk)
        lead_ended: datetime.datetime | None = None
        if registered:
            lead_ended = self._designation(pk, created, ml, agency, ml_adviser, agency_adviser)
        sinks["follow"].add(
            id=lead_follow,
            person_id=pk,
            organisation_id=by_org,
            adviser_id=by_user,
            role=FollowRole.LEAD,
            started_at=created,
            ended_at=lead_ended,
            end_reason="Délégation du PPAE acceptée" if lead_ended else "",
        )
        if rng.random() < 0.6:
            self._job_project(pk, created, ml, ml_adviser, place)
        if rng.random() < 0.3:
            note = self._next("note")
            at = n._moment(rng.uniform(0, days_ago))
            shared = rng.random() < 0.5
            sinks["note"].add(
                id=note,
                person_id=pk,
                author_id=ml_adviser,
                organisation_id=ml,
                text="Entretien de suivi : point sur le projet et les démarches de la semaine.",
                is_shared=shared,
                created_at=at,
            )
            event(events, EventKind.NOTE_ADDED, at, ml, ml_adviser, "note", note, {}, person=pk, shared=shared)
        if rng.random() < 0.1 and n.temp_agencies_of.get(ml):
            self._mission_jeunes(pk, created, ml, ml_adviser, days_ago)

    def _designation(
        self, pk: int, created: datetime.datetime, ml: int, agency: int, ml_adviser: int, agency_adviser: int
    ) -> datetime.datetime | None:
        """The designation referral and its fate; returns when the agency's lead ended (accepted), if it did."""
        n, rng, sinks = self.n, self.n.rng, self.sinks
        event, events = n._event, sinks["event"]
        ml_name, agency_name = n.ml_name[ml], n.agency_name[agency]
        fate = self.designation_fates.pick(rng)
        proposed = min(created + datetime.timedelta(days=rng.randint(0, 10), hours=1), n.now)
        if fate == "proposed":  # still waiting: recent, some of them late (answer due after 7 days)
            proposed = n._moment(rng.uniform(0, 12))
        referral = self._next("referral")
        answered = min(proposed + datetime.timedelta(days=rng.randint(1, 9)), n.now)
        meeting_due = answered.date() + datetime.timedelta(days=15)
        row: dict[str, Any] = {
            "id": referral,
            "person_id": pk,
            "from_organisation_id": agency,
            "to_organisation_id": ml,
            "link_id": n.link_of.get((agency, ml)),
            "is_designation": True,
            "reason": "Délégation du PPAE (cotraitance) : jeune de 16 à 25 ans résidant sur le territoire.",
            "proposed_at": proposed,
            "proposed_by_id": agency_adviser,
            "answer_due_on": proposed.date() + datetime.timedelta(days=7),
            "updated_at": proposed,
        }
        proposal = {"from": agency_name, "to": ml_name}
        event(
            events,
            EventKind.DESIGNATION_PROPOSED,
            proposed,
            agency,
            agency_adviser,
            "referral",
            referral,
            proposal,
            person=pk,
        )
        lead_ended = None
        if fate == "proposed":
            row["status"] = ReferralStatus.PROPOSED
        elif fate == "refused":
            reason = rng.choice(
                [RefusalReason.UNREACHABLE, RefusalReason.PERSON_DECLINED, RefusalReason.ALREADY_FOLLOWED]
            )
            row.update(
                status=ReferralStatus.REFUSED, answered_at=answered, answered_by_id=ml_adviser, refusal_reason=reason
            )
            event(
                events,
                EventKind.REFERRAL_REFUSED,
                answered,
                ml,
                ml_adviser,
                "referral",
                referral,
                {"reason": reason},
                person=pk,
            )
        elif fate == "expired":
            expired = min(proposed + datetime.timedelta(days=8), n.now)
            row.update(status=ReferralStatus.EXPIRED, closed_at=expired)
            payload = {"previous_status": ReferralStatus.PROPOSED}
            event(events, EventKind.REFERRAL_EXPIRED, expired, ml, None, "referral", referral, payload, person=pk)
        else:
            row.update(answered_at=answered, answered_by_id=ml_adviser, meeting_due_on=meeting_due)
            event(
                events,
                EventKind.REFERRAL_ACCEPTED,
                answered,
                ml,
                ml_adviser,
                "referral",
                referral,
                {"to": ml_name},
                person=pk,
            )
            follow = self._next("follow")
            sinks["follow"].add(
                id=follow,
                person_id=pk,
                organisation_id=ml,
                adviser_id=ml_adviser,
                role=FollowRole.LEAD,
                started_at=answered,
            )
            handed = {
                "organisation": ml_name,
                "adviser": n.adviser_name[ml_adviser],
                "previous_organisation": agency_name,
            }
            event(events, EventKind.LEAD_HANDED_OVER, answered, ml, ml_adviser, "follow", follow, handed, person=pk)
            lead_ended = answered
            row["status"] = ReferralStatus.ACCEPTED
            if fate in ("scheduled", "held", "closed"):
                meeting = min(answered + datetime.timedelta(days=rng.randint(2, 14)), n.now)
                meeting = meeting.replace(hour=10, minute=0)
                row.update(status=ReferralStatus.MEETING_SCHEDULED, meeting_at=meeting)
                payload = {"meeting_at": meeting.isoformat()}
                event(
                    events,
                    EventKind.MEETING_SCHEDULED,
                    answered,
                    ml,
                    ml_adviser,
                    "referral",
                    referral,
                    payload,
                    person=pk,
                )
                if fate in ("held", "closed") and meeting < n.now:
                    held = meeting.date()
                    noon = datetime.datetime.combine(held, datetime.time(12, 0), tzinfo=meeting.tzinfo)
                    row.update(status=ReferralStatus.MEETING_HELD, meeting_held_on=held)
                    payload = {"held_on": held.isoformat()}
                    event(
                        events, EventKind.MEETING_HELD, noon, ml, ml_adviser, "referral", referral, payload, person=pk
                    )
                    scheme = self._next("scheme")
                    sinks["scheme"].add(
                        id=scheme, person_id=pk, scheme=Scheme.PPAE_DELEGATED, organisation_id=ml, starts_on=held
                    )
                    payload = {"scheme": Scheme.PPAE_DELEGATED}
                    event(
                        events,
                        EventKind.SCHEME_STARTED,
                        noon,
                        ml,
                        ml_adviser,
                        "schemeenrolment",
                        scheme,
                        payload,
                        person=pk,
                    )
                    closed = noon + datetime.timedelta(days=rng.randint(30, 200))
                    if fate == "closed" and closed < n.now:
                        outcome = rng.choice(ReferralOutcome.values)
                        row.update(status=ReferralStatus.CLOSED, closed_at=closed, outcome=outcome)
                        payload = {"outcome": outcome}
                        event(
                            events,
                            EventKind.REFERRAL_CLOSED,
                            closed,
                            ml,
                            ml_adviser,
                            "referral",
                            referral,
                            payload,
                            person=pk,
                        )
        sinks["referral"].add(**row)
        return lead_ended

    def _job_project(self, pk: int, created: datetime.datetime, ml: int, adviser: int, place: Place) -> None:
        n, rng, sinks = self.n, self.n.rng, self.sinks
        profile = self._next("profile")
        at = min(created + datetime.timedelta(days=rng.randint(1, 30)), n.now)
        romes = sorted({n.pick_rome.pick(rng) for _ in range(rng.randint(1, 3))})
        wishes = sorted(
            rng.sample([ContractWish.CDI, ContractWish.CDD, ContractWish.TEMP, ContractWish.APPRENTICESHIP], 2)
        )
        sinks["profile"].add(
            id=profile,
            person_id=pk,
            max_distance_km=rng.choice([10, 20, 30, 30, 50]),
            has_driving_licence=rng.random() < 0.4,
            has_vehicle=rng.random() < 0.25,
            wished_contract_types=wishes,
            qualification_level=rng.choice(
                [QualificationLevel.NONE, QualificationLevel.LEVEL_3, QualificationLevel.LEVEL_4]
            ),
            updated_at=at,
        )
        for rome in romes:
            sinks["romes"].add(id=self._next("romes"), jobprofile_id=profile, romecode_id=rome)
        fields = ["sought_romes", "max_distance_km", "wished_contract_types"]
        payload = {"fields": fields, "romes": romes, "appellations": []}
        n._event(
            sinks["event"], EventKind.JOB_PROFILE_UPDATED, at, ml, adviser, "jobprofile", profile, payload, person=pk
        )
        if rng.random() < 0.5:
            self._positionings(pk, at, ml, adviser)

    def _positionings(self, pk: int, after: datetime.datetime, ml: int, adviser: int) -> None:
        n, rng, sinks = self.n, self.n.rng, self.sinks
        event, events = n._event, sinks["event"]
        offers = n.open_offers.get(ml)
        if not offers:
            return
        chosen: set[int] = set()
        for _ in range(rng.randint(1, 3)):
            fate = self.positioning_fates.pick(rng)
            pool = n.hire_offers.get(ml) if fate == PositioningStatus.HIRED else offers
            if not pool:
                continue
            offer, title = pool.pop() if fate == PositioningStatus.HIRED else rng.choice(pool)
            if offer in chosen:
                continue
            chosen.add(offer)
            positioning = self._next("positioning")
            proposed = min(after + datetime.timedelta(days=rng.randint(0, 20)), n.now)
            row: dict[str, Any] = {
                "id": positioning,
                "person_id": pk,
                "offer_id": offer,
                "organisation_id": ml,
                "proposed_by_id": adviser,
                "status": fate,
                "cv_kind": CvKind.ANONYMOUS,
                "proposed_at": proposed,
                "updated_at": proposed,
            }
            base = {"offer_id": offer, "offer": title}
            event(
                events,
                EventKind.POSITIONING_PROPOSED,
                proposed,
                ml,
                adviser,
                "positioning",
                positioning,
                {**base, "cv_kind": CvKind.ANONYMOUS},
                person=pk,
            )
            later = min(proposed + datetime.timedelta(days=rng.randint(1, 10)), n.now)
            if fate != PositioningStatus.PROPOSED and fate != PositioningStatus.WITHDRAWN:
                row["sent_at"] = later
                event(
                    events,
                    EventKind.POSITIONING_SENT,
                    later,
                    ml,
                    adviser,
                    "positioning",
                    positioning,
                    {**base, "cv_kind": CvKind.ANONYMOUS},
                    person=pk,
                )
            if fate == PositioningStatus.INTERVIEW or fate == PositioningStatus.HIRED:
                interview = (later + datetime.timedelta(days=5)).replace(hour=14, minute=0)
                row["interview_at"] = interview
                event(
                    events,
                    EventKind.POSITIONING_INTERVIEW,
                    later,
                    ml,
                    adviser,
                    "positioning",
                    positioning,
                    {**base, "interview_at": interview.isoformat()},
                    person=pk,
                )
            if fate == PositioningStatus.HIRED:
                start = (later + datetime.timedelta(days=12)).date()
                row.update(
                    hired_contract_type=ContractType.CDD, hired_start_on=start, hired_duration_months=6, closed_at=later
                )
                payload = {**base, "contract_type": ContractType.CDD, "start_on": start.isoformat()}
                event(
                    events,
                    EventKind.POSITIONING_HIRED,
                    later,
                    ml,
                    adviser,
                    "positioning",
                    positioning,
                    payload,
                    person=pk,
                )
            elif fate == PositioningStatus.NOT_RETAINED:
                reason = rng.choice(NotRetainedReason.values)
                row.update(not_retained_reason=reason, closed_at=later)
                event(
                    events,
                    EventKind.POSITIONING_NOT_RETAINED,
                    later,
                    ml,
                    adviser,
                    "positioning",
                    positioning,
                    {**base, "reason": reason},
                    person=pk,
                )
            elif fate == PositioningStatus.WITHDRAWN:
                row["closed_at"] = later
                event(
                    events,
                    EventKind.POSITIONING_WITHDRAWN,
                    later,
                    ml,
                    adviser,
                    "positioning",
                    positioning,
                    base,
                    person=pk,
                )
            sinks["positioning"].add(**row)

    def _mission_jeunes(self, pk: int, created: datetime.datetime, ml: int, adviser: int, days_ago: float) -> None:
        """A referral to a temp agency of the territory, with the person's consent given first (security rule)."""
        n, rng, sinks = self.n, self.n.rng, self.sinks
        event, events = n._event, sinks["event"]
        temp = rng.choice(n.temp_agencies_of[ml])
        temp_name = n.temp_name[temp]
        given = n._moment(rng.uniform(0, min(days_ago, 60)))
        consent = self._next("consent")
        sinks["consent"].add(
            id=consent,
            person_id=pk,
            recipient_kind=ConsentRecipient.TEMP_AGENCY,
            recipient_id=temp,
            given_on=given.date(),
            recorded_by_id=adviser,
        )
        payload = {"recipient_kind": ConsentRecipient.TEMP_AGENCY, "recipient": temp_name}
        event(events, EventKind.CONSENT_GIVEN, given, ml, adviser, "consent", consent, payload, person=pk)
        referral = self._next("referral")
        proposed = min(given + datetime.timedelta(hours=1), n.now)
        fate = rng.random()
        row: dict[str, Any] = {
            "id": referral,
            "person_id": pk,
            "from_organisation_id": ml,
            "to_organisation_id": temp,
            "link_id": n.link_of.get((ml, temp)),
            "is_designation": False,
            "reason": "Mission Jeunes : présentation à l'agence pour des missions de manutention.",
            "proposed_at": proposed,
            "proposed_by_id": adviser,
            "answer_due_on": proposed.date() + datetime.timedelta(days=7),
            "status": ReferralStatus.PROPOSED,
            "updated_at": proposed,
        }
        event(
            events,
            EventKind.REFERRAL_PROPOSED,
            proposed,
            ml,
            adviser,
            "referral",
            referral,
            {"from": n.ml_name[ml], "to": temp_name},
            person=pk,
        )
        temp_adviser = n.advisers[temp][0]
        answered = min(proposed + datetime.timedelta(days=rng.randint(1, 6)), n.now)
        if fate < 0.4:
            row.update(
                status=ReferralStatus.ACCEPTED,
                answered_at=answered,
                answered_by_id=temp_adviser,
                meeting_due_on=answered.date() + datetime.timedelta(days=15),
            )
            event(
                events,
                EventKind.REFERRAL_ACCEPTED,
                answered,
                temp,
                temp_adviser,
                "referral",
                referral,
                {"to": temp_name},
                person=pk,
            )
            follow = self._next("follow")
            sinks["follow"].add(
                id=follow,
                person_id=pk,
                organisation_id=temp,
                adviser_id=temp_adviser,
                role=FollowRole.CONTRIBUTOR,
                started_at=answered,
            )
            event(
                events,
                EventKind.CONTRIBUTOR_ADDED,
                answered,
                temp,
                temp_adviser,
                "follow",
                follow,
                {"organisation": temp_name},
                person=pk,
            )
        elif fate < 0.65:
            reason = RefusalReason.NO_CAPACITY
            row.update(
                status=ReferralStatus.REFUSED, answered_at=answered, answered_by_id=temp_adviser, refusal_reason=reason
            )
            event(
                events,
                EventKind.REFERRAL_REFUSED,
                answered,
                temp,
                temp_adviser,
                "referral",
                referral,
                {"reason": reason},
                person=pk,
            )
        sinks["referral"].add(**row)


def _n(value: int) -> str:
    return f"{value:_}".replace("_", " ")


def sizes_text(sizes: Sizes) -> Iterator[str]:
    yield f"{sizes.missions_locales} Missions Locales, {_n(sizes.temp_agencies)} agences d'emploi"
    yield f"{_n(sizes.people)} jeunes, {_n(sizes.offers)} offres, {_n(sizes.employers)} employeurs"
