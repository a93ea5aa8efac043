"""The split of a campaign's target list across its pairs. Pure, no database.

Each company goes to exactly one pair, the pairs' counts differ by at most one, and each pair's companies are
grouped on the map: a **sweep around the centroid**. The companies are placed on a plane (longitude scaled by the
cosine of the mean latitude, so that a degree east weighs as much as a degree north), sorted by their angle
around the centroid (then by distance to it), and the circle is cut into as many consecutive slices as there are
pairs, each slice holding ⌈m/N⌉ or ⌊m/N⌋ companies. The sweep starts in the widest empty angle, so that no group
of companies is cut at the start. A pair's slice is a sector of the territory: its visits follow one direction
out of the centre. Companies without coordinates come last, filling the last slices (counts stay balanced).

Deterministic: ties in angle and distance are broken by the company's id.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    id: int
    latitude: float | None
    longitude: float | None


def slice_sizes(count: int, groups: int) -> list[int]:
    """`count` shared by `groups` as evenly as possible, the larger shares first."""
    base, extra = divmod(count, groups)
    return [base + 1 if index < extra else base for index in range(groups)]


def targets_split(targets: Sequence[Target], groups: int) -> list[list[int]]:
    """The ids of each group's companies (group i for the i-th pair), in sweep order."""
    if groups < 1:
        raise ValueError("at least one group")
    placed = [t for t in targets if t.latitude is not None and t.longitude is not None]
    unplaced = sorted((t for t in targets if t.latitude is None or t.longitude is None), key=lambda t: t.id)
    order = [t.id for t in _sweep(placed)] + [t.id for t in unplaced]
    result: list[list[int]] = []
    start = 0
    for size in slice_sizes(len(order), groups):
        result.append(order[start : start + size])
        start += size
    return result


def _sweep(targets: list[Target]) -> list[Target]:
    if not targets:
        return []
    mean_latitude = sum(t.latitude or 0.0 for t in targets) / len(targets)
    scale = math.cos(math.radians(mean_latitude))
    points = {t.id: ((t.longitude or 0.0) * scale, t.latitude or 0.0) for t in targets}
    cx = sum(x for x, _y in points.values()) / len(points)
    cy = sum(y for _x, y in points.values()) / len(points)

    def polar(t: Target) -> tuple[float, float, int]:
        x, y = points[t.id]
        angle = math.atan2(y - cy, x - cx) % (2 * math.pi)
        return (round(angle, 9), round(math.hypot(x - cx, y - cy), 9), t.id)

    ordered = sorted(targets, key=polar)
    angles = [polar(t)[0] for t in ordered]
    # Start after the widest empty angle (the gap wrapping round from the last to the first counts too).
    gaps = [(angles[(i + 1) % len(angles)] - angles[i]) % (2 * math.pi) for i in range(len(angles))]
    if len(angles) > 1 and max(gaps) > 0:
        widest = max(range(len(gaps)), key=lambda i: (gaps[i], -i))
        start = (widest + 1) % len(ordered)
        ordered = ordered[start:] + ordered[:start]
    return ordered


def intra_group_distance(targets: Sequence[Target], groups: Sequence[Sequence[int]]) -> float:
    """Sum over groups of the distances between every two of its companies (plane units): the spread a split
    leaves; smaller is more grouped."""
    by_id = {t.id: t for t in targets}
    total = 0.0
    for group in groups:
        points = [by_id[i] for i in group if by_id[i].latitude is not None and by_id[i].longitude is not None]
        for index, a in enumerate(points):
            for b in points[index + 1 :]:
                scale = math.cos(math.radians(((a.latitude or 0.0) + (b.latitude or 0.0)) / 2))
                total += math.hypot(
                    ((a.longitude or 0.0) - (b.longitude or 0.0)) * scale, (a.latitude or 0.0) - (b.latitude or 0.0)
                )
    return total
