"""The matching's rules restated in plain Python, pair by pair, over every row: the reference the property tests
compare the database's ranking with (docs/matching.md is the specification both follow).

Deliberately naive: it loads every object and judges every pair, so that it cannot share a bug with the SQL.
Only the distance formula (scoring.haversine_km) and the words an offer's fields are read with
(criteria.QUALIFICATION_PATTERNS, EXPERIENCE_MONTHS_PATTERN) are shared: they are data, and Python reads them here.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass

from tandem.offers.enums import OfferStatus
from tandem.offers.matching import criteria
from tandem.offers.matching.scoring import haversine_km
from tandem.offers.models import Offer
from tandem.people.models import JobProfile, Person


@dataclass(frozen=True)
class Judged:
    offer_id: int
    person_id: int
    kept: bool
    score: int
    distance: float | None


def _point(lat, lon):
    return (lat, lon) if lat is not None and lon is not None else None


def _area(commune):
    if commune is None:
        return None
    return commune.departement_id or commune.overseas_collectivity or None


def _required(offer: Offer):
    text = offer.qualification_level.lower()
    if not text:
        return None
    for pattern, level, named in criteria.QUALIFICATION_PATTERNS:
        if re.search(pattern, text):
            return None if level is None else (int(level), named)
    return None


def _required_months(offer: Offer):
    if offer.experience != "E":
        return None
    found = re.search(criteria.EXPERIENCE_MONTHS_PATTERN, offer.experience_label.lower())
    if found is None:
        return None
    return int(found.group(1)) * (12 if found.group(2) == "an" else 1)


def judge(person: Person, offer: Offer, *, today: datetime.date) -> Judged:  # noqa: C901 (the rules, in order)
    try:
        profile: JobProfile | None = person.job_profile
    except JobProfile.DoesNotExist:
        profile = None
    romes = {r.code: r for r in profile.sought_romes.all()} if profile else {}
    appellations = list(profile.sought_appellations.all()) if profile else []
    for appellation in appellations:
        romes[appellation.rome_id] = appellation.rome
    domains = {r.domain_code for r in romes.values() if r.domain_code}
    open_barriers = {b.kind for b in person.barriers.all() if b.status != "lifted"}
    experiences = profile.experiences if profile and isinstance(profile.experiences, list) else []
    durations = [
        e["duration_months"]
        for e in experiences
        if isinstance(e, dict)
        and isinstance(e.get("duration_months"), int)
        and not isinstance(e.get("duration_months"), bool)
        and e["duration_months"] >= 0
    ]
    declared = sum(durations) if durations else None
    max_km = profile.max_distance_km if profile else 30
    licence = profile.has_driving_licence if profile else False
    vehicle = profile.has_vehicle if profile else False
    rank = {"none": 0, **{str(n): n for n in range(3, 9)}}.get(profile.qualification_level if profile else "")
    minor = person.age_on(today) < 18

    kept, score = True, 0
    # The job.
    rome = offer.rome
    if not romes:
        score += 10
    elif rome is not None and rome.code in romes:
        score += 55 if offer.appellation_id in {a.code_ogr for a in appellations} else 50
    elif rome is not None and rome.domain_code and rome.domain_code in domains:
        score += 25
    else:
        kept = False
    # The place.
    commune, home = offer.commune, person.commune
    offer_point = _point(offer.latitude, offer.longitude) or (commune and _point(commune.latitude, commune.longitude))
    home_point = home and _point(home.latitude, home.longitude)
    distance = haversine_km(*home_point, *offer_point) if offer_point and home_point else None
    if commune is None or home is None:
        tier = "unknown"
    elif commune.code == home.code:
        tier = "same_commune"
    elif home.epci_id and commune.epci_id == home.epci_id:
        tier = "same_epci"
    elif _area(home) and _area(commune) == _area(home):
        tier = "same_departement"
    else:
        tier = "elsewhere"
    if distance is not None:
        if distance > max_km:
            kept = False
        else:
            score += math.floor(30 * (1 - distance / max(max_km, 1)) + 0.5)
    else:
        score += {"same_commune": 30, "same_epci": 20, "same_departement": 10}.get(tier, 0)
    # Constraints.
    if offer.requires_driving_licence and not licence:
        kept = False
    if offer.night_work and minor:
        kept = False
    if (profile and profile.part_time_only) or "childcare" in open_barriers:
        score += {"full_time": -20, "part_time": 5}.get(offer.working_time, 0)
    wishes = profile.wished_contract_types if profile else []
    if wishes and offer.contract_type in wishes:
        score += 10
    required_months = _required_months(offer)
    if offer.experience == "E" and not experiences:
        score -= 15
    elif offer.experience == "E" and required_months and declared is not None and declared < required_months:
        score -= 10
    required = _required(offer)
    if required is not None and rank is not None:
        level, named = required
        if rank >= level:
            score += 5
        elif named:
            score -= 15
        elif (declared or 0) < 12:
            score -= 10
    if "mobility" in open_barriers and not vehicle:
        if (distance is not None and distance > 10) or (distance is None and tier in ("same_departement", "elsewhere")):
            score -= 15
        if offer.requires_driving_licence and licence:
            score -= 15
    return Judged(offer.pk, person.pk, kept, score, distance)


def _key(judged: Judged, *, offers_first: bool):
    distance = judged.distance if judged.distance is not None else math.inf
    tie = -judged.offer_id if offers_first else judged.person_id
    return (-judged.score, distance, tie)


def best_offers(person: Person, offers, *, today: datetime.date, limit: int) -> list[Judged]:
    """The top `limit` of every open offer given, judged one by one."""
    judged = [judge(person, offer, today=today) for offer in offers if offer.status == OfferStatus.OPEN]
    return sorted((j for j in judged if j.kept), key=lambda j: _key(j, offers_first=True))[:limit]


def best_people(offer: Offer, people, *, today: datetime.date, limit: int) -> list[Judged]:
    judged = [judge(person, offer, today=today) for person in people]
    return sorted((j for j in judged if j.kept), key=lambda j: _key(j, offers_first=False))[:limit]
