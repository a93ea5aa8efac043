"""Statistical secrecy (tandem.core.secrecy): hand-built tables with known answers, then properties over random
tables checked by an attacker written here, independently of the module: from what is shown only (the unmasked
cells and margins), it finds every masked entry that the row, column and grand-total equations fix."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.core import secrecy
from tandem.core.secrecy import MaskedSeries, MaskedTable, is_primary, mask_series, mask_table, mask_value

# An entry of a published table, as the attacker names it.
CELL, ROW_TOTAL, COLUMN_TOTAL, GRAND_TOTAL = "cell", "row_total", "column_total", "grand_total"


# --- The attacker -------------------------------------------------------------------------------------------------


def _rank(matrix: list[list[Fraction]]) -> int:
    """Rank by plain Gaussian elimination in exact fractions."""
    rows = [list(row) for row in matrix]
    rank = 0
    width = len(rows[0]) if rows else 0
    for column in range(width):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][column] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for r in range(rank + 1, len(rows)):
            factor = rows[r][column] / rows[rank][column]
            rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank], strict=True)]
        rank += 1
    return rank


def _equations(table: MaskedTable) -> list[tuple[list[tuple], tuple]]:
    """The published sums, each as (its parts, its total), read from what the table publishes."""
    cell = {(r, c): (CELL, r, c) for r in table.rows for c in table.columns}
    equations: list[tuple[list[tuple], tuple]] = []
    if table.row_totals:
        equations += [([cell[(r, c)] for c in table.columns], (ROW_TOTAL, r)) for r in table.rows]
        equations.append(([(ROW_TOTAL, r) for r in table.rows], (GRAND_TOTAL,)))
    if table.column_totals:
        equations += [([cell[(r, c)] for r in table.rows], (COLUMN_TOTAL, c)) for c in table.columns]
        equations.append(([(COLUMN_TOTAL, c) for c in table.columns], (GRAND_TOTAL,)))
    return equations


def _shown(table: MaskedTable) -> dict[tuple, int | None]:
    shown: dict[tuple, int | None] = {(CELL, r, c): v for (r, c), v in table.cells.items()}
    shown |= {(ROW_TOTAL, r): v for r, v in table.row_totals.items()}
    shown |= {(COLUMN_TOTAL, c): v for c, v in table.column_totals.items()}
    if table.row_totals or table.column_totals:
        shown[(GRAND_TOTAL,)] = table.grand_total
    return shown


def recomputable_cells(table: MaskedTable) -> set[tuple]:
    """Every masked entry (None in what is shown) that the equations determine: x_j is fixed iff adding its unit
    vector to the equations restricted to the unknowns does not raise their rank (it is in their row space)."""
    shown = _shown(table)
    unknowns = sorted(entry for entry, value in shown.items() if value is None)
    index = {entry: i for i, entry in enumerate(unknowns)}
    matrix = []
    for parts, total in _equations(table):
        row = [Fraction(0)] * len(unknowns)
        for part in parts:
            if part in index:
                row[index[part]] += 1
        if total in index:
            row[index[total]] -= 1
        matrix.append(row)
    base = _rank(matrix)
    found = set()
    for entry, i in index.items():
        unit = [Fraction(int(j == i)) for j in range(len(unknowns))]
        if _rank([*matrix, unit]) == base:
            found.add(entry)
    return found


def _as_table(series: MaskedSeries, total_shown: bool) -> MaskedTable:
    return MaskedTable(
        rows=("",),
        columns=tuple(series.values),
        cells={("", key): value for key, value in series.values.items()},
        row_totals={"": series.total} if total_shown else {},
        column_totals={},
        grand_total=series.total if total_shown else None,
        masked_cells=frozenset(("", key) for key in series.masked),
        masked_row_totals=frozenset({""}) if series.total_masked else frozenset(),
        masked_column_totals=frozenset(),
        grand_total_masked=series.total_masked,
    )


def _only_primary(cells: dict[tuple[str, str], int]) -> MaskedTable:
    """The table with its small cells masked and nothing else (what secondary secrecy must improve on)."""
    rows = tuple(dict.fromkeys(r for r, _c in cells))
    columns = tuple(dict.fromkeys(c for _r, c in cells))
    row_totals = {r: sum(cells[(r, c)] for c in columns) for r in rows}
    column_totals = {c: sum(cells[(r, c)] for r in rows) for c in columns}
    return MaskedTable(
        rows=rows,
        columns=columns,
        cells={key: mask_value(value) for key, value in cells.items()},
        row_totals=row_totals,
        column_totals=column_totals,
        grand_total=sum(cells.values()),
        masked_cells=frozenset(key for key, value in cells.items() if is_primary(value)),
        masked_row_totals=frozenset(),
        masked_column_totals=frozenset(),
        grand_total_masked=False,
    )


def _grid(values: list[list[int]]) -> dict[tuple[str, str], int]:
    return {(f"r{i}", f"c{j}"): value for i, line in enumerate(values) for j, value in enumerate(line)}


SMALL = _grid([[3, 10, 20], [12, 15, 30], [8, 9, 11]])


# --- The attacker itself works -------------------------------------------------------------------------------------


def test_the_attacker_recomputes_a_small_cell_that_only_primary_secrecy_masked():
    assert recomputable_cells(_only_primary(SMALL)) == {(CELL, "r0", "c0")}


def test_the_attacker_recomputes_a_cell_bridging_two_masked_blocks_though_every_line_holds_two():
    """Two 2×2 masked blocks joined by one masked cell: each line holds two or three masked cells, yet the bridge
    is r1's total minus what columns c0 and c1 and row r0 say about the first block. The module sees it too."""
    cells = _grid([[10 + i + j for j in range(4)] for i in range(4)])
    masked = {("r0", "c0"), ("r0", "c1"), ("r1", "c0"), ("r1", "c1"), ("r2", "c2"), ("r2", "c3"), ("r3", "c2")}
    masked |= {("r3", "c3"), ("r1", "c2")}
    table = _only_primary(cells)
    table = MaskedTable(
        **{**table.__dict__, "cells": {k: (None if k in masked else v) for k, v in cells.items()}},
    )
    assert recomputable_cells(table) == {(CELL, "r1", "c2")}
    lines = secrecy._layout(table.rows, table.columns, row_totals=True, column_totals=True)
    assert secrecy._determined(lines, {(CELL, *key) for key in masked}) == {(CELL, "r1", "c2")}


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 5),
    st.integers(1, 5),
    st.booleans(),
    st.booleans(),
    st.data(),
)
def test_the_module_s_check_agrees_with_the_attacker_on_any_masked_set(height, width, row_totals, column_totals, data):
    rows, columns = [f"r{i}" for i in range(height)], [f"c{j}" for j in range(width)]
    entries = [(CELL, r, c) for r in rows for c in columns]
    entries += [(ROW_TOTAL, r) for r in rows] if row_totals else []
    entries += [(COLUMN_TOTAL, c) for c in columns] if column_totals else []
    entries += [(GRAND_TOTAL,)] if row_totals or column_totals else []
    masked = set(data.draw(st.sets(st.sampled_from(entries))))
    table = MaskedTable(
        rows=tuple(rows),
        columns=tuple(columns),
        cells={(r, c): None if (CELL, r, c) in masked else 10 for r in rows for c in columns},
        row_totals={r: None if (ROW_TOTAL, r) in masked else 10 for r in rows} if row_totals else {},
        column_totals={c: None if (COLUMN_TOTAL, c) in masked else 10 for c in columns} if column_totals else {},
        grand_total=None if (GRAND_TOTAL,) in masked else 10,
        masked_cells=frozenset(),
        masked_row_totals=frozenset(),
        masked_column_totals=frozenset(),
        grand_total_masked=(GRAND_TOTAL,) in masked,
    )
    lines = secrecy._layout(tuple(rows), tuple(columns), row_totals=row_totals, column_totals=column_totals)
    assert secrecy._determined(lines, masked) == recomputable_cells(table)


# --- Hand-built tables ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("n", "secret"), [(0, False), (1, True), (4, True), (5, False), (40, False)])
def test_one_to_four_people_are_secret_zero_and_five_are_not(n, secret):
    assert is_primary(n) is secret
    assert mask_value(n) == (None if secret else n)


def test_a_lone_missing_figure_stays_missing_and_a_negative_count_is_refused():
    assert mask_value(None) is None
    with pytest.raises(ValueError):
        is_primary(-1)
    with pytest.raises(ValueError):
        mask_table({("a", "x"): -2})


def test_a_single_small_cell_forces_a_second_one_in_its_row_and_in_its_column():
    """3 in r0c0: its row's smallest other cell (10, r0c1) and its column's (8, r2c0) are masked, then r2c1 (9)
    protects both r2 and c1 at once: a 2×2 block, every margin shown."""
    table = mask_table(SMALL)
    assert table.masked_cells == {("r0", "c0"), ("r0", "c1"), ("r2", "c0"), ("r2", "c1")}
    assert not (table.masked_row_totals or table.masked_column_totals or table.grand_total_masked)
    assert table.cells[("r0", "c0")] is None and table.cells[("r0", "c2")] == 20
    assert table.row_totals == {"r0": 33, "r1": 57, "r2": 28} and table.grand_total == 118
    assert recomputable_cells(table) == set()


def test_a_small_margin_is_masked_and_its_line_of_margins_protected():
    """Row r0 is 2 + 1 = 3 people: its total is secret, so another row total (the smallest, r2's 16) goes, then a
    cell of r2 for each column holding a lone masked cell."""
    table = mask_table(_grid([[2, 1], [10, 20], [7, 9]]))
    assert table.masked_row_totals == {"r0", "r2"}
    assert table.masked_cells == {("r0", "c0"), ("r0", "c1"), ("r2", "c0"), ("r2", "c1")}
    assert table.row_totals["r1"] == 30 and table.column_totals == {"c0": 19, "c1": 30} and table.grand_total == 49
    assert recomputable_cells(table) == set()


def test_zeros_are_shown_and_a_non_zero_partner_is_preferred_to_a_zero():
    """A masked zero beside a 3 would leave the masked pair adding up to 3: the 12 is masked instead."""
    series = mask_series({"a": 3, "b": 0, "c": 0, "d": 12})
    assert series.values == {"a": None, "b": 0, "c": 0, "d": None}
    assert series.masked == ("a", "d") and series.total == 15 and not series.total_masked


def test_a_table_of_zeros_and_large_counts_masks_nothing():
    table = mask_table(_grid([[0, 0, 7], [0, 12, 5]]))
    assert not table.has_masked and table.cells == _grid([[0, 0, 7], [0, 12, 5]])


def test_a_split_whose_total_is_small_masks_the_total_too():
    series = mask_series({"referral": 3, "designation": 0})
    assert series == MaskedSeries(
        values={"referral": None, "designation": 0}, masked=("referral",), total=None, total_masked=True
    )


def test_two_small_cells_adding_up_to_under_five_need_a_third():
    """1 and 2 masked beside a shown total: the pair is known to be 3 people, a third cell (5) joins them."""
    series = mask_series({"a": 1, "b": 2, "c": 5, "d": 40})
    assert series.masked == ("a", "b", "c") and series.total == 48


def test_without_its_total_a_split_only_hides_its_small_figures():
    series = mask_series({"a": 3, "b": 30}, total_shown=False)
    assert series.values == {"a": None, "b": 30} and series.total is None


def test_a_table_without_margins_only_hides_its_small_cells():
    table = mask_table(SMALL, row_totals=False, column_totals=False)
    assert table.masked_cells == {("r0", "c0")} and table.row_totals == {} and table.grand_total is None


def test_a_missing_pair_counts_zero():
    table = mask_table({("a", "x"): 10, ("b", "y"): 20})
    assert table.cells == {("a", "x"): 10, ("a", "y"): 0, ("b", "x"): 0, ("b", "y"): 20}


# --- Properties over random tables ---------------------------------------------------------------------------------

COUNTS = st.one_of(st.integers(0, 4), st.integers(0, 40))


@st.composite
def tables(draw) -> tuple[dict[tuple[str, str], int], bool, bool]:
    height, width = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    cells = {(f"r{i}", f"c{j}"): draw(COUNTS) for i in range(height) for j in range(width)}
    return cells, draw(st.booleans()), draw(st.booleans())


@settings(max_examples=200, deadline=None)
@given(tables())
def test_no_small_figure_is_shown_and_no_masked_one_can_be_recomputed(drawn):
    cells, row_totals, column_totals = drawn
    table = mask_table(cells, row_totals=row_totals, column_totals=column_totals)
    shown = _shown(table)
    assert not any(value is not None and is_primary(value) for value in shown.values())
    assert recomputable_cells(table) == set()
    # Each published sum holds no masked entry or at least two, and the masked entries of a sum whose total is
    # shown do not add up to 1-4 people.
    values = {(CELL, r, c): v for (r, c), v in cells.items()}
    for parts, total in _equations(table):
        values[total] = sum(values[part] for part in parts)
        hidden = [entry for entry in [*parts, total] if shown[entry] is None]
        assert len(hidden) != 1
        if shown[total] is not None:
            assert not is_primary(sum(values[entry] for entry in hidden))


@settings(max_examples=200, deadline=None)
@given(tables())
def test_the_masking_is_deterministic_whatever_the_order_of_the_cells(drawn):
    cells, row_totals, column_totals = drawn
    first = mask_table(cells, row_totals=row_totals, column_totals=column_totals)
    again = mask_table(cells, row_totals=row_totals, column_totals=column_totals)
    reversed_order = mask_table(dict(reversed(cells.items())), row_totals=row_totals, column_totals=column_totals)
    assert first == again
    assert (first.masked_cells, first.masked_row_totals, first.masked_column_totals) == (
        reversed_order.masked_cells,
        reversed_order.masked_row_totals,
        reversed_order.masked_column_totals,
    )


@settings(max_examples=200, deadline=None)
@given(tables())
def test_nothing_is_masked_without_a_small_cell(drawn):
    cells, row_totals, column_totals = drawn
    cells = {key: (value if not is_primary(value) else value + 5) for key, value in cells.items()}
    table = mask_table(cells, row_totals=row_totals, column_totals=column_totals)
    assert not table.has_masked


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from("abcdefgh"), COUNTS, min_size=1), st.booleans())
def test_a_split_shows_no_small_figure_and_none_masked_can_be_recomputed(values, total_shown):
    series = mask_series(values, total_shown=total_shown)
    assert all(shown is None or not is_primary(shown) for shown in [*series.values.values(), series.total])
    assert set(series.masked) == {key for key, value in series.values.items() if value is None}
    assert recomputable_cells(_as_table(series, total_shown)) == set()
