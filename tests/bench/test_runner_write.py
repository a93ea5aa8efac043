"""The national figures' files: a full run writes them all; a partial run (`bench_national --only`) replaces its own
figures and keeps the others as they were measured, saying which were measured again."""

import json

import pytest

from bench.national import runner
from bench.national.runner import Figure

DATASET = {"people": 10, "offers": 20, "open_offers": 6, "events": 30, "missions_locales": 1, "ft_agencies": 1}
DATASET |= {"temp_agencies": 1}


def _meta(when: str, scale: str = "1.0") -> dict:
    return {"when": when, "vendor": "postgresql", "machine": "x86_64, 2 cores", "scale": scale, "dataset": DATASET}


def _figure(name: str, median: float, measured: str) -> Figure:
    return Figure(name, f"Path {name}", "ms", {"median": median, "p95": median * 2, "runs": 20}, measured=measured)


def _files(tmp_path, monkeypatch):
    results, docs = tmp_path / "national.json", tmp_path / "benchmarks.md"
    docs.write_text(f"# Benchmarks\n\n{runner.START}\nold\n{runner.END}\n\nHand-written text.\n", encoding="utf-8")
    monkeypatch.setattr(runner, "RESULTS", results)
    monkeypatch.setattr(runner, "DOCS", docs)
    return results, docs


def test_a_partial_run_replaces_its_figures_and_keeps_the_others(tmp_path, monkeypatch):
    results, docs = _files(tmp_path, monkeypatch)
    full = [_figure("caseload", 63, "2026-12-03 11:30"), _figure("matching_offers", 41, "2026-12-03 11:40")]
    runner.write(full, _meta("2026-12-03"))
    later = _meta("2026-12-04") | {"dataset": DATASET | {"events": 31}}  # the events are an estimate: same data set
    runner.write([_figure("matching_offers", 25, "2026-12-03 13:00")], later, partial=True)

    kept = json.loads(results.read_text(encoding="utf-8"))
    assert [(f["name"], f["ours"]["median"], f["measured"]) for f in kept["figures"]] == [
        ("caseload", 63, "2026-12-03 11:30"),
        ("matching_offers", 25, "2026-12-03 13:00"),
    ]
    assert (kept["when"], kept["remeasured"]) == ("2026-12-03", ["matching_offers"])
    text = docs.read_text(encoding="utf-8")
    assert "| Path matching_offers | 25 ms / 50 ms |" in text and "(re-measured 2026-12-03 13:00) |" in text
    assert "| Path caseload | 63 ms / 126 ms |" in text and "Hand-written text." in text and "\nold\n" not in text


@pytest.mark.parametrize(
    "other",
    [
        {"scale": "0.01"},
        {"vendor": "sqlite"},
        {"dataset": DATASET | {"people": 11}},
    ],
)
def test_a_partial_run_on_another_scale_database_or_data_set_starts_afresh(tmp_path, monkeypatch, other):
    results, _docs = _files(tmp_path, monkeypatch)
    runner.write([_figure("caseload", 63, "2026-12-03 11:30")], _meta("2026-12-03"))
    runner.write([_figure("inbox", 44, "2026-12-03 12:00")], _meta("2026-12-03") | other, partial=True)
    assert [f["name"] for f in json.loads(results.read_text(encoding="utf-8"))["figures"]] == ["inbox"]


def test_a_full_run_starts_afresh(tmp_path, monkeypatch):
    results, _docs = _files(tmp_path, monkeypatch)
    runner.write([_figure("caseload", 63, "2026-12-03 11:30")], _meta("2026-12-03"))
    runner.write([_figure("inbox", 44, "2026-12-03 12:00")], _meta("2026-12-03"), partial=True)
    assert [f["name"] for f in json.loads(results.read_text(encoding="utf-8"))["figures"]] == ["caseload", "inbox"]
    runner.write([_figure("caseload", 60, "2026-12-05 10:00")], _meta("2026-12-05"))
    kept = json.loads(results.read_text(encoding="utf-8"))
    assert [f["name"] for f in kept["figures"]] == ["caseload"] and "remeasured" not in kept
