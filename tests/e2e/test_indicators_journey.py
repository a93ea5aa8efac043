"""The Centre regional observer's dashboard (seed 002, issue 14): the DREETS observer opens their indicators, sees
the referrals of the regional convention against its 5,255 target as a chart with its table, drills down to one
Mission Locale (its own dashboard holds the figure the région's table gave it), and downloads the progress report
(PDF) and every table (XLSX); the PDF and the spreadsheet hold the page's figures. Every page passes axe-core."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook
from pypdf import PdfReader

from tests.e2e.conftest import axe_violations
from tests.e2e.test_login_journey import login

REGIONAL = "Convention régionale Centre-Val de Loire : partenariat renforcé — Orientations par an"


def _plain(text: str) -> str:
    """Spaces as a reader sees them (French thousands are grouped with a no-break space)."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


def _row(page, table_key: str, label: str) -> list[str]:
    row = page.locator(f"#tableau-{table_key} tr", has=page.get_by_role("rowheader", name=label))
    return [_plain(cell) for cell in row.locator("th, td").all_inner_texts()]


def test_the_centre_observer_reads_referrals_against_the_target_drills_down_and_downloads(page):
    login(page, "observateur.dreets-centre@demo.tandem.localhost")
    page.get_by_role("link", name="Ouvrir le tableau de bord").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Tableau de bord : Région Centre-Val de Loire"

    target_row = _row(page, "objectifs", REGIONAL)
    achieved, target, ratio = target_row[1:]
    assert target == "5 255"
    # The chart of the target: the State's bar chart, drawn (its canvas) from the same two numbers.
    # The chart of that target: the bar chart of the figure its heading names (one chart per target).
    heading_id = page.locator("h3[id^=objectif-]", has_text=REGIONAL).get_attribute("id")
    chart = page.locator(f"figure[aria-labelledby={heading_id}] bar-chart")
    # The observer is a State party: a figure of 1 to 4 would be « s » (statistical secrecy), drawn as no bar.
    drawn = "null" if achieved == "s" else str(float(achieved.replace(" ", "")))
    assert chart.get_attribute("y") == f"[[{drawn}, 5255.0]]"
    chart.locator("canvas").first.wait_for(state="attached")
    assert axe_violations(page) == []

    # Drill down: the first Mission Locale of the région opens its own dashboard, with the same figure.
    first_ml = page.locator("#tableau-missions-locales tbody th a").first
    ml_name = first_ml.inner_text()
    in_region = _row(page, "missions-locales", ml_name)
    first_ml.click()
    assert page.get_by_role("heading", level=1).inner_text() == f"Tableau de bord : {ml_name}"
    proposed = page.locator("#tableau-famille-referrals tbody tr").first
    assert "Orientations proposées" in proposed.locator("th").inner_text()
    assert _plain(proposed.locator("td").inner_text()) == in_region[1]
    assert page.locator("#tableau-mois tbody tr").count() == 12
    assert axe_violations(page) == []

    # Back to the région: the progress report and the spreadsheet hold the page's figures.
    page.go_back()
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Bilan d'étape (PDF)").click()
    pdf = pdf_download.value.path().read_bytes()
    text = _plain(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert "Bilan d'étape" in text and "Région Centre-Val de Loire" in text
    assert _plain(f"{REGIONAL} {achieved} 5 255 {ratio}") in text

    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Tous les tableaux (XLSX)").click()
    workbook = load_workbook(io.BytesIO(xlsx_download.value.path().read_bytes()))
    rows = {row[0]: row[1:] for row in workbook["objectifs"].iter_rows(min_row=3, values_only=True)}
    assert rows[REGIONAL][1] == 5255
    assert str(rows[REGIONAL][0]) == (achieved if achieved == "s" else achieved.replace(" ", ""))
