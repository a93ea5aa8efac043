"""How a version's frozen tables read on a page, in the CSV export and in a comparison of two versions.

A cell is a count, or None once statistical secrecy has masked it: pages show « s » for it (with the explanation
under the table), and any ratio or difference that needs it is unknown (None too).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from tandem.core.secrecy import is_primary, mask_series, mask_table, mask_value
from tandem.people.enums import BarrierKind, QualificationLevel

SECRET = "s"
TOTAL = _("Total")


@dataclass(frozen=True)
class TableSpec:
    key: str
    title: Any  # lazy texts: translated when shown
    columns: Mapping[str, Any]
    rows: Mapping[str, Any] = field(default_factory=dict)  # empty: the rows carry their labels (ROME)
    ratio: bool = False  # offers per candidate, from the two counts


PEOPLE = {"people": _("Jeunes")}
ROMES = {"offers": _("Offres ouvertes"), "candidates": _("Jeunes qui recherchent ce métier")}
SPECS = [
    TableSpec(
        "ages",
        _("Jeunes demandeurs d'emploi par âge"),
        PEOPLE,
        {"16_17": _("16 et 17 ans"), "18_21": _("18 à 21 ans"), "22_25": _("22 à 25 ans"), "total": TOTAL},
    ),
    TableSpec(
        "qualifications",
        _("Jeunes demandeurs d'emploi par niveau de qualification"),
        PEOPLE,
        {value: label for value, label in QualificationLevel.choices if value} | {"unknown": _("Non renseigné")},
    ),
    TableSpec(
        "areas",
        _("Jeunes demandeurs d'emploi des territoires prioritaires"),
        PEOPLE,
        {
            "qpv": _("Habitant une commune qui compte un quartier prioritaire (QPV)"),
            "zrr": _("Habitant une commune classée en tout ou partie en zone de revitalisation rurale (ZRR)"),
            "total": TOTAL,
        },
    ),
    TableSpec(
        "offers_total", _("Offres d'emploi ouvertes sur le territoire"), {"offers": _("Offres")}, {"total": TOTAL}
    ),
    TableSpec("tension", _("Métiers en tension : le plus d'offres par jeune qui les recherche"), ROMES, ratio=True),
    TableSpec("surplus", _("Métiers recherchés : le plus de jeunes par offre"), ROMES, ratio=True),
    TableSpec(
        "barriers",
        _("Freins identifiés et non levés, du plus fréquent au moins fréquent"),
        PEOPLE,
        dict(BarrierKind.choices),
    ),
]
RATIO = _("Offres par jeune")
_SPECS = {spec.key: spec for spec in SPECS}


def ratio(values: dict[str, int | None]) -> float | str | None:
    """Offers per candidate; None when a count is masked, "" (no ratio) when nobody seeks the job."""
    offers, candidates = values.get("offers"), values.get("candidates")
    if offers is None or candidates is None:
        return None
    if candidates == 0:
        return ""
    return round(offers / candidates, 2)


def _label(spec: TableSpec, row: dict[str, Any]) -> str:
    if not spec.rows:
        return f"{row['key']} – {row.get('label') or row['key']}"
    return str(spec.rows.get(row["key"], row["key"]))


def _rows(figures: dict[str, Any], spec: TableSpec) -> list[dict[str, Any]]:
    table = (figures.get("tables") or {}).get(spec.key) or {}
    return list(table.get("rows") or [])


@dataclass
class ShownTable:
    key: str
    title: str
    headers: list[str]
    # {"label", "in_tension", "cells": [...]}: a cell is a number, None (masked: « s ») or "" (none: « — »).
    rows: list[dict[str, Any]]
    has_secret: bool = False


def tables_shown(figures: dict[str, Any]) -> list[ShownTable]:
    """A version's tables as the page and the CSV export read them."""
    shown = []
    for spec in SPECS:
        headers = [str(label) for label in spec.columns.values()] + ([str(RATIO)] if spec.ratio else [])
        rows = []
        for row in _rows(figures, spec):
            values = row.get("values") or {}
            cells: list[Any] = [values.get(column) for column in spec.columns]
            if spec.ratio:
                cells.append(ratio(values))
            rows.append({"label": _label(spec, row), "in_tension": bool(row.get("in_tension")), "cells": cells})
        secret = any(values is None for row in _rows(figures, spec) for values in (row.get("values") or {}).values())
        shown.append(ShownTable(spec.key, str(spec.title), headers, rows, secret))
    return shown


def _difference(before: Any, after: Any) -> Any:
    if before == "" or after == "":
        return ""
    if before is None or after is None:
        return None
    return round(after - before, 2)


def tables_compared(before: dict[str, Any], after: dict[str, Any]) -> list[ShownTable]:
    """Two versions' tables side by side: for each column, the first version's value, the second's and the
    difference (unknown where either is masked). Rows of either version, the later one's order first."""
    compared = []
    for spec in SPECS:
        columns = list(spec.columns) + (["ratio"] if spec.ratio else [])
        names = [str(label) for label in spec.columns.values()] + ([str(RATIO)] if spec.ratio else [])
        headers = [f"{name} ({which})" for name in names for which in ("A", "B", "B − A")]
        old = {row["key"]: row for row in _rows(before, spec)}
        new = {row["key"]: row for row in _rows(after, spec)}
        keys = list(new) + [key for key in old if key not in new]
        rows, secret = [], False
        for key in keys:
            row = new.get(key) or old[key]
            cells: list[Any] = []
            for column in columns:
                pair = []
                for side in (old.get(key), new.get(key)):
                    values = (side or {}).get("values") or {}
                    if side is None:
                        value: Any = ""  # not among the version's rows (a ROME out of its top 15)
                    elif column == "ratio":
                        value = ratio(values)
                    else:
                        value = values.get(column)
                        secret = secret or value is None
                    pair.append(value)
                cells += [pair[0], pair[1], _difference(pair[0], pair[1])]
            rows.append({"label": _label(spec, row), "in_tension": bool(row.get("in_tension")), "cells": cells})
        compared.append(ShownTable(spec.key, str(spec.title), headers, rows, secret))
    return compared


def _counts(figures: dict[str, Any], key: str, column: str) -> dict[str, int]:
    return {row["key"]: (row.get("values") or {}).get(column) or 0 for row in _rows(figures, _SPECS[key])}


def _set(figures: dict[str, Any], key: str, column: str, shown: Mapping[str, int | None]) -> None:
    for row in figures["tables"][key]["rows"]:
        if row["key"] in shown:
            row["values"][column] = shown[row["key"]]


def figures_for_display(figures: dict[str, Any]) -> dict[str, Any]:
    """The figures as they may be shown, statistical secrecy applied (tandem.core.secrecy; docs/secrecy.md): a
    diagnostic describes a whole territory, whose data no single partner holds, so it applies for every reader.
    Young people counted by age band are masked with their total; by qualification, with the same total (everyone
    has a level, or « not given »); QPV and ZRR each against the total (a figure and its complement); candidates per
    ROME and barriers one by one (their lists are partial: no total to work back from). Offers count no people and
    are never masked. Pages, the CSV export, comparisons and the API all read through this one function."""
    if not figures.get("tables"):
        return figures
    shown = copy.deepcopy(figures)
    ages = _counts(shown, "ages", "people")
    total = ages.pop("total", sum(ages.values()))
    masked = mask_table({("", key): count for key, count in ages.items()}, row_totals=True, column_totals=False)
    _set(shown, "ages", "people", {key: masked.cells[("", key)] for key in ages} | {"total": masked.row_totals[""]})
    qualifications = _counts(shown, "qualifications", "people")
    _set(shown, "qualifications", "people", mask_series(qualifications, total_shown=True).values)
    areas = _counts(shown, "areas", "people")
    areas_total = areas.pop("total", total)
    _set(
        shown,
        "areas",
        "people",
        {
            key: None if is_primary(count) or is_primary(max(areas_total - count, 0)) else count
            for key, count in areas.items()
        }
        | {"total": mask_value(areas_total)},
    )
    for key in ("tension", "surplus"):
        for row in shown["tables"].get(key, {}).get("rows", []):
            row["values"]["candidates"] = mask_value(row["values"].get("candidates"))
    _set(shown, "barriers", "people", mask_series(_counts(shown, "barriers", "people"), total_shown=False).values)
    return shown


def _csv_cell(value: Any) -> str:
    if value is None:
        return SECRET
    return str(value)


def csv_rows(figures: dict[str, Any]) -> list[list[str]]:
    """One block per table: its title, its header, its rows (« s »: masked by statistical secrecy)."""
    rows: list[list[str]] = []
    for table in tables_shown(figures):
        rows.append([table.title])
        rows.append(["", *table.headers])
        rows += [[row["label"], *(_csv_cell(cell) for cell in row["cells"])] for row in table.rows]
        rows.append([])
    return rows
