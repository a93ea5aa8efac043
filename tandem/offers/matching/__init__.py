"""Matching young people and open offers, explained: the database ranks, the criteria say why.

`criteria` defines each criterion once (its outcome in SQL, its points, how it reads), `queries` ranks the pairs
in one query per direction, `scoring` holds the weights and what a suggestion carries. See docs/matching.md.
"""

from __future__ import annotations

from tandem.offers.matching.queries import (
    DEFAULT_LIMIT,
    Suggestions,
    candidate_suggestions_for,
    match_for,
    offer_features,
    offer_suggestions_for,
    seeker_features,
)
from tandem.offers.matching.scoring import Match, Tier, bounding_box, haversine_km

__all__ = [
    "DEFAULT_LIMIT",
    "Match",
    "Suggestions",
    "Tier",
    "bounding_box",
    "candidate_suggestions_for",
    "haversine_km",
    "match_for",
    "offer_features",
    "offer_suggestions_for",
    "seeker_features",
]
