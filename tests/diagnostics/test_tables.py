"""How frozen tables read: « s » for a value statistical secrecy masked, differences between two versions."""

from __future__ import annotations

from tandem.diagnostics.tables import csv_rows, tables_compared, tables_shown


def figures(ages: dict, tension: list[tuple[str, int | None, int | None]]) -> dict:
    return {
        "tables": {
            "ages": {"columns": ["people"], "rows": [{"key": k, "values": {"people": v}} for k, v in ages.items()]},
            "tension": {
                "columns": ["offers", "candidates"],
                "rows": [
                    {"key": code, "label": f"Métier {code}", "values": {"offers": o, "candidates": c}}
                    for code, o, c in tension
                ],
            },
        }
    }


def by_key(tables) -> dict:
    return {table.key: table for table in tables}


def test_a_masked_value_reads_secret_and_so_does_the_ratio_that_needs_it():
    shown = by_key(tables_shown(figures({"16_17": None, "total": 12}, [("G1803", 6, None), ("K2204", 3, 0)])))
    assert shown["ages"].has_secret and shown["ages"].rows[0]["cells"] == [None]
    assert shown["ages"].rows[0]["label"] == "16 et 17 ans"
    assert shown["tension"].rows[0]["cells"] == [6, None, None]
    assert shown["tension"].rows[1]["cells"] == [3, 0, ""]  # nobody seeks it: no ratio, no secret
    assert not by_key(tables_shown(figures({"total": 3}, [])))["ages"].has_secret
    assert ["16 et 17 ans", "s"] in csv_rows(figures({"16_17": None}, []))


def test_two_versions_side_by_side_with_their_difference():
    before = figures({"16_17": 4, "18_21": None, "total": 10}, [("G1803", 2, 4)])
    after = figures({"16_17": 7, "18_21": 5, "total": 12}, [("M1607", 5, 1)])
    compared = by_key(tables_compared(before, after))
    rows = {row["label"]: row["cells"] for row in compared["ages"].rows}
    assert rows["16 et 17 ans"] == [4, 7, 3]
    assert rows["18 à 21 ans"] == [None, 5, None]  # masked before: the difference is unknown
    assert rows["Total"] == [10, 12, 2]
    tension = {row["label"]: row["cells"] for row in compared["tension"].rows}
    # A ROME in one version's top only: « — » on the other side.
    assert tension["M1607 – Métier M1607"] == ["", 5, "", "", 1, "", "", 5.0, ""]
    assert tension["G1803 – Métier G1803"] == [2, "", "", 4, "", "", 0.5, "", ""]
