"""Joint prospecting end to end, in Bordeaux (seed 001): the Mission Locale's manager creates a retail campaign
with the Mériadeck agency, builds its target list, forms three pairs by the rotation and splits the list across
them; a pair member plans a visit, reports it with one offer collected; the offer is among the shared offers, the
visit and the offer on the company's timeline; the pair member becomes the company's single contact, and an agent
of another agency opening the company sees that contact and the visit.
"""

from __future__ import annotations

import datetime
import json
import zoneinfo
from urllib.parse import quote

import pytest

from tests.e2e.conftest import axe_violations, run_in_server_database
from tests.e2e.test_login_journey import login

PARIS = zoneinfo.ZoneInfo("Europe/Paris")

SETUP = """
import json
from tandem.accounts.models import Membership, User
from tandem.employers.models import Employer
from tandem.organisations.models import Organisation

ml = Organisation.objects.get(name="Mission Locale Bordeaux Avenir Jeunes")
meriadeck = User.objects.get(email="agent.meriadeck@demo.tandem.localhost").memberships.get().organisation
for index in range(9):
    Employer.objects.get_or_create(
        siret="",
        name=f"Commerce de Mériadeck {index}",
        defaults={"naf_id": "4711D", "commune_id": "33063", "latitude": 44.83 + index / 200,
                  "longitude": -0.59 + (index % 3) / 100},
    )
volunteers = []
for email, organisation in [("conseiller.bordeaux", ml), ("conseiller2.bordeaux", ml),
                            ("relations-entreprises.bordeaux", ml), ("agent.meriadeck", meriadeck),
                            ("direction.meriadeck", meriadeck), ("seconde.bordeaux", meriadeck)]:
    user = User.objects.get(email=f"{email}@demo.tandem.localhost")
    volunteers.append(f"{user} ({organisation})")
adviser = User.objects.get(email="conseiller.bordeaux@demo.tandem.localhost")
print(json.dumps({"meriadeck": meriadeck.name, "volunteers": volunteers,
                  "adviser": adviser.get_full_name() or adviser.email}))
"""

PAIR_OF = """
from tandem.prospecting.models import Pair
from django.db.models import Q
pair = Pair.objects.filter(campaign__name="ROC commerce Mériadeck").get(
    Q(first_member__email="conseiller.bordeaux@demo.tandem.localhost")
    | Q(second_member__email="conseiller.bordeaux@demo.tandem.localhost"))
print(pair.number)
"""


@pytest.fixture
def world(server_url, server_env) -> dict:
    return json.loads(run_in_server_database(server_env, SETUP).splitlines()[-1])


def test_a_retail_campaign_from_its_target_list_to_an_offer_collected(page, world, server_env):
    today = datetime.datetime.now(tz=PARIS).date()
    login(page, "direction.bordeaux@demo.tandem.localhost")
    page.goto("/prospection/")
    page.get_by_role("link", name="Nouvelle campagne").click()
    page.get_by_label("Nom de la campagne").fill("ROC commerce Mériadeck")
    page.get_by_label("Début").fill(today.isoformat())
    page.get_by_label("Fin", exact=True).fill((today + datetime.timedelta(days=60)).isoformat())
    page.get_by_label(world["meriadeck"]).check()
    page.get_by_label("Communes").fill("Bordeaux")
    page.get_by_label("Secteurs (codes NAF)").fill("47.11D")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("button", name="Établir la liste ciblée").click()
    assert "Commerce de Mériadeck" in page.locator("main").inner_text()

    page.get_by_role("link", name="Binômes et rotation").click()
    for label in world["volunteers"]:
        page.get_by_label(label).check()
    page.get_by_role("button", name="Former les binômes par rotation").click()
    assert "3 binômes formés" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("link", name="ROC commerce Mériadeck").click()
    page.get_by_role("button", name="Répartir entre les binômes").click()
    assert "confiée à aucun binôme" not in page.locator("main").inner_text()
    page.get_by_role("button", name="Lancer la campagne").click()
    assert axe_violations(page) == []

    number = run_in_server_database(server_env, PAIR_OF).splitlines()[-1]
    page.context.clear_cookies()
    login(page, "conseiller.bordeaux@demo.tandem.localhost")
    page.goto("/prospection/")
    page.get_by_role("link", name="ROC commerce Mériadeck").click()
    row = page.locator("tbody tr", has=page.get_by_role("link", name="À visiter")).first
    employer = row.locator("td").nth(1).inner_text().strip()
    row.get_by_role("link", name="À visiter").click()
    page.get_by_label("Binôme").select_option(label=f"Binôme {number}")
    page.get_by_label("Date prévue").fill(today.isoformat())
    page.get_by_role("button", name="Prévoir la visite").click()

    page.goto("/prospection/visites/")
    assert axe_violations(page) == []
    page.locator("tbody tr", has_text=employer).get_by_role("link", name="Rendre compte").click()
    page.get_by_label("Issue").select_option(label="Offres recueillies")
    page.get_by_label("Apprentissage").check()
    page.get_by_label("Intitulé de l'offre").first.fill("Employé de rayon (H/F) – Mériadeck")
    page.get_by_label("Type de contrat").first.select_option(label="CDD")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Enregistrer le compte rendu").click()
    assert "Compte rendu enregistré" in page.locator("main").inner_text()
    assert "1 entreprises visitées" in page.locator("main").inner_text()

    page.goto("/offres/?query=Employé de rayon Mériadeck")
    assert "Employé de rayon (H/F) – Mériadeck" in page.locator("main").inner_text()

    # The company's page: the visit and the offer collected on its timeline.
    page.goto(f"/entreprises/?q={quote(employer)}")
    page.locator("main").get_by_role("link", name=employer).click()
    company = page.url
    history = page.locator("ol.tandem-timeline")
    assert "Visite" in history.inner_text()
    assert "Offre : Employé de rayon (H/F) – Mériadeck" in history.inner_text()
    # The pair member becomes the company's single contact.
    page.get_by_role("link", name="Désigner l'interlocuteur unique").click()
    me = f"{world['adviser']} – Mission Locale Bordeaux Avenir Jeunes"
    page.get_by_label("Nouvel interlocuteur unique").select_option(label=me)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Enregistrer").click()
    assert "Interlocuteur unique désigné." in page.locator("main").inner_text()

    # An agent of another Bordeaux agency opens the company: the single contact first, the visit on its timeline.
    page.context.clear_cookies()
    login(page, "agent.bastide@demo.tandem.localhost")
    page.goto(company)
    assert world["adviser"] in page.locator(".fr-callout").first.inner_text()
    assert "Visite" in page.locator("ol.tandem-timeline").inner_text()
    assert axe_violations(page) == []
