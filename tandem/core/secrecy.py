"""Statistical secrecy as INSEE applies it to counts of people (docs/secrecy.md).

Pure Python, no model and no database: indicators and the shared territorial diagnostics both call it, after they
have decided that secrecy applies to the reader (tandem.indicators.permissions.secrecy_applies).

- **Primary secrecy**: a count of 1 to 4 people (`is_primary`) is masked.
- **Secondary secrecy**: a table is published with its margins, and each margin is the sum of its line. Enough other
  entries are masked that no masked figure can be recomputed from what is shown:
  1. every line (a row with its row total, a column with its column total, the row totals with the grand total, the
     column totals with the grand total) that holds a masked entry holds at least two;
  2. in a line whose total is shown, the masked entries' sum (known: the total minus what is shown) is not itself
     1 to 4 (a group of fewer than 5 people);
  3. no masked entry is determined by the lines' equations taken together (exact rational Gaussian elimination:
     an entry is determined when its unit vector lies in the row space of the equations restricted to the masked
     unknowns), e.g. a masked cell linking two otherwise separate masked blocks.
  The entry added is, in order of preference: an interior cell rather than a margin, one that also completes another
  line holding a single masked entry, a non-zero count rather than a zero (a masked zero adds nothing to the masked
  sum, so it hides nothing), the smallest, then the first by row and column keys (sorted, so the result does not
  depend on the dictionary's order). Repeated until nothing changes; it always ends (a fully masked table reveals
  nothing) and gives the same answer for the same table.

Out of reach of these rules (docs/secrecy.md): bounds from the counts being non-negative (a masked cell known to lie
between 0 and 6 is not recomputed, but it is bounded), differences between two published tables sharing a margin,
and secrecy on amounts (the dominance rule): Tandem publishes counts of people only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

THRESHOLD = 5

# An entry of the published table: a cell, a row's total, a column's total or the grand total.
Entry = tuple[str, ...]
_CELL, _ROW_TOTAL, _COLUMN_TOTAL, _GRAND_TOTAL = "cell", "row_total", "column_total", "grand_total"
_KIND_ORDER = {_CELL: 0, _ROW_TOTAL: 1, _COLUMN_TOTAL: 2, _GRAND_TOTAL: 3}
_GRAND: Entry = (_GRAND_TOTAL,)


def is_primary(n: int) -> bool:
    """A count of 1 to 4 people is secret. Zero is shown: it points at nobody (INSEE's frequency rule protects the
    people counted in a cell, and there are none), and masking every zero would hide most of a sparse table for no
    one's sake. Negative counts do not exist (ValueError)."""
    if n < 0:
        raise ValueError(f"A count of people cannot be negative: {n}")
    return 1 <= n < THRESHOLD


def mask_value(n: int | None) -> int | None:
    """A lone figure: None when it is secret (1 to 4), itself otherwise (None stays None: nothing to compute)."""
    return None if n is not None and is_primary(n) else n


@dataclass(frozen=True)
class MaskedTable:
    """A two-way table as it may be published. `cells`, `row_totals` and `column_totals` hold the shown values,
    None where masked (`row_totals` / `column_totals` are empty when that margin is not published); `grand_total`
    is None when masked or when no margin is published (`grand_total_masked` tells which). `rows` and `columns`
    are in the order of their first appearance in the input; a pair absent from the input counts 0."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: dict[tuple[str, str], int | None]
    row_totals: dict[str, int | None]
    column_totals: dict[str, int | None]
    grand_total: int | None
    masked_cells: frozenset[tuple[str, str]]
    masked_row_totals: frozenset[str]
    masked_column_totals: frozenset[str]
    grand_total_masked: bool

    @property
    def has_masked(self) -> bool:
        return bool(self.masked_cells or self.masked_row_totals or self.masked_column_totals or self.grand_total_masked)


@dataclass(frozen=True)
class MaskedSeries:
    """A one-way split as it may be published: `values` (None where masked), `masked` (the masked keys, in the
    input's order), `total` (None when masked or not shown) and `total_masked`."""

    values: dict[str, int | None]
    masked: tuple[str, ...]
    total: int | None
    total_masked: bool


@dataclass(frozen=True)
class _Line:
    """An additive relation of the published table: the sum of `parts` is `total`."""

    parts: tuple[Entry, ...]
    total: Entry

    @property
    def entries(self) -> tuple[Entry, ...]:
        return (*self.parts, self.total)


def mask_table(
    cells: Mapping[tuple[str, str], int], *, row_totals: bool = True, column_totals: bool = True
) -> MaskedTable:
    """Mask a table of counts (row key, column key) → count published with the margins asked for (the grand total is
    published with either margin): primary secrecy, then secondary (see the module's docstring)."""
    rows = tuple(dict.fromkeys(row for row, _column in cells))
    columns = tuple(dict.fromkeys(column for _row, column in cells))
    values: dict[Entry, int] = {}
    for row in rows:
        for column in columns:
            values[(_CELL, row, column)] = cells.get((row, column), 0)
    # The lines in the keys' sorted order: the result does not depend on the order of the input.
    lines = _layout(tuple(sorted(rows)), tuple(sorted(columns)), row_totals=row_totals, column_totals=column_totals)
    for line in lines:
        values[line.total] = sum(values[part] for part in line.parts)
    for value in values.values():
        is_primary(value)  # refuses negative counts
    masked = _suppress(values, lines)

    def shown(entry: Entry) -> int | None:
        return None if entry in masked else values[entry]

    has_grand = row_totals or column_totals
    return MaskedTable(
        rows=rows,
        columns=columns,
        cells={(row, column): shown((_CELL, row, column)) for row in rows for column in columns},
        row_totals={row: shown((_ROW_TOTAL, row)) for row in rows} if row_totals else {},
        column_totals={column: shown((_COLUMN_TOTAL, column)) for column in columns} if column_totals else {},
        grand_total=shown(_GRAND) if has_grand else None,
        masked_cells=frozenset((entry[1], entry[2]) for entry in masked if entry[0] == _CELL),
        masked_row_totals=frozenset(entry[1] for entry in masked if entry[0] == _ROW_TOTAL),
        masked_column_totals=frozenset(entry[1] for entry in masked if entry[0] == _COLUMN_TOTAL),
        grand_total_masked=_GRAND in masked,
    )


def mask_series(values: Mapping[str, int], total_shown: bool = True) -> MaskedSeries:
    """Mask a split (key → count) published with its total (`total_shown`) or without: the same rules on one line.
    Without its total, only primary secrecy applies (nothing relates the figures)."""
    table = mask_table({("", key): count for key, count in values.items()}, row_totals=total_shown, column_totals=False)
    return MaskedSeries(
        values={key: table.cells[("", key)] for key in values},
        masked=tuple(key for key in values if ("", key) in table.masked_cells),
        total=table.row_totals.get("") if total_shown else None,
        total_masked="" in table.masked_row_totals,
    )


def _layout(rows: tuple[str, ...], columns: tuple[str, ...], *, row_totals: bool, column_totals: bool) -> list[_Line]:
    lines: list[_Line] = []
    if row_totals:
        lines += [_Line(tuple((_CELL, row, column) for column in columns), (_ROW_TOTAL, row)) for row in rows]
        lines.append(_Line(tuple((_ROW_TOTAL, row) for row in rows), _GRAND))
    if column_totals:
        lines += [_Line(tuple((_CELL, row, column) for row in rows), (_COLUMN_TOTAL, column)) for column in columns]
        lines.append(_Line(tuple((_COLUMN_TOTAL, column) for column in columns), _GRAND))
    return lines


def _order(entry: Entry) -> tuple[int, tuple[str, ...]]:
    return (_KIND_ORDER[entry[0]], entry[1:])


def _suppress(values: Mapping[Entry, int], lines: list[_Line]) -> set[Entry]:
    masked = {entry for entry, value in values.items() if is_primary(value)}
    lines_of: dict[Entry, list[_Line]] = {}
    for line in lines:
        for entry in line.entries:
            lines_of.setdefault(entry, []).append(line)
    while True:
        exposed = next((line for line in lines if _is_exposed(line, values, masked)), None)
        if exposed is not None:
            candidates = [entry for entry in exposed.entries if entry not in masked]
            masked.add(min(candidates, key=lambda entry: _rank(entry, exposed, values, masked, lines_of)))
            continue
        determined = _determined(lines, masked)
        if not determined:
            return masked
        target = min(determined, key=_order)
        near = {entry for line in lines_of[target] for entry in line.entries if entry not in masked}
        # Its own lines first; any other entry if they are all masked already (a fully masked table reveals
        # nothing, so some entry is always left while one is determined).
        candidates = sorted(
            near or {entry for entry in values if entry not in masked},
            key=lambda entry: _rank(entry, None, values, masked, lines_of),
        )
        freeing = next((entry for entry in candidates if target not in _determined(lines, masked | {entry})), None)
        masked.add(freeing if freeing is not None else candidates[0])


def _is_exposed(line: _Line, values: Mapping[Entry, int], masked: set[Entry]) -> bool:
    """A line holding a single masked entry (recomputed from the others), or whose shown total reveals that its
    masked entries add up to 1-4 people."""
    hidden = [entry for entry in line.entries if entry in masked]
    if len(hidden) == 1:
        return True
    return line.total not in masked and is_primary(sum(values[entry] for entry in hidden))


def _rank(
    entry: Entry,
    line: _Line | None,
    values: Mapping[Entry, int],
    masked: set[Entry],
    lines_of: dict[Entry, list[_Line]],
) -> tuple[bool, int, bool, int, tuple[int, tuple[str, ...]]]:
    completes = sum(
        1
        for other in lines_of[entry]
        if other is not line and sum(1 for member in other.entries if member in masked) == 1
    )
    return (entry[0] != _CELL, -completes, values[entry] == 0, values[entry], _order(entry))


def _determined(lines: Iterable[_Line], masked: set[Entry]) -> set[Entry]:
    """The masked entries that the lines' equations fix, whatever the values shown: reduced row echelon form of the
    equations restricted to the masked unknowns, in exact fractions; an unknown is determined when it is a pivot
    whose row has no coefficient on a free unknown."""
    unknowns = sorted(masked, key=_order)
    index = {entry: i for i, entry in enumerate(unknowns)}
    matrix: list[list[Fraction]] = []
    for line in lines:
        equation = [Fraction(0)] * len(unknowns)
        for part in line.parts:
            if part in index:
                equation[index[part]] += 1
        if line.total in index:
            equation[index[line.total]] -= 1
        if any(equation):
            matrix.append(equation)
    pivots: list[int] = []
    row = 0
    for column in range(len(unknowns)):
        found = next((r for r in range(row, len(matrix)) if matrix[r][column] != 0), None)
        if found is None:
            continue
        matrix[row], matrix[found] = matrix[found], matrix[row]
        pivot = matrix[row][column]
        matrix[row] = [value / pivot for value in matrix[row]]
        for other in range(len(matrix)):
            if other != row and matrix[other][column] != 0:
                factor = matrix[other][column]
                matrix[other] = [a - factor * b for a, b in zip(matrix[other], matrix[row], strict=True)]
        pivots.append(column)
        row += 1
    free = [column for column in range(len(unknowns)) if column not in set(pivots)]
    return {unknowns[column] for r, column in enumerate(pivots) if all(matrix[r][other] == 0 for other in free)}
