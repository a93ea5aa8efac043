"""The split of a target list across pairs: properties (hypothesis) and the grouping against a random split."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.prospecting.split import Target, intra_group_distance, slice_sizes, targets_split

# Around Bordeaux: latitudes and longitudes of a département, some companies placed at their commune only (None).
coordinate = st.tuples(st.floats(min_value=44.5, max_value=45.2), st.floats(min_value=-1.2, max_value=0.2))
targets_strategy = st.lists(st.one_of(coordinate, st.none()), min_size=0, max_size=60).map(
    lambda points: [
        Target(id=index + 1, latitude=p[0] if p else None, longitude=p[1] if p else None)
        for index, p in enumerate(points)
    ]
)
groups_strategy = st.integers(min_value=1, max_value=8)


@given(targets_strategy, groups_strategy)
def test_every_company_goes_to_exactly_one_pair(targets, groups):
    split = targets_split(targets, groups)
    assigned = [i for group in split for i in group]
    assert len(split) == groups
    assert len(assigned) == len(set(assigned)), "a company is assigned twice"
    assert sorted(assigned) == sorted(t.id for t in targets)


@given(targets_strategy, groups_strategy)
def test_the_pairs_counts_differ_by_at_most_one(targets, groups):
    sizes = [len(group) for group in targets_split(targets, groups)]
    assert max(sizes) - min(sizes) <= 1


@given(targets_strategy, groups_strategy, st.randoms(use_true_random=False))
def test_it_is_deterministic_whatever_the_order_given(targets, groups, rnd):
    shuffled = list(targets)
    rnd.shuffle(shuffled)
    assert targets_split(shuffled, groups) == targets_split(targets, groups)


def test_slice_sizes_give_the_larger_shares_first():
    assert slice_sizes(10, 3) == [4, 3, 3]
    assert slice_sizes(2, 3) == [1, 1, 0]


def test_it_refuses_no_pair():
    with pytest.raises(ValueError):
        targets_split([], 0)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("groups", [2, 3, 5])
def test_grouping_beats_a_random_split_on_the_distance_within_pairs(seed, groups):
    # 60 companies around Bordeaux, spread over the métropole.
    rnd = random.Random(seed)
    targets = [
        Target(id=i, latitude=44.84 + rnd.uniform(-0.12, 0.12), longitude=-0.58 + rnd.uniform(-0.17, 0.17))
        for i in range(1, 61)
    ]
    swept = intra_group_distance(targets, targets_split(targets, groups))
    randoms = []
    for _ in range(30):
        ids = [t.id for t in targets]
        rnd.shuffle(ids)
        randoms.append(intra_group_distance(targets, [ids[g::groups] for g in range(groups)]))
    # Grouped on the map: clearly less spread than even the best of thirty random splits.
    assert swept < min(randoms) * 0.9


def test_companies_in_two_towns_are_not_mixed():
    # Two clusters far apart, two pairs: each pair gets one town.
    west = [Target(id=i, latitude=44.84 + i * 1e-3, longitude=-0.60) for i in range(1, 6)]
    east = [Target(id=i, latitude=44.84 + i * 1e-3, longitude=0.40) for i in range(6, 11)]
    split = targets_split(west + east, 2)
    assert sorted(map(sorted, split)) == [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]]
