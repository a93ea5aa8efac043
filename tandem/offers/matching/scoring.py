"""Scoring one (young person, offer) pair, with the reasons shown to the adviser. Pure: no query."""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.offers.enums import ExperienceRequirement, WorkingTime
from tandem.offers.models import Offer
from tandem.people.enums import BarrierKind, BarrierStatus, QualificationLevel, qualification_rank
from tandem.people.job_rows import experiences_read, months_label
from tandem.people.models import JobProfile, Person
from tandem.territories.selectors import commune_area_code

DEFAULT_MAX_DISTANCE_KM = 30
EARTH_RADIUS_KM = 6371.0
KM_PER_DEGREE = 111.2
ADULT_AGE = 18

# Points of the score; the order of magnitude says what matters most: the job, then the distance.
SAME_ROME_POINTS = 50
SAME_APPELLATION_POINTS = 5
SAME_DOMAIN_POINTS = 25
NO_JOB_SOUGHT_POINTS = 10
DISTANCE_POINTS = 30
TIER_POINTS = {"same_commune": 30, "same_epci": 20, "same_departement": 10}
PART_TIME_PENALTY = 20
PART_TIME_BONUS = 5
WISHED_CONTRACT_POINTS = 10
EXPERIENCE_PENALTY = 15
EXPERIENCE_SHORT_PENALTY = 10
QUALIFICATION_POINTS = 5
QUALIFICATION_PENALTY = 15  # below a diploma the offer names
QUALIFICATION_USUAL_PENALTY = 10  # below the level usually expected for the offer's kind of job
# Experience that stands for the level usually expected for a kind of job (not for a diploma the offer names).
EXPERIENCE_FOR_QUALIFICATION_MONTHS = 12
# A mobility barrier without a vehicle: offers farther than this, or needing a driving licence, rank lower.
MOBILITY_NEAR_KM = 10
MOBILITY_PENALTY = 15
# The barriers the matching reads (not lifted): childcare (part time), mobility (distance, licence).
MATCHING_BARRIER_KINDS = (BarrierKind.CHILDCARE, BarrierKind.MOBILITY)


class Tier(models.TextChoices):
    SAME_COMMUNE = "same_commune", gettext_lazy("Même commune")
    SAME_EPCI = "same_epci", gettext_lazy("Même intercommunalité")
    SAME_DEPARTEMENT = "same_departement", gettext_lazy("Même département")
    ELSEWHERE = "elsewhere", gettext_lazy("Hors du département")
    UNKNOWN = "unknown", gettext_lazy("Lieu inconnu")


@dataclass(frozen=True)
class Seeker:
    """What the matching knows of a young person, read once from prefetched rows (no query)."""

    person: Person
    rome_codes: frozenset[str]
    appellation_codes: frozenset[str]
    domain_codes: frozenset[str]
    latitude: float | None
    longitude: float | None
    commune_code: str | None
    epci_code: str | None
    area_code: str | None  # the département's code, or the overseas collectivity's (they have no département)
    max_distance_km: int
    has_driving_licence: bool
    part_time_only: bool
    childcare: bool
    is_minor: bool
    wished_contract_types: frozenset[str]
    has_experience: bool
    has_vehicle: bool = False
    mobility_barrier: bool = False
    qualification_level: str = ""  # a QualificationLevel value; empty when not given
    experience_months: int | None = None  # the experiences' durations added up, when at least one is known

    @property
    def seeks_jobs(self) -> bool:
        return bool(self.rome_codes)

    @property
    def point(self) -> tuple[float, float] | None:
        if self.latitude is not None and self.longitude is not None:
            return self.latitude, self.longitude
        return None


@dataclass
class Match:
    offer: Offer
    person: Person
    score: int
    reasons_met: list[str]
    reasons_missed: list[str]
    distance_km: float | None
    tier: str
    excluded: str = ""  # why the pair is left out; empty when it is kept

    @property
    def tier_label(self) -> str:
        return str(Tier(self.tier).label)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, km: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """Latitude and longitude ranges containing every point within `km` (a superset of the circle)."""
    dlat = km / KM_PER_DEGREE
    dlon = km / (KM_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
    return (lat - dlat, lat + dlat), (lon - dlon, lon + dlon)


def seeker_for(person: Person, *, today: datetime.date) -> Seeker:
    """Expects `_people_prefetched` rows; works without them, at the cost of a few queries."""
    try:
        profile: JobProfile | None = person.job_profile
    except JobProfile.DoesNotExist:
        profile = None
    romes = list(profile.sought_romes.all()) if profile else []
    appellations = list(profile.sought_appellations.all()) if profile else []
    barriers = getattr(person, "open_barriers", None)
    if barriers is None:
        barriers = list(person.barriers.filter(kind__in=MATCHING_BARRIER_KINDS).exclude(status=BarrierStatus.LIFTED))
    kinds = {barrier.kind for barrier in barriers}
    commune = person.commune
    childcare = BarrierKind.CHILDCARE in kinds
    durations = [row["duration_months"] for row in experiences_read(profile.experiences if profile else [])]
    known = [months for months in durations if months is not None]
    return Seeker(
        person=person,
        rome_codes=frozenset([r.code for r in romes] + [a.rome_id for a in appellations]),
        appellation_codes=frozenset(a.code_ogr for a in appellations),
        domain_codes=frozenset(r.domain_code for r in romes + [a.rome for a in appellations] if r.domain_code),
        latitude=commune.latitude if commune else None,
        longitude=commune.longitude if commune else None,
        commune_code=commune.code if commune else None,
        epci_code=commune.epci_id if commune else None,
        area_code=commune_area_code(commune) if commune else None,
        max_distance_km=profile.max_distance_km if profile else DEFAULT_MAX_DISTANCE_KM,
        has_driving_licence=profile.has_driving_licence if profile else False,
        part_time_only=(profile.part_time_only if profile else False) or childcare,
        childcare=childcare,
        is_minor=person.age_on(today) < ADULT_AGE,
        wished_contract_types=frozenset(profile.wished_contract_types or []) if profile else frozenset(),
        has_experience=bool(profile.experiences) if profile else False,
        has_vehicle=profile.has_vehicle if profile else False,
        mobility_barrier=BarrierKind.MOBILITY in kinds,
        qualification_level=profile.qualification_level if profile else "",
        experience_months=sum(known) if known else None,
    )


def offer_point(offer: Offer) -> tuple[float, float] | None:
    if offer.latitude is not None and offer.longitude is not None:
        return offer.latitude, offer.longitude
    if offer.commune is not None and offer.commune.latitude is not None and offer.commune.longitude is not None:
        return offer.commune.latitude, offer.commune.longitude
    return None


def _plain(text: str) -> str:
    """Lower case, without accents or ligatures: "Employé qualifié" and "EMPLOYE QUALIFIE" read the same."""
    text = text.lower().replace("œ", "oe")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


# A diploma an offer names in its qualification field (typed by a partner): the level it certifies, highest first.
_DIPLOMAS = (
    (re.compile(r"doctorat|bac\s*\+\s*8"), QualificationLevel.LEVEL_8),
    (re.compile(r"master|bac\s*\+\s*5|ingenieur"), QualificationLevel.LEVEL_7),
    (re.compile(r"licence|bac\s*\+\s*3|\bbut\b|bachelor"), QualificationLevel.LEVEL_6),
    (re.compile(r"\bbts\b|\bdut\b|deust|bac\s*\+\s*2"), QualificationLevel.LEVEL_5),
    (re.compile(r"\bbac\b|baccalaureat|\bbp\b|brevet professionnel"), QualificationLevel.LEVEL_4),
    (re.compile(r"\bcap\b|\bbep\b"), QualificationLevel.LEVEL_3),
)
_LEVEL_NUMBER = re.compile(r"\bniveau\s*([3-8])\b")
# France Travail's qualification of the job (qualificationLibelle), not a diploma: the level usually expected.
# The unskilled kinds expect none. Checked in this order ("employe non qualifie" before "employe qualifie").
_JOB_QUALIFICATIONS = (
    ("manoeuvre", None),
    ("ouvrier specialise", None),
    ("employe non qualifie", None),
    ("ouvrier qualifie", QualificationLevel.LEVEL_3),
    ("employe qualifie", QualificationLevel.LEVEL_3),
    ("technicien", QualificationLevel.LEVEL_5),
    ("agent de maitrise", QualificationLevel.LEVEL_5),
    ("cadre", QualificationLevel.LEVEL_6),
)


@dataclass(frozen=True)
class RequiredLevel:
    level: str  # a QualificationLevel value
    named: bool  # the offer names a diploma (True), or the level is the one usually expected for its kind of job
    wording: str  # the offer's own words


def required_level(offer: Offer) -> RequiredLevel | None:
    """The qualification level an offer asks for, read from its qualification field; None when it says none.

    A diploma or level it names (CAP, bac+2, licence, "niveau 5"…) is that level; France Travail's kinds of job
    (employé qualifié, technicien, cadre…) give the level usually expected. Anything else: no requirement read.
    """
    wording = " ".join(offer.qualification_level.split())
    text = _plain(wording)
    if not text:
        return None
    number = _LEVEL_NUMBER.search(text)
    if number is not None:
        return RequiredLevel(number.group(1), True, wording)
    for pattern, level in _DIPLOMAS:
        if pattern.search(text):
            return RequiredLevel(level, True, wording)
    for words, usual in _JOB_QUALIFICATIONS:
        if words in text:
            return RequiredLevel(usual, False, wording) if usual is not None else None
    return None


_REQUIRED_DURATION = re.compile(r"(\d{1,2})\s*(an|mois)", re.IGNORECASE)


def required_experiencemonths_label(offer: Offer) -> int | None:
    """The experience an offer asks for, in months, from its wording ("2 An(s)", "6 Mois"); None if not said."""
    found = _REQUIRED_DURATION.search(offer.experience_label)
    if found is None:
        return None
    number = int(found.group(1))
    return number * 12 if found.group(2).lower() == "an" else number


def _qualification(seeker: Seeker, offer: Offer, met: list[str], missed: list[str]) -> int:
    """Points for the qualification level against what the offer asks (docs/matching.md)."""
    required = required_level(offer)
    if required is None:
        return 0
    expected = str(QualificationLevel(required.level).label)
    have = qualification_rank(seeker.qualification_level)
    if have is None:
        if required.named:
            missed.append(_("Diplôme demandé : %(level)s ; niveau de la personne non renseigné") % {"level": expected})
        return 0
    declared = str(QualificationLevel(seeker.qualification_level).label)
    if have >= (qualification_rank(required.level) or 0):
        met.append(_("Niveau de qualification attendu atteint : %(level)s") % {"level": expected})
        return QUALIFICATION_POINTS
    if required.named:
        missed.append(
            _("Diplôme demandé : %(level)s ; niveau déclaré : %(declared)s") % {"level": expected, "declared": declared}
        )
        return -QUALIFICATION_PENALTY
    months = seeker.experience_months or 0
    if months >= EXPERIENCE_FOR_QUALIFICATION_MONTHS:
        met.append(
            _("%(job)s : %(experience)s d'expérience au lieu du niveau généralement attendu (%(level)s)")
            % {"job": required.wording, "experience": months_label(months), "level": expected}
        )
        return 0
    missed.append(
        _("%(job)s : %(level)s généralement attendu ; niveau déclaré : %(declared)s")
        % {"job": required.wording, "level": expected, "declared": declared}
    )
    return -QUALIFICATION_USUAL_PENALTY


def _mobility(
    seeker: Seeker, offer: Offer, distance: float | None, tier: str, met: list[str], missed: list[str]
) -> int:
    """A mobility barrier not lifted, and no vehicle: far offers and offers needing a licence rank lower."""
    if not seeker.mobility_barrier or seeker.has_vehicle:
        return 0
    score = 0
    if distance is not None and distance > MOBILITY_NEAR_KM:
        score -= MOBILITY_PENALTY
        missed.append(_("Frein mobilité : à %(km)s km, sans véhicule") % {"km": round(distance)})
    elif distance is None and tier in (Tier.SAME_DEPARTEMENT, Tier.ELSEWHERE):
        score -= MOBILITY_PENALTY
        missed.append(_("Frein mobilité : hors de l'intercommunalité, sans véhicule"))
    elif distance is not None or tier in (Tier.SAME_COMMUNE, Tier.SAME_EPCI):
        met.append(_("Proche du domicile malgré le frein mobilité"))
    if offer.requires_driving_licence and seeker.has_driving_licence:
        score -= MOBILITY_PENALTY
        missed.append(_("Frein mobilité : permis exigé, sans véhicule"))
    return score


def _tier(seeker: Seeker, offer: Offer) -> str:
    commune = offer.commune
    if commune is None or seeker.commune_code is None:
        return Tier.UNKNOWN
    if commune.code == seeker.commune_code:
        return Tier.SAME_COMMUNE
    if seeker.epci_code and commune.epci_id == seeker.epci_code:
        return Tier.SAME_EPCI
    if seeker.area_code and commune_area_code(commune) == seeker.area_code:
        return Tier.SAME_DEPARTEMENT
    return Tier.ELSEWHERE


def evaluate(seeker: Seeker, offer: Offer) -> Match:
    """Score one (person, offer) pair and say why, criterion by criterion. Pure: no query."""
    met: list[str] = []
    missed: list[str] = []
    excluded: list[str] = []
    score = 0
    rome = offer.rome
    # The job: same ROME code, else same professional domain.
    if not seeker.seeks_jobs:
        score += NO_JOB_SOUGHT_POINTS
        missed.append(_("Pas encore de métier recherché"))
    elif rome is not None and rome.code in seeker.rome_codes:
        score += SAME_ROME_POINTS
        met.append(_("Même métier (%(code)s)") % {"code": rome.code})
        if offer.appellation_id in seeker.appellation_codes and offer.appellation is not None:
            score += SAME_APPELLATION_POINTS
            met.append(_("Appellation recherchée : %(label)s") % {"label": offer.appellation.label})
    elif rome is not None and rome.domain_code and rome.domain_code in seeker.domain_codes:
        score += SAME_DOMAIN_POINTS
        met.append(_("Même domaine professionnel (%(domain)s)") % {"domain": rome.domain_label or rome.domain_code})
    else:
        excluded.append(_("Métier sans rapport avec la recherche"))
    # The distance from home, else how close the communes are.
    point = offer_point(offer)
    tier = _tier(seeker, offer)
    distance = None
    if point is not None and seeker.point is not None:
        distance = haversine_km(*seeker.point, *point)
        km = {"km": round(distance), "max": seeker.max_distance_km}
        if distance > seeker.max_distance_km:
            excluded.append(_("Trop loin"))
            missed.append(_("à %(km)s km, au-delà des %(max)s km acceptés") % km)
        else:
            score += round(DISTANCE_POINTS * (1 - distance / max(seeker.max_distance_km, 1)))
            met.append(_("à %(km)s km") % km)
    elif tier in TIER_POINTS:
        score += TIER_POINTS[tier]
        met.append(str(Tier(tier).label))
    elif tier == Tier.ELSEWHERE:
        missed.append(_("Hors du département"))
    else:
        missed.append(_("Distance inconnue"))
    # Constraints: licence, night work of minors, part time, contract wishes, experience.
    if offer.requires_driving_licence:
        if seeker.has_driving_licence:
            met.append(_("Permis de conduire exigé : détenu"))
        else:
            excluded.append(_("Permis de conduire exigé"))
            missed.append(_("Permis de conduire exigé"))
    if offer.night_work and seeker.is_minor:
        excluded.append(_("Travail de nuit interdit aux mineurs"))
        missed.append(_("Travail de nuit interdit aux mineurs"))
    if seeker.part_time_only:
        if offer.working_time == WorkingTime.FULL_TIME:
            score -= PART_TIME_PENALTY
            if seeker.childcare:
                missed.append(_("Temps plein, alors que temps partiel seulement (garde d'enfants)"))
            else:
                missed.append(_("Temps plein, alors que temps partiel seulement"))
        elif offer.working_time == WorkingTime.PART_TIME:
            score += PART_TIME_BONUS
            met.append(_("Temps partiel"))
    if seeker.wished_contract_types:
        contract = {"contract": offer.get_contract_type_display()}
        if offer.contract_type in seeker.wished_contract_types:
            score += WISHED_CONTRACT_POINTS
            met.append(_("Contrat souhaité : %(contract)s") % contract)
        else:
            missed.append(_("Contrat non souhaité : %(contract)s") % contract)
    required_months, declared_months = required_experiencemonths_label(offer), seeker.experience_months
    if offer.experience == ExperienceRequirement.REQUIRED and not seeker.has_experience:
        score -= EXPERIENCE_PENALTY
        missed.append(_("Expérience exigée, aucune expérience renseignée"))
    elif offer.experience == ExperienceRequirement.REQUIRED and required_months and declared_months is not None:
        words = {"required": months_label(required_months), "declared": months_label(declared_months)}
        if declared_months >= required_months:
            met.append(_("Expérience exigée : %(required)s ; expérience renseignée : %(declared)s") % words)
        else:
            score -= EXPERIENCE_SHORT_PENALTY
            missed.append(_("Expérience exigée : %(required)s ; expérience renseignée : %(declared)s") % words)
    elif offer.experience == ExperienceRequirement.BEGINNER:
        met.append(_("Débutant accepté"))
    # The qualification level, and the mobility barrier.
    score += _qualification(seeker, offer, met, missed)
    score += _mobility(seeker, offer, distance, tier, met, missed)
    return Match(
        offer=offer,
        person=seeker.person,
        score=score,
        reasons_met=met,
        reasons_missed=missed,
        distance_km=distance,
        tier=tier,
        excluded=excluded[0] if excluded else "",
    )
