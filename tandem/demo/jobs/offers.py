"""About 400 offers on the demo territories, as each partner shares them: France Travail's (imported, shared with
the whole territory), the Missions Locales' and the PLIE's (typed by their employer-relations teams), the Saint-Étienne
temp agencies' missions (Mission Jeunes) and a few employers' own. Employers are fictitious and every description
says so.

Seeded per territory, created once (a second load finds the France Travail demo offers and adds nothing). The young
people of the Mission Locale Bordeaux Avenir Jeunes find several France Travail offers of their sought jobs near home:
the browser journey starts from one of them (summary.journey_example).
"""

from __future__ import annotations

import datetime
import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from django.db import transaction
from django.utils import timezone
from faker import Faker

from tandem.accounts.enums import Role
from tandem.accounts.models import Membership, User
from tandem.demo.jobs.catalogue import (
    CONTRACTS,
    EMPLOYERS,
    LICENCE_LABELS,
    NIGHT_ROMES,
    PLACES,
    SECTOR_OF_ROME,
    SECTORS,
    rome_codes_present,
)
from tandem.demo.jobs.profiles import SECTOR_WEIGHTS, demo_people
from tandem.demo.scenarios import alsace_nord, bordeaux, centre_val_de_loire, grenoble, saint_etienne
from tandem.demo.young_people.identities import SEED, weighted
from tandem.demo.young_people.teams import Team, teams_load
from tandem.offers.enums import ContractType, ExperienceRequirement, OfferSource, OfferStatus, SharingScope
from tandem.offers.models import Offer
from tandem.offers.services import offer_create, offer_update
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation
from tandem.referentials.models import RomeAppellation, RomeCode
from tandem.territories.models import Commune

FT_PREFIX = "DEMO-FT-"
EMPLOYER_PREFIX = "DEMO-EMP-"
SMIC = 1802  # monthly gross (€), 35 h
PUBLISHED_WITHIN_DAYS = 60
DEMO_MARKER = "Offre fictive de démonstration (Tandem) : l'employeur n'existe pas."

# How many offers each territory shares, by source; about 400 in all.
FT, PARTNER, TEMP, EMPLOYER = (
    OfferSource.FRANCE_TRAVAIL,
    OfferSource.PARTNER,
    OfferSource.TEMP_AGENCY,
    OfferSource.EMPLOYER,
)
TOURS, ORLEANS = (local.name for local in centre_val_de_loire.MISSIONS_LOCALES[:2])
OFFER_COUNTS = {
    bordeaux.ML_NAME: {FT: 80, PARTNER: 15, EMPLOYER: 8},
    alsace_nord.ML_NAME: {FT: 50, PARTNER: 12, EMPLOYER: 5},
    saint_etienne.ML_NAME: {TEMP: 50, PARTNER: 12, EMPLOYER: 6},
    "Grenoble-Alpes Métropole": {FT: 45, PARTNER: 8, EMPLOYER: 5},
    TOURS: {FT: 30, PARTNER: 8},
    ORLEANS: {FT: 30, PARTNER: 8},
}
OTHER_CENTRE_COUNTS = {FT: 4}
# Bordeaux Métropole beyond the Mission Locale's own communes: Mérignac, Pessac, Talence, Cenon, Lormont,
# Villenave-d'Ornon, Eysines, Floirac.
BORDEAUX_METROPOLE = ("33281", "33318", "33522", "33119", "33249", "33550", "33162", "33167")
BORDEAUX_NEAR = (*bordeaux.MISSION_LOCALE_TERRITORY, "33281", "33318", "33522")  # all within 10 km of Bordeaux
# The France Travail offers kept for the Bordeaux young people's journey: for each of their most sought jobs, so many
# open offers near home, without licence or night work.
JOURNEY_ROMES, JOURNEY_OFFERS_PER_ROME = 6, 6
SHARE_PARTNER_OFFERS_WITH_PARTNERS = 0.7
EXPIRED_SHARE, FILLED_SHARE = 0.05, 0.03

EXPERIENCE = {
    ExperienceRequirement.BEGINNER: ("Débutant accepté", 60),
    ExperienceRequirement.WISHED: ("6 mois d'expérience souhaités", 25),
    ExperienceRequirement.REQUIRED: ("1 an d'expérience exigé", 15),
}
DURATIONS = {
    ContractType.CDD: (1, 3, 6, 6, 12),
    ContractType.TEMP: (1, 1, 2, 3, 6),
    ContractType.SEASONAL: (2, 3, 4, 6),
    ContractType.APPRENTICESHIP: (12, 24, 24),
    ContractType.PROFESSIONALISATION: (6, 12, 12),
    ContractType.PEC: (9, 12),
}
PART_TIME_HOURS = (20, 24, 28, 30)


@dataclass
class Area:
    """A demo territory and who shares offers on it."""

    name: str
    communes: list[Commune]  # where the offers are: every one with coordinates
    agencies: list[tuple[Organisation, frozenset[str]]] = field(default_factory=list)  # France Travail + communes
    partner: Organisation | None = None  # Mission Locale or PLIE
    temp_agencies: list[Organisation] = field(default_factory=list)
    employer_desk: Organisation | None = None  # the employer-relations team that carries employers' own offers
    counts: dict[OfferSource, int] = field(default_factory=dict)
    near: list[Commune] = field(default_factory=list)  # Bordeaux: where the journey's offers are

    def commune_pick(self, rng: random.Random, communes: list[Commune] | None = None) -> Commune:
        communes = communes or self.communes
        # Square root of the population: the towns first, without every offer in the biggest one.
        return rng.choices(communes, weights=[math.sqrt(c.population or 100) for c in communes])[0]

    def agency_for(self, commune: Commune) -> Organisation:
        for agency, codes in self.agencies:
            if commune.code in codes:
                return agency
        return self.agencies[0][0]


@dataclass
class LoadedOffers:
    created: int = 0
    by_area: dict[str, list[Offer]] = field(default_factory=dict)
    kept_open: set[int] = field(default_factory=set)  # the journey's offers: no hire, no closing


@cache
def _faker() -> Faker:
    return Faker("fr_FR")


def _located(communes) -> list[Commune]:
    return [c for c in communes if c.latitude is not None and c.longitude is not None]


def _team_area(team: Team, counts: dict[OfferSource, int]) -> Area:
    communes = list(team.mission_locale.communes)
    area = Area(
        name=team.mission_locale.organisation.name,
        communes=communes,
        agencies=[(desk.organisation, frozenset(c.code for c in desk.communes)) for desk in team.agencies],
        partner=team.mission_locale.organisation,
        temp_agencies=[desk.organisation for desk in team.temp_agencies],
        employer_desk=team.mission_locale.organisation,
        counts=counts,
    )
    if area.name == bordeaux.ML_NAME:
        extra = Commune.objects.filter(code__in=BORDEAUX_METROPOLE).order_by("code")
        area.communes = communes + list(extra)
        area.near = [c for c in area.communes if c.code in BORDEAUX_NEAR]
    area.communes = _located(area.communes)
    return area


def _grenoble_area() -> Area:
    metropole = Organisation.objects.get(kind=OrganisationKind.EPCI, name="Grenoble-Alpes Métropole")
    plie = Organisation.objects.get(kind=OrganisationKind.PLIE, name="PLIE de la Métropole grenobloise")
    agencies = {o.safir_code: o for o in Organisation.objects.filter(safir_code__in=grenoble.CATCHMENTS)}
    communes = Commune.objects.filter(coverage_rows__organisation=metropole).order_by("code")
    return Area(
        name=metropole.name,
        communes=_located(communes),
        agencies=[(agencies[code], frozenset(codes)) for code, codes in grenoble.CATCHMENTS.items()],
        partner=plie,
        employer_desk=metropole,
        counts=OFFER_COUNTS[metropole.name],
    )


def areas_load() -> list[Area]:
    areas = [
        _team_area(team, OFFER_COUNTS.get(team.mission_locale.organisation.name, OTHER_CENTRE_COUNTS))
        for team in teams_load()
    ]
    areas.insert(3, _grenoble_area())
    return areas


def _sought_near(area: Area, present: set[str]) -> Counter[str]:
    """The jobs sought by the young people living on the Mission Locale's communes, with how many seek each."""
    codes = {c.code for c in area.communes} & set(bordeaux.MISSION_LOCALE_TERRITORY)
    sought = demo_people().filter(commune_id__in=codes, job_profile__sought_romes__isnull=False)
    return Counter(code for code in sought.values_list("job_profile__sought_romes", flat=True) if code in present)


class OfferMaker:
    """Seeded offer fields; holds the referential rows it needs, read once."""

    def __init__(self, *, present: set[str], now: datetime.datetime) -> None:
        self.now = now
        self.romes = {r.code: r for r in RomeCode.objects.filter(code__in=present)}
        self.appellations: dict[str, list[RomeAppellation]] = defaultdict(list)
        for appellation in RomeAppellation.objects.filter(rome_id__in=present).order_by("code_ogr"):
            self.appellations[appellation.rome_id].append(appellation)
        self.sector_romes = {s.name: [c for c in s.romes if c in present] for s in SECTORS}

    def rome_pick(self, rng: random.Random) -> str:
        return rng.choice(self.sector_romes[weighted(rng, SECTOR_WEIGHTS)])

    def employer_name(self, rng: random.Random, rome: str) -> str:
        pattern = rng.choice(EMPLOYERS[rome])
        if rng.random() < 0.5:
            fake = _faker()
            fake.seed_instance(rng.randrange(10**9))
            return pattern.format(fake.last_name())
        return pattern.format(rng.choice(PLACES))

    def fields(
        self,
        rng: random.Random,
        *,
        rome: str,
        commune: Commune,
        source: str,
        plain: bool = False,  # the journey's offers: full time, day work, no licence, open to beginners
    ) -> dict:
        sector = SECTOR_OF_ROME[rome]
        appellations = self.appellations.get(rome)
        appellation = rng.choice(appellations) if appellations else None
        title = appellation.label if appellation else self.romes[rome].label
        contracts = dict(CONTRACTS) | dict(sector.contracts)
        if source == TEMP:
            contract = ContractType.TEMP
        elif plain:
            contract = rng.choice((ContractType.CDI, ContractType.CDD))
        else:
            contract = weighted(rng, contracts)
        duration = rng.choice(DURATIONS[contract]) if contract in DURATIONS else None
        part_time = not plain and rng.random() < (
            0.3 if sector.name in {"commerce", "santé et aide à la personne"} else 0.12
        )
        hours = rng.choice(PART_TIME_HOURS) if part_time else 35
        licence_label = LICENCE_LABELS.get(rome, "")
        if not licence_label and not plain and rng.random() < sector.licence:
            licence_label = "B - Véhicule léger"
        night = not plain and rng.random() < NIGHT_ROMES.get(rome, sector.night_work)
        low, high = self._salary(rng, sector.salary_floor, contract, hours)
        experience = (
            ExperienceRequirement.BEGINNER if plain else weighted(rng, {k: w for k, (_l, w) in EXPERIENCE.items()})
        )
        employer = self.employer_name(rng, rome)
        published_at = self.now - datetime.timedelta(days=rng.uniform(0, PUBLISHED_WITHIN_DAYS))
        return {
            "title": title,
            "description": self._description(employer, title, commune, night=night, hours=hours),
            "rome": self.romes[rome],
            "rome_version": self.romes[rome].version,
            "appellation": appellation,
            "employer_name": employer,
            "naf_code": sector.naf_code,
            "commune": commune,
            "place_label": f"{commune.name} ({commune.departement_id})",
            "latitude": commune.latitude,
            "longitude": commune.longitude,
            "contract_type": contract,
            "contract_duration_months": duration,
            "working_time": "part_time" if part_time else "full_time",
            "working_time_label": f"{hours} h hebdomadaires" + (", travail de nuit" if night else ""),
            "night_work": night,
            "salary_label": self._salary_label(contract, low, high),
            "salary_min": Decimal(low),
            "salary_max": Decimal(high),
            "requires_driving_licence": bool(licence_label),
            "driving_licence_label": licence_label,
            "experience": experience,
            "experience_label": EXPERIENCE[experience][0],
            "positions": 1 if plain else weighted(rng, {1: 60, 2: 25, 3: 15}),
            "published_at": published_at,
            "source_updated_at": published_at,
            "expires_on": self._expiry(rng, published_at),
        }

    def _expiry(self, rng: random.Random, published_at: datetime.datetime) -> datetime.date:
        # Open offers run 30 to 60 days; one published two months ago has been extended.
        expires_on = timezone.localdate(published_at) + datetime.timedelta(days=rng.randint(30, 60))
        today = timezone.localdate(self.now)
        return expires_on if expires_on > today else today + datetime.timedelta(days=rng.randint(5, 20))

    @staticmethod
    def _salary(rng: random.Random, floor: int, contract: str, hours: int) -> tuple[int, int]:
        if contract == ContractType.APPRENTICESHIP:
            low = round(SMIC * rng.choice((0.53, 0.61, 0.78)))
            return low, low + 200
        low = floor + rng.randrange(0, 260, 10)
        high = low + rng.randrange(100, 450, 50)
        return round(low * hours / 35), round(high * hours / 35)

    @staticmethod
    def _salary_label(contract: str, low: int, high: int) -> str:
        amounts = f"{low:,} € à {high:,} €".replace(",", "\u202f")
        if contract == ContractType.APPRENTICESHIP:
            return f"Selon l'âge et l'année de contrat : {amounts} brut par mois"
        return f"Mensuel de {amounts} brut sur 12 mois"

    @staticmethod
    def _description(employer: str, title: str, commune: Commune, *, night: bool, hours: int) -> str:
        schedule = "Horaires de nuit." if night else "Horaires de journée."
        return (
            f"{employer} recrute à {commune.name} : {title.lower()}, {hours} h par semaine. {schedule} "
            "Vous serez accompagné·e par un tuteur ou une tutrice à votre arrivée.\n\n" + DEMO_MARKER
        )


def _staff_of(organisations: list[Organisation]) -> dict[int, User]:
    """Who types each organisation's offers: its employer-relations officer, else its first adviser."""
    memberships = (
        Membership.objects.active()
        .filter(organisation__in=organisations, role__in=[Role.EMPLOYER_RELATIONS, Role.ADVISER])
        .select_related("user")
        .order_by("pk")
    )
    staff: dict[int, User] = {}
    for membership in memberships:
        if membership.role == Role.EMPLOYER_RELATIONS or membership.organisation_id not in staff:
            staff[membership.organisation_id] = membership.user
    return staff


class _Numbering:
    def __init__(self) -> None:
        self.ft = 0
        self.employer = 0

    def ft_next(self) -> str:
        self.ft += 1
        return f"{FT_PREFIX}{self.ft:06d}"

    def employer_next(self) -> str:
        self.employer += 1
        return f"{EMPLOYER_PREFIX}{self.employer:06d}"


def _save(**fields) -> Offer:
    # France Travail's and employers' offers come from outside Tandem (import, employer form): no typing service.
    offer = Offer(status=OfferStatus.OPEN, **fields)
    offer.full_clean()
    offer.save()
    return offer


def _area_offers(
    area: Area, *, maker: OfferMaker, numbering: _Numbering, staff: dict[int, User], loaded: LoadedOffers
) -> list[Offer]:
    rng = random.Random(f"{SEED}:offers:{area.name}")
    offers: list[Offer] = []
    sought = _sought_near(area, set(maker.romes)) if area.near else Counter()
    # Most sought first; ties by code, so that the order does not depend on the rows' order.
    journey = [code for code, _n in sorted(sought.items(), key=lambda item: (-item[1], item[0]))][:JOURNEY_ROMES]
    for number in range(area.counts.get(FT, 0) if area.agencies else 0):
        plain = number < len(journey) * JOURNEY_OFFERS_PER_ROME
        if plain:
            rome, commune = journey[number // JOURNEY_OFFERS_PER_ROME], area.commune_pick(rng, area.near)
        else:
            # Near the young people of Bordeaux, mostly the jobs they seek; elsewhere, the sectors' mix.
            rome = rng.choice(list(sought.elements())) if sought and rng.random() < 0.7 else maker.rome_pick(rng)
            commune = area.commune_pick(rng)
        offer = _save(
            source=FT,
            external_id=numbering.ft_next(),
            organisation=area.agency_for(commune),
            sharing=SharingScope.TERRITORY,
            **maker.fields(rng, rome=rome, commune=commune, source=FT, plain=plain),
        )
        if plain:
            loaded.kept_open.add(offer.pk)
        offers.append(offer)
    partner = area.partner
    for _ in range(area.counts.get(PARTNER, 0)):
        assert partner is not None, "an area with partner offers has its partner"
        sharing = SharingScope.PARTNERS if rng.random() < SHARE_PARTNER_OFFERS_WITH_PARTNERS else SharingScope.OWN
        fields = maker.fields(rng, rome=maker.rome_pick(rng), commune=area.commune_pick(rng), source=PARTNER)
        offers.append(offer_create(organisation=partner, by=staff.get(partner.pk), sharing=sharing, **fields))
    for _ in range(area.counts.get(TEMP, 0)):
        agency = rng.choice(area.temp_agencies)
        fields = maker.fields(rng, rome=maker.rome_pick(rng), commune=area.commune_pick(rng), source=TEMP)
        offers.append(
            offer_create(organisation=agency, by=staff.get(agency.pk), sharing=SharingScope.PARTNERS, **fields)
        )
    for _ in range(area.counts.get(EMPLOYER, 0)):
        commune = area.commune_pick(rng)
        offers.append(
            _save(
                source=EMPLOYER,
                external_id=numbering.employer_next(),
                organisation=area.employer_desk,
                sharing=SharingScope.TERRITORY,
                **maker.fields(rng, rome=maker.rome_pick(rng), commune=commune, source=EMPLOYER),
            )
        )
    _close_some(offers, rng=rng, staff=staff, kept_open=loaded.kept_open, today=timezone.localdate(maker.now))
    return offers


def _close_some(
    offers: list[Offer], *, rng: random.Random, staff: dict[int, User], kept_open: set[int], today: datetime.date
) -> None:
    """A few offers expired (past their date, so published over a month ago) or filled outside Tandem."""
    for offer in offers:
        if offer.pk in kept_open:
            continue
        draw = rng.random()
        if draw < EXPIRED_SHARE:
            assert offer.published_at is not None, "every demo offer has its publication date (OfferMaker.fields)"
            published_on = today - datetime.timedelta(days=rng.randint(40, PUBLISHED_WITHIN_DAYS))
            published_at = offer.published_at.replace(
                year=published_on.year, month=published_on.month, day=published_on.day
            )
            offer_update(
                offer=offer,
                by=staff.get(offer.organisation_id),
                status=OfferStatus.EXPIRED,
                published_at=published_at,
                source_updated_at=published_at,
                expires_on=today - datetime.timedelta(days=rng.randint(1, 8)),
            )
        elif draw < EXPIRED_SHARE + FILLED_SHARE:
            offer_update(offer=offer, by=staff.get(offer.organisation_id), status=OfferStatus.FILLED)


def already_loaded() -> bool:
    return Offer.objects.filter(source=FT, external_id__startswith=FT_PREFIX).exists()


@transaction.atomic
def offers_load() -> LoadedOffers:
    """The demo's offers on every territory; nothing when they are there already."""
    loaded = LoadedOffers()
    if already_loaded():
        return loaded
    maker, numbering = OfferMaker(present=rome_codes_present(), now=timezone.now()), _Numbering()
    areas = areas_load()
    carriers = [o for area in areas for o in (area.partner, area.employer_desk, *area.temp_agencies) if o is not None]
    carriers += [agency for area in areas for agency, _codes in area.agencies]
    staff = _staff_of(carriers)
    for area in areas:
        offers = _area_offers(area, maker=maker, numbering=numbering, staff=staff, loaded=loaded)
        loaded.by_area[area.name] = offers
        loaded.created += len(offers)
    return loaded
