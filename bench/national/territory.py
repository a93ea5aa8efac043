"""The national map of the data set: Missions Locales' territories cut from the real communes.

No public list of Missions Locales with their communes exists (../shared/data/README.md): each département
(or overseas collectivity) gets a number of Missions Locales in proportion to its population, and its communes,
taken EPCI by EPCI, are cut into that many territories of about the same population. Every commune belongs to
exactly one territory.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    population: int
    area: str  # département code, or the overseas collectivity's
    epci: str
    latitude: float | None
    longitude: float | None


@dataclass
class Territory:
    area: str
    communes: list[Place] = field(default_factory=list)

    @property
    def population(self) -> int:
        return sum(place.population for place in self.communes)

    @property
    def seat(self) -> Place:
        """Where the Mission Locale sits: its most populated commune."""
        return max(self.communes, key=lambda place: (place.population, place.code))


def _proportional(populations: dict[str, int], count: int) -> dict[str, int]:
    """`count` split in proportion to population, at least one each (largest remainders)."""
    areas = sorted(populations)
    total = sum(populations.values()) or 1
    spare = count - len(areas)
    exact = {area: spare * populations[area] / total for area in areas}
    shares = {area: 1 + math.floor(exact[area]) for area in areas}
    left = count - sum(shares.values())
    by_remainder = sorted(areas, key=lambda area: (-(exact[area] - math.floor(exact[area])), area))
    for area in by_remainder[:left]:
        shares[area] += 1
    return shares


def _shares(populations: dict[str, int], caps: dict[str, int], total_count: int) -> dict[str, int]:
    """How many territories per area: in proportion to population, at least one, never more than the area has
    communes (Paris is one commune: one Mission Locale, with its sites), summing to total_count."""
    if total_count < len(populations) or total_count > sum(caps.values()):
        raise ValueError(f"{total_count} territories cannot be cut from {len(populations)} areas")
    fixed: dict[str, int] = {}
    while True:
        free = {area: population for area, population in populations.items() if area not in fixed}
        shares = _proportional(free, total_count - sum(fixed.values()))
        over = [area for area, share in shares.items() if share > caps[area]]
        if not over:
            return {**fixed, **shares}
        for area in over:
            fixed[area] = caps[area]


def _cut(places: list[Place], count: int) -> list[list[Place]]:
    """Cut the places (in order) into `count` consecutive runs of about the same population, none empty."""
    count = min(count, len(places))
    total = sum(max(place.population, 1) for place in places)
    runs: list[list[Place]] = []
    current: list[Place] = []
    running = 0
    for index, place in enumerate(places):
        left = len(places) - index
        runs_after = count - 1 - len(runs)
        target_reached = running >= (len(runs) + 1) * total / count
        if current and runs_after > 0 and (target_reached or left <= runs_after):
            runs.append(current)
            current = []
        current.append(place)
        running += max(place.population, 1)
    runs.append(current)
    return runs


def territories_cut(places: list[Place], *, count: int) -> list[Territory]:
    """`count` territories covering every place once, deterministic for the same input."""
    by_area: dict[str, list[Place]] = defaultdict(list)
    for place in places:
        by_area[place.area].append(place)
    populations = {area: sum(p.population for p in rows) for area, rows in by_area.items()}
    shares = _shares(populations, {area: len(rows) for area, rows in by_area.items()}, count)
    territories: list[Territory] = []
    for area in sorted(by_area):
        ordered = sorted(by_area[area], key=lambda place: (place.epci, place.code))
        for run in _cut(ordered, shares[area]):
            territories.append(Territory(area=area, communes=run))
    return territories


def nearest(point: Place, candidates: list[tuple[int, float, float]]) -> int:
    """The id of the candidate (id, latitude, longitude) nearest to the place (equirectangular distance)."""
    if point.latitude is None or point.longitude is None:
        return candidates[0][0]
    cos_lat = math.cos(math.radians(point.latitude))

    def distance(candidate: tuple[int, float, float]) -> float:
        _, lat, lon = candidate
        return (lat - point.latitude) ** 2 + ((lon - point.longitude) * cos_lat) ** 2  # type: ignore[operator]

    return min(candidates, key=distance)[0]
