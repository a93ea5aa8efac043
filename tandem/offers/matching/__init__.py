"""Matching young people and open offers, explained (issue "Shared job offers", point 3).

`scoring` rates one pair and says why; `queries` finds the pairs worth rating. See docs/matching.md.
"""

from __future__ import annotations

from tandem.offers.matching.queries import (
    CANDIDATE_RADIUS_KM,
    DEFAULT_LIMIT,
    PREFILTER_LIMIT,
    Suggestions,
    candidate_suggestions_for,
    offer_suggestions_for,
)
from tandem.offers.matching.scoring import Match, Seeker, Tier, bounding_box, evaluate, haversine_km, seeker_for

__all__ = [
    "CANDIDATE_RADIUS_KM",
    "DEFAULT_LIMIT",
    "PREFILTER_LIMIT",
    "Match",
    "Seeker",
    "Suggestions",
    "Tier",
    "bounding_box",
    "candidate_suggestions_for",
    "evaluate",
    "haversine_km",
    "offer_suggestions_for",
    "seeker_for",
]
