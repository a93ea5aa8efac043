"""Statistical secrecy on a diagnostic's tables: small counts of young people are masked, with enough others that
none can be worked back from the total; offers, which count no people, are never masked."""

from tandem.diagnostics.tables import figures_for_display


def _table(rows: dict[str, int], column: str = "people") -> dict:
    return {"rows": [{"key": key, "values": {column: value}} for key, value in rows.items()]}


FIGURES = {
    "tables": {
        "ages": _table({"16_17": 3, "18_21": 10, "22_25": 12, "total": 25}),
        "qualifications": _table({"none": 2, "3": 9, "4": 14}),
        "areas": _table({"qpv": 22, "zrr": 8, "total": 25}),
        "offers_total": _table({"total": 3}, "offers"),
        "tension": {"rows": [{"key": "K2204", "label": "Nettoyage", "values": {"offers": 2, "candidates": 1}}]},
        "surplus": {"rows": []},
        "barriers": _table({"mobility": 4, "housing": 7}),
    }
}


def _values(figures: dict, key: str, column: str = "people") -> dict:
    return {row["key"]: row["values"][column] for row in figures["tables"][key]["rows"]}


def test_a_small_age_band_is_masked_with_another_so_the_total_gives_nothing_away():
    ages = _values(figures_for_display(FIGURES), "ages")
    assert ages["16_17"] is None and ages["total"] == 25
    assert sum(value is None for key, value in ages.items() if key != "total") >= 2


def test_qualifications_areas_candidates_and_barriers_hide_small_counts_not_offers():
    shown = figures_for_display(FIGURES)
    qualifications = _values(shown, "qualifications")
    assert qualifications["none"] is None and sum(v is None for v in qualifications.values()) >= 2
    areas = _values(shown, "areas")
    assert areas["qpv"] is None  # 25 − 22 = 3 living elsewhere: the complement is small
    assert areas["zrr"] == 8
    assert _values(shown, "offers_total", "offers") == {"total": 3}
    tension = shown["tables"]["tension"]["rows"][0]["values"]
    assert tension == {"offers": 2, "candidates": None}
    assert _values(shown, "barriers") == {"mobility": None, "housing": 7}


def test_the_frozen_figures_themselves_are_never_changed():
    figures_for_display(FIGURES)
    assert _values(FIGURES, "ages")["16_17"] == 3
