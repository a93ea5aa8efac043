"""The rotation of pairs (binômes): who prospects with whom in the next campaign. Pure, no database.

Given the volunteers (id, organisation) and the pairs of past campaigns, `pairs_rotate` forms the next pairs:

1. **never two people of the same organisation** (a hard rule);
2. **balanced load**: when not everyone can take part (one organisation has more volunteers, or fewer pairs are
   wanted), the volunteers paired least often so far take part first (ties by id), at most `k` per organisation
   so that `k` pairs can always be formed; from a fresh start, the counts within an organisation never differ by
   more than one, and when everyone can be paired everyone is;
3. **no repeat while other combinations remain**: among the participants, the pairing minimises the number of
   past meetings of the pairs formed (a pair already formed twice costs more than one formed once). Exact up to
   `EXACT_LIMIT` participants (a dynamic programme over the set of people left); above it, a greedy pairing
   improved by exchanges of partners until no exchange lowers the cost (documented in docs/prospecting.md);
4. **deterministic**: the same input gives the same pairs (every tie is broken by id).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

# Above this many participants the exact pairing (2^n states) would be slow: greedy plus exchanges instead.
EXACT_LIMIT = 16

Pair = tuple[int, int]


@dataclass(frozen=True)
class Volunteer:
    id: int
    organisation: int


def pair_key(a: int, b: int) -> Pair:
    return (a, b) if a < b else (b, a)


def pairs_possible(organisation_sizes: Iterable[int]) -> int:
    """How many pairs of people from different organisations these head counts allow at most."""
    sizes = list(organisation_sizes)
    total = sum(sizes)
    return min(total // 2, total - max(sizes, default=0))


def pairs_rotate(
    volunteers: Sequence[Volunteer],
    history: Iterable[Iterable[Pair]],
    *,
    wanted: int | None = None,
) -> list[Pair]:
    """The pairs of the next campaign (each as (smaller id, larger id), sorted), `wanted` of them at most."""
    people = sorted({v.id: v for v in volunteers}.values(), key=lambda v: v.id)
    met: Counter[Pair] = Counter()
    load: Counter[int] = Counter()
    for campaign in history:
        for a, b in campaign:
            met[pair_key(a, b)] += 1
            load[a] += 1
            load[b] += 1
    k = pairs_possible(Counter(v.organisation for v in people).values())
    if wanted is not None:
        k = min(k, max(wanted, 0))
    if k == 0:
        return []
    participants = _participants(people, load, k)
    if len(participants) <= EXACT_LIMIT:
        pairs = _pairing_exact(participants, met)
    else:
        pairs = _pairing_greedy(participants, met, load)
    return sorted(pair_key(a.id, b.id) for a, b in pairs)


def _participants(people: list[Volunteer], load: Counter[int], k: int) -> list[Volunteer]:
    """The 2k volunteers least paired so far, at most k per organisation (then k pairs can always be formed)."""
    chosen: list[Volunteer] = []
    per_organisation: Counter[int] = Counter()
    for volunteer in sorted(people, key=lambda v: (load[v.id], v.id)):
        if per_organisation[volunteer.organisation] < k:
            chosen.append(volunteer)
            per_organisation[volunteer.organisation] += 1
            if len(chosen) == 2 * k:
                break
    return sorted(chosen, key=lambda v: v.id)


def _pairing_exact(people: list[Volunteer], met: Counter[Pair]) -> list[tuple[Volunteer, Volunteer]]:
    """A perfect pairing across organisations of least total cost; the first person left is always paired first,
    with partners tried in id order, so ties resolve the same way every time."""
    n = len(people)
    full = (1 << n) - 1

    def cost(i: int, j: int) -> int:
        times = met[pair_key(people[i].id, people[j].id)]
        # A pair met twice weighs more than two pairs met once each: repeats are spread out.
        return times * times

    @cache
    def best(mask: int) -> tuple[float, tuple[tuple[int, int], ...]]:
        if mask == full:
            return 0, ()
        i = next(index for index in range(n) if not mask & (1 << index))
        found: tuple[float, tuple[tuple[int, int], ...]] = (float("inf"), ())
        for j in range(i + 1, n):
            if mask & (1 << j) or people[i].organisation == people[j].organisation:
                continue
            rest_cost, rest = best(mask | (1 << i) | (1 << j))
            total = cost(i, j) + rest_cost
            if total < found[0]:
                found = (total, ((i, j), *rest))
        return found

    _total, pairs = best(0)
    best.cache_clear()
    return [(people[i], people[j]) for i, j in pairs]


def _pairing_greedy(
    people: list[Volunteer], met: Counter[Pair], load: Counter[int]
) -> list[tuple[Volunteer, Volunteer]]:
    """Large groups: pair the most constrained first with its cheapest partner, keeping the rest pairable, then
    exchange partners between two pairs while that lowers the cost."""
    left = list(people)
    pairs: list[tuple[Volunteer, Volunteer]] = []

    def cost(a: Volunteer, b: Volunteer) -> int:
        return met[pair_key(a.id, b.id)] ** 2

    while left:
        sizes = Counter(v.organisation for v in left)
        first = min(left, key=lambda v: (-sizes[v.organisation], v.id))
        rest = [v for v in left if v is not first]
        candidates = [
            v
            for v in rest
            if v.organisation != first.organisation
            and pairs_possible((sizes - Counter([first.organisation, v.organisation])).values()) * 2 == len(left) - 2
        ]
        partner = min(candidates, key=lambda v: (cost(first, v), load[v.id], v.id))
        pairs.append((first, partner))
        left = [v for v in rest if v is not partner]
    improved = True
    while improved:
        improved = False
        for x in range(len(pairs)):
            for y in range(x + 1, len(pairs)):
                (a, b), (c, d) = pairs[x], pairs[y]
                now = cost(a, b) + cost(c, d)
                for p, q in (((a, c), (b, d)), ((a, d), (b, c))):
                    if p[0].organisation == p[1].organisation or q[0].organisation == q[1].organisation:
                        continue
                    if cost(*p) + cost(*q) < now:
                        pairs[x], pairs[y] = p, q
                        improved = True
                        break
                if improved:
                    break
            if improved:
                break
    return pairs
