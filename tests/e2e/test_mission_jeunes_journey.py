"""Mission Jeunes end to end, in Saint-Étienne (seed 003): the Mission Locale's adviser registers three young people
who agreed to share with Intérim Forez Centre to the agency's job presentation today, declares it held and records
who came; then the agency's single contact positions one of them on a mission, which appears on the young person's
path across agencies. Every page passes axe-core.
"""

from __future__ import annotations

import datetime
import json
import zoneinfo

import pytest

from tests.e2e.conftest import axe_violations, run_in_server_database
from tests.e2e.test_cotraitance_journey import logout
from tests.e2e.test_login_journey import login

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
SETUP = """
import json
from tandem.demo import collective_sessions as cs
from tandem.employer_events.models import EmployerEvent
from tandem.organisations.models import Organisation
ml = Organisation.objects.get(name="Mission Locale de Saint-Étienne")
agency = Organisation.objects.get(name=cs.PRESENTING)
event = EmployerEvent.objects.get(organisation=ml, title=cs.TODAY_SESSION)
people = [p for p in cs.people_put_forward(ml, agency) if not p.event_registrations.exists()][:3]
print(json.dumps({"event": event.pk, "title": event.title, "contact": cs.agency_contact(agency).email,
                  "people": [{"pk": p.pk, "first": p.first_name, "last": p.last_name} for p in people]}))
"""


@pytest.fixture
def world(server_url, server_env) -> dict:
    return json.loads(run_in_server_database(server_env, SETUP).splitlines()[-1])


def test_an_agency_s_job_presentation_from_registrations_to_a_mission_on_the_young_person_s_path(page, world):
    assert len(world["people"]) == 3
    names = [f"{p['first']} {p['last']}" for p in world["people"]]
    event_url = f"/evenements-employeurs/{world['event']}/"
    login(page, "conseiller.saint-etienne@demo.tandem.localhost")
    page.goto(event_url)
    assert world["title"] in page.locator("h1").inner_text()
    assert "Présentation de métiers et d'offres par une agence d'emploi" in page.locator("main").inner_text()
    assert axe_violations(page) == []

    for person, name in zip(world["people"], names, strict=True):
        page.goto(event_url)
        page.get_by_role("link", name="Inscrire un jeune").click()
        page.get_by_label("Rechercher").fill(person["last"])
        page.get_by_role("button", name="Rechercher").click()
        page.get_by_role("button", name=f"Inscrire {name}").click()
    assert axe_violations(page) == []

    page.goto(event_url)
    page.get_by_role("button", name="Déclarer l'événement tenu").click()
    page.get_by_role("button", name=f"Présent·e ({names[0]})").click()
    page.get_by_role("button", name=f"Présent·e ({names[1]})").click()
    page.get_by_role("button", name=f"Absent·e ({names[2]})").click()
    assert "Inscrits : 3 · présents : 2 · absents : 1" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    logout(page)

    today = datetime.datetime.now(tz=PARIS).date()
    login(page, world["contact"])
    page.goto(event_url)
    assert all(name in page.locator("main").inner_text() for name in names)  # each agreed to share with the agency
    page.get_by_role("link", name=f"Proposer une mission ({names[0]})").click()
    assert axe_violations(page) == []
    page.get_by_label("Entreprise utilisatrice").fill("Métallurgie du Furan (fictif)")
    page.get_by_label("Poste").fill("Opérateur sur machine")
    page.get_by_label("Code ROME").fill("H2903")
    page.get_by_label("Début de la mission").fill(today.isoformat())
    page.get_by_label("Fin prévue").fill((today + datetime.timedelta(days=4)).isoformat())
    page.get_by_label("Heures de travail prévues").fill("35")
    page.get_by_role("button", name="Enregistrer la mission").click()
    assert "Mission enregistrée" in page.locator("main").inner_text()
    assert "Mission d'intérim" in page.locator("main").inner_text()  # the registration's follow-up

    page.goto(f"/parcours/personne/{world['people'][0]['pk']}/")
    main = page.locator("main").inner_text()
    assert "Opérateur sur machine" in main and "Métallurgie du Furan (fictif)" in main
    assert axe_violations(page) == []
