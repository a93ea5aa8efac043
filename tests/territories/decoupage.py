"""A tiny `@etalab/decoupage-administratif` package, written to a temporary folder by the tests.

Same layout and record shapes as the real package, one JSON object per line like `communes.json`,
so the line of each record is known: the first record is on line 2.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

REGIONS: list[dict[str, Any]] = [
    {"code": "44", "nom": "Grand Est", "zone": "metro"},
    {"code": "975", "nom": "Saint-Pierre-et-Miquelon", "zone": "com"},
]
DEPARTEMENTS: list[dict[str, Any]] = [
    {"code": "67", "region": "44", "nom": "Bas-Rhin", "zone": "metro"},
    {"code": "975", "region": "975", "nom": "Saint-Pierre-et-Miquelon", "zone": "com"},
]
EPCIS: list[dict[str, Any]] = [
    {
        "code": "200067874",
        "nom": "CA de Haguenau",
        "type": "CA",
        "populationTotale": 99000,
        "membres": [{"code": "67180"}, {"code": "67023"}],
    },
]
COMMUNES: list[dict[str, Any]] = [
    {
        "code": "67180",
        "nom": "Haguenau",
        "zone": "metro",
        "departement": "67",
        "region": "44",
        "type": "commune-actuelle",
        "codesPostaux": ["67500"],
        "population": 36391,
    },
    {
        "code": "67023",
        "nom": "Batzendorf",
        "zone": "metro",
        "departement": "67",
        "region": "44",
        "type": "commune-actuelle",
        "codesPostaux": ["67500"],
        "population": 1100,
    },
    {
        "code": "67482",
        "nom": "Strasbourg",
        "zone": "metro",
        "departement": "67",
        "region": "44",
        "type": "commune-actuelle",
        "codesPostaux": ["67000", "67100", "67200"],
        "population": 291313,
    },
    {"code": "67998", "nom": "Ancienne commune", "departement": "67", "region": "44", "type": "commune-deleguee"},
    {
        "code": "97502",
        "nom": "Saint-Pierre",
        "zone": "com",
        "departement": "975",
        "region": "975",
        "type": "commune-actuelle",
        "codesPostaux": ["97500"],
        "population": 5400,
    },
]


def write_json_lines(path: Path, records: list[dict[str, Any]]) -> None:
    """A JSON list with one record per line: record i (from 0) is on line i + 2."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    path.write_text("[\n" + ",\n".join(lines) + "\n]\n", encoding="utf-8")


def write_decoupage_package(
    root: Path,
    *,
    regions: list[dict[str, Any]] | None = None,
    departements: list[dict[str, Any]] | None = None,
    epcis: list[dict[str, Any]] | None = None,
    communes: list[dict[str, Any]] | None = None,
) -> Path:
    """Write `root/@etalab/decoupage-administratif/` and return that package folder."""
    package = root / "@etalab" / "decoupage-administratif"
    (package / "data").mkdir(parents=True)
    (package / "package.json").write_text(json.dumps({"name": "@etalab/decoupage-administratif", "version": "9.9.9"}))
    write_json_lines(package / "data" / "regions.json", REGIONS if regions is None else regions)
    write_json_lines(package / "data" / "departements.json", DEPARTEMENTS if departements is None else departements)
    write_json_lines(package / "data" / "epci.json", EPCIS if epcis is None else epcis)
    write_json_lines(package / "data" / "communes.json", COMMUNES if communes is None else communes)
    return package


def write_text(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
