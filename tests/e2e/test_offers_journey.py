"""Shared offers end to end: a Mission Locale Bordeaux Avenir Jeunes adviser opens a young person, sees the
offers suggested near home with their reasons, positions the person on a France Travail offer, downloads the
anonymous CV, records the interview and the hire; the offer becomes filled and the timeline shows each step.
"""

from __future__ import annotations

import datetime
import json
import zoneinfo

import pytest

from tests.e2e.conftest import axe_violations, run_in_server_database
from tests.e2e.test_login_journey import login

PARIS = zoneinfo.ZoneInfo("Europe/Paris")  # the product's TIME_ZONE: its days start at midnight in Paris

PICK = """
import json
from tandem.demo.jobs.summary import journey_example

example = journey_example()
offer = next(o for o in example.offers if o.positions == 1)
print(json.dumps({"person": example.person.pk, "name": f"{example.person.first_name} {example.person.last_name}",
                  "adviser": example.adviser.email, "offer": offer.pk, "title": offer.title}))
"""


@pytest.fixture
def journey(server_url, server_env) -> dict:
    return json.loads(run_in_server_database(server_env, PICK).splitlines()[-1])


def test_an_adviser_positions_a_young_person_on_a_france_travail_offer_up_to_the_hire(page, journey):
    login(page, journey["adviser"])
    page.goto(f"/personnes/{journey['person']}/")
    page.get_by_role("link", name="Offres suggérées").click()
    row = page.locator("tbody tr", has=page.locator(f"a[href='/offres/{journey['offer']}/']")).first
    row_text = row.inner_text()
    assert " km" in row_text  # the distance from home
    assert "MÊME MÉTIER" in row_text.upper()  # why it is suggested: the job sought
    assert axe_violations(page) == []
    row.get_by_role("link", name="Proposer sur cette offre").click()
    page.get_by_role("button", name="Proposer la mise en relation").click()
    assert journey["title"] in page.locator("h1").inner_text()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le CV (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    pdf = download.path().read_bytes()
    assert pdf.startswith(b"%PDF")

    page.get_by_role("button", name="Enregistrer l'envoi").click()
    interview = (datetime.datetime.now(tz=PARIS) + datetime.timedelta(days=1)).strftime("%Y-%m-%dT14:00")
    page.get_by_label("Date et heure de l'entretien").fill(interview)
    page.get_by_role("button", name="Enregistrer l'entretien").click()
    page.get_by_label("Contrat signé").select_option(label="CDI")
    page.get_by_label("Début du contrat").fill(datetime.datetime.now(tz=PARIS).date().isoformat())
    page.get_by_role("button", name="Enregistrer l'embauche").click()
    assert "POURVUE" in page.locator("main").inner_text().upper()

    page.goto(f"/offres/{journey['offer']}/")
    assert "POURVUE" in page.locator("main").inner_text().upper()
    page.goto(f"/personnes/{journey['person']}/")
    timeline = page.locator(".tandem-timeline").inner_text()
    for step in ("Mise en relation proposée", "Candidature envoyée à l'employeur", "Entretien d'embauche", "Embauche"):
        assert step in timeline, step
