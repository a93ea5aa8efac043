"""A convention's governance end to end, in Bordeaux: the Mission Locale's director opens the local convention with
France Travail Mériadeck (its parties, its targets), then its meetings, where the steering committees' cadence of
five a year is flagged one short at this pace; records the minutes of the last steering committee with a decision,
makes the decision an action of the joint plan, and downloads the meetings' calendar (.ics). Every page passes
axe-core.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.e2e.conftest import axe_violations, run_in_server_database
from tests.e2e.test_login_journey import login

SETUP = """
import json
from tandem.demo.meetings import bordeaux_convention
from tandem.meetings.models import Meeting
from tandem.meetings.selectors import cadences_for
convention = bordeaux_convention()
meeting = Meeting.objects.filter(convention=convention, kind="steering", status="held").order_by("-starts_at").first()
steering = [c for c in cadences_for(convention=convention) if c.kind == "steering"][0]
parties = [p.organisation.name for p in convention.parties.select_related("organisation")]
print(json.dumps({"convention": convention.pk, "title": convention.title, "meeting": meeting.title,
                  "parties": parties, "missing": steering.missing, "held": steering.held}))
"""
DECISION = "Inviter les entreprises du quartier à la prochaine réunion d'information."


@pytest.fixture
def world(server_url, server_env) -> dict:
    return json.loads(run_in_server_database(server_env, SETUP).splitlines()[-1])


def test_a_director_follows_the_cadence_records_minutes_makes_a_decision_an_action_and_exports_the_calendar(
    page, world, tmp_path: Path
):
    login(page, "direction.bordeaux@demo.tandem.localhost")
    page.goto(f"/conventions/{world['convention']}/")
    main = page.locator("main").inner_text()
    assert world["title"] in main
    assert all(name in main for name in world["parties"])
    assert "Comités de pilotage par an" in main  # the convention's targets
    assert axe_violations(page) == []

    page.goto(f"/conventions/{world['convention']}/reunions/")
    cadence = page.locator("#cadence-steering").inner_text()
    assert "Comité de pilotage : 5 par an" in cadence
    assert f"{world['held']} tenue" in cadence
    assert world["missing"] >= 1
    assert re.search(rf"il en manquera {world['missing']} cette année", cadence)
    assert "fr-alert--warning" in (page.locator("#cadence-steering").get_attribute("class") or "")
    assert axe_violations(page) == []

    page.get_by_role("link", name=world["meeting"]).click()
    assert world["meeting"] in page.locator("h1").inner_text()
    page.get_by_label("Compte rendu").fill("Le comité a validé le bilan du trimestre et le calendrier des actions.")
    page.get_by_role("button", name="Enregistrer le compte rendu").click()
    assert "Compte rendu enregistré" in page.locator("main").inner_text()
    page.get_by_label("Nouvelle décision").fill(DECISION)
    page.get_by_role("button", name="Ajouter la décision").click()
    assert DECISION in page.locator("main").inner_text()
    assert axe_violations(page) == []

    page.get_by_role("link", name=re.compile("En faire une action du plan")).last.click()
    assert page.get_by_label("Action", exact=True).input_value() == DECISION
    assert axe_violations(page) == []
    page.get_by_role("button", name="Ajouter au plan d'action").click()
    main = page.locator("main").inner_text()
    assert "La décision est une action du plan d'action" in main and DECISION in main
    assert "Décidée en réunion" in main
    assert axe_violations(page) == []

    page.goto(f"/conventions/{world['convention']}/reunions/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Calendrier (.ics)").click()
    path = tmp_path / "reunions.ics"
    download.value.save_as(path)
    content = path.read_bytes().decode()
    assert content.startswith("BEGIN:VCALENDAR\r\n") and content.rstrip().endswith("END:VCALENDAR")
    assert "VERSION:2.0" in content and "PRODID:" in content
    assert content.count("BEGIN:VEVENT") >= 7  # the steering committees and the six directors' committees
    unfolded = content.replace("\r\n ", "")
    assert world["meeting"] in unfolded and "Comité des directeurs" in unfolded
