"""An employer event end to end, in Bordeaux: a Mission Locale adviser plans a job dating with the Mériadeck agency,
invites a company, registers a young person they follow, declares the event held, records that the company came
and that the young person came and was hired; the company's timeline and the young person's show it. Every page
passes axe-core.
"""

from __future__ import annotations

import datetime
import json
import zoneinfo

import pytest

from tests.e2e.conftest import axe_violations, run_in_server_database
from tests.e2e.test_login_journey import login

PARIS = zoneinfo.ZoneInfo("Europe/Paris")

SETUP = """
import json
from tandem.accounts.models import User
from tandem.people.models import Follow
adviser = User.objects.get(email="conseiller.bordeaux@demo.tandem.localhost")
meriadeck = User.objects.get(email="agent.meriadeck@demo.tandem.localhost").memberships.get().organisation
follow = (Follow.objects.filter(adviser=adviser, role="lead", ended_at__isnull=True, person__anonymised_at__isnull=True)
          .exclude(person__event_registrations__isnull=False).select_related("person").order_by("person_id").first())
print(json.dumps({"meriadeck": meriadeck.name, "first_name": follow.person.first_name,
                  "last_name": follow.person.last_name, "person": follow.person_id}))
"""
COMPANY = "Supermarché des Quinconces (fictif)"


@pytest.fixture
def world(server_url, server_env) -> dict:
    return json.loads(run_in_server_database(server_env, SETUP).splitlines()[-1])


def test_a_job_dating_from_its_planning_to_a_hire_on_the_timelines(page, world):
    today = datetime.datetime.now(tz=PARIS).date()
    person = f"{world['first_name']} {world['last_name']}"
    login(page, "conseiller.bordeaux@demo.tandem.localhost")
    page.goto("/evenements-employeurs/")
    page.get_by_role("link", name="Nouvel événement").click()
    page.get_by_label("Type d'événement").select_option(label="Job dating")
    page.get_by_label("Intitulé").fill("Job dating commerce de Mériadeck")
    page.locator("#id_theme").select_option(label="Recrutement")
    page.get_by_label("Date").fill(today.isoformat())
    page.get_by_label("Début").fill("09:30")
    page.get_by_label("Fin", exact=True).fill("12:00")
    page.get_by_label("Commune").fill("Bordeaux")
    page.get_by_label(world["meriadeck"]).check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Enregistrer").click()
    event_url = page.url
    assert "Job dating commerce de Mériadeck" in page.locator("h1").inner_text()

    page.get_by_role("link", name="Inviter une entreprise").click()
    page.get_by_label("Rechercher").fill("Quinconces")
    page.get_by_role("button", name="Rechercher").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name=f"Inviter {COMPANY}").click()

    page.goto(event_url)
    page.get_by_role("link", name="Inscrire un jeune").click()
    page.get_by_label("Rechercher").fill(world["last_name"])
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("button", name=f"Inscrire {person}").click()

    page.goto(event_url)
    page.get_by_role("button", name="Déclarer l'événement tenu").click()
    page.get_by_role("button", name=f"Présente ({COMPANY})").click()
    page.get_by_label("Suite donnée").select_option(label="Embauché·e")
    page.get_by_role("button", name=f"Présent·e ({person})").click()
    main = page.locator("main").inner_text()
    assert "tenu" in main.lower()
    assert "Inscrits : 1 · présents : 1 · absents : 0 · embauchés : 1" in main
    assert axe_violations(page) == []

    page.get_by_role("link", name=COMPANY).click()
    assert "A participé à un événement employeurs" in page.locator("main").inner_text()
    page.goto(f"/personnes/{world['person']}/")
    assert "Présence à un événement employeurs" in page.locator("main").inner_text()
