"""The rotation of pairs: properties checked on any set of volunteers (hypothesis)."""

from __future__ import annotations

import itertools
import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.prospecting.rotation import Volunteer, pair_key, pairs_possible, pairs_rotate

organisations_of = st.lists(st.integers(min_value=1, max_value=4), min_size=0, max_size=10)
campaigns = st.integers(min_value=1, max_value=6)
wanted_pairs = st.one_of(st.none(), st.integers(min_value=0, max_value=5))


def _volunteers(organisations: list[int]) -> list[Volunteer]:
    return [Volunteer(id=index + 1, organisation=org) for index, org in enumerate(organisations)]


def _run(volunteers: list[Volunteer], rounds: int, wanted: int | None = None) -> list[list[tuple[int, int]]]:
    history: list[list[tuple[int, int]]] = []
    for _ in range(rounds):
        history.append(pairs_rotate(volunteers, history, wanted=wanted))
    return history


def _cost(pairs, met: Counter) -> int:
    return sum(met[pair_key(a, b)] ** 2 for a, b in pairs)


def _cheapest_pairing(people: list[Volunteer], met: Counter) -> int:
    """Brute force: the least cost of any pairing of these people across organisations."""
    if not people:
        return 0
    first, rest = people[0], people[1:]
    best = None
    for partner in rest:
        if partner.organisation == first.organisation:
            continue
        others = [v for v in rest if v is not partner]
        sub = _cheapest_pairing(others, met)
        if sub is None:
            continue
        total = met[pair_key(first.id, partner.id)] ** 2 + sub
        best = total if best is None else min(best, total)
    return best


@given(organisations_of, campaigns, wanted_pairs)
def test_it_never_pairs_two_people_of_the_same_organisation(organisations, rounds, wanted):
    volunteers = _volunteers(organisations)
    org = {v.id: v.organisation for v in volunteers}
    for pairs in _run(volunteers, rounds, wanted):
        people = [person for pair in pairs for person in pair]
        assert len(people) == len(set(people)), "someone is in two pairs"
        assert all(org[a] != org[b] for a, b in pairs)


@given(organisations_of, campaigns, wanted_pairs)
def test_it_forms_as_many_pairs_as_asked_and_possible(organisations, rounds, wanted):
    volunteers = _volunteers(organisations)
    possible = pairs_possible(Counter(organisations).values())
    expected = possible if wanted is None else min(wanted, possible)
    for pairs in _run(volunteers, rounds, wanted):
        assert len(pairs) == expected


@given(organisations_of, campaigns, wanted_pairs)
def test_the_load_within_an_organisation_differs_by_at_most_one(organisations, rounds, wanted):
    volunteers = _volunteers(organisations)
    load: Counter[int] = Counter()
    for pairs in _run(volunteers, rounds, wanted):
        for a, b in pairs:
            load[a] += 1
            load[b] += 1
        for organisation in set(organisations):
            counts = [load[v.id] for v in volunteers if v.organisation == organisation]
            assert max(counts) - min(counts) <= 1


@given(organisations_of, campaigns)
def test_everyone_takes_part_when_everyone_can_be_paired(organisations, rounds):
    volunteers = _volunteers(organisations)
    if 2 * pairs_possible(Counter(organisations).values()) != len(volunteers):
        return
    for pairs in _run(volunteers, rounds):
        assert {person for pair in pairs for person in pair} == {v.id for v in volunteers}


@settings(max_examples=60)
@given(organisations_of, campaigns, wanted_pairs)
def test_no_pair_repeats_while_another_pairing_of_the_participants_avoids_it(organisations, rounds, wanted):
    volunteers = _volunteers(organisations)
    by_id = {v.id: v for v in volunteers}
    history = _run(volunteers, rounds, wanted)
    met: Counter = Counter()
    for pairs in history[:-1]:
        met.update(pair_key(a, b) for a, b in pairs)
    last = history[-1]
    participants = sorted((by_id[p] for pair in last for p in pair), key=lambda v: v.id)
    assert _cost(last, met) == _cheapest_pairing(participants, met)


def test_two_organisations_meet_everyone_before_anyone_meets_twice():
    # Bordeaux: five France Travail agents and five Mission Locale advisers, five campaigns: 25 different pairs.
    volunteers = _volunteers([1] * 5 + [2] * 5)
    history = _run(volunteers, 5)
    formed = [pair for pairs in history for pair in pairs]
    assert len(formed) == 25
    assert len(set(formed)) == 25
    # The sixth campaign repeats, but each pair at most once more.
    sixth = pairs_rotate(volunteers, history)
    assert all(formed.count(pair) == 1 for pair in sixth)


def test_unequal_organisations_rotate_the_larger_ones_volunteers():
    # Four agents of France Travail, two Mission Locale advisers: two pairs a campaign, the agents take turns.
    volunteers = _volunteers([1, 1, 1, 1, 2, 2])
    history = _run(volunteers, 4)
    load = Counter(person for pairs in history for pair in pairs for person in pair)
    assert [load[i] for i in (1, 2, 3, 4)] == [2, 2, 2, 2]
    assert [load[i] for i in (5, 6)] == [4, 4]
    assert len({pair for pairs in history for pair in pairs}) == 8


@given(organisations_of, campaigns, wanted_pairs, st.randoms(use_true_random=False))
def test_it_is_deterministic_whatever_the_order_given(organisations, rounds, wanted, rnd):
    volunteers = _volunteers(organisations)
    history = _run(volunteers, rounds, wanted)
    shuffled = list(volunteers)
    rnd.shuffle(shuffled)
    past = [list(reversed(pairs)) for pairs in history[:-1]]
    assert pairs_rotate(shuffled, past, wanted=wanted) == history[-1]


def test_large_groups_are_paired_across_organisations_without_early_repeats():
    # Above the exact limit: greedy plus exchanges, still valid, deterministic and without repeat at first.
    volunteers = [Volunteer(id=i, organisation=1 + i % 3) for i in range(1, 31)]
    history = _run(volunteers, 3)
    org = {v.id: v.organisation for v in volunteers}
    for pairs in history:
        assert len(pairs) == 15
        assert all(org[a] != org[b] for a, b in pairs)
    formed = [pair for pairs in history for pair in pairs]
    assert len(formed) == len(set(formed))
    shuffled = list(volunteers)
    random.Random(4).shuffle(shuffled)
    assert pairs_rotate(shuffled, history[:2]) == history[2]


def test_nobody_is_paired_when_one_organisation_volunteers_alone():
    assert pairs_rotate(_volunteers([3, 3, 3]), []) == []
    assert pairs_rotate([], []) == []
    assert list(itertools.chain(pairs_rotate(_volunteers([1, 2]), [], wanted=0))) == []
