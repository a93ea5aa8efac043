"""The weights of the fit score, the places' tiers, what one suggestion carries, and the geometry.

The criteria themselves (how each is computed in SQL and how it reads) are in `criteria.py`; docs/matching.md
explains them. Nothing here queries.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy

from tandem.offers.models import Offer
from tandem.people.models import Person

DEFAULT_MAX_DISTANCE_KM = 30
EARTH_RADIUS_KM = 6371.0
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
# The most a pair gains beside the job (the place, part time, the contract wished, the level): a person of a lower job
# tier never scores more than its job points plus this, so candidates are read tier by tier (queries.py).
BEST_POINTS_BESIDE_JOB = (
    max(DISTANCE_POINTS, *TIER_POINTS.values()) + PART_TIME_BONUS + WISHED_CONTRACT_POINTS + QUALIFICATION_POINTS
)
QUALIFICATION_PENALTY = 15  # below a diploma the offer names
QUALIFICATION_USUAL_PENALTY = 10  # below the level usually expected for the offer's kind of job
# Experience that stands for the level usually expected for a kind of job (not for a diploma the offer names).
EXPERIENCE_FOR_QUALIFICATION_MONTHS = 12
# A mobility barrier without a vehicle: offers farther than this, or needing a driving licence, rank lower.
MOBILITY_NEAR_KM = 10
MOBILITY_PENALTY = 15


class Tier(models.TextChoices):
    SAME_COMMUNE = "same_commune", gettext_lazy("Même commune")
    SAME_EPCI = "same_epci", gettext_lazy("Même intercommunalité")
    SAME_DEPARTEMENT = "same_departement", gettext_lazy("Même département")
    ELSEWHERE = "elsewhere", gettext_lazy("Hors du département")
    UNKNOWN = "unknown", gettext_lazy("Lieu inconnu")


@dataclass
class Match:
    """One suggestion: the pair, its score as the database computed it, and the reasons, criterion by criterion."""

    offer: Offer
    person: Person
    score: int
    reasons_met: list[str]
    reasons_missed: list[str]
    distance_km: float | None
    tier: str
    outcomes: dict[str, str] = field(default_factory=dict)  # each criterion's outcome (criteria.CRITERIA)
    excluded: str = ""  # why the pair is left out (match_for only: suggestions hold kept pairs); "" when kept

    @property
    def tier_label(self) -> str:
        return str(Tier(self.tier).label)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance; `criteria.DISTANCE_SQL` is the same formula, operation for operation."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


# Added to the box's half-sides: the box must hold every point of the circle, rounding included.
BOX_MARGIN_DEGREES = 0.01


def bounding_box(lat: float, lon: float, km: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """Latitude and longitude ranges holding every point within `km` of the point (a superset of the circle).

    On a sphere the circle is widest in longitude away from its centre's latitude: its half-width is
    asin(sin(d/R) / cos(lat)), not d / (R cos(lat)); near a pole, or across the antimeridian, the box takes
    every longitude.
    """
    angle = km / EARTH_RADIUS_KM
    dlat = math.degrees(angle) + BOX_MARGIN_DEGREES
    cos_lat = math.cos(math.radians(lat))
    ratio = math.sin(min(angle, math.pi / 2)) / cos_lat if cos_lat > 0 else 2.0
    dlon = 180.0 if ratio >= 1 else math.degrees(math.asin(ratio)) + BOX_MARGIN_DEGREES
    west, east = lon - dlon, lon + dlon
    if west < -180 or east > 180:  # across the antimeridian (Wallis-et-Futuna): every longitude
        west, east = -180.0, 180.0
    return (lat - dlat, lat + dlat), (west, east)
