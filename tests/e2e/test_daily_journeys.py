"""What advisers do every day, end to end in Chromium against the demo:

- a Mission Locale adviser creates a young person's record in the form, fills the job project, sees the offers
  suggested for it and downloads the anonymous CV of a positioning;
- a Wissembourg site adviser is told of a designation for a Wissembourg resident and accepts it;
- a France Travail agent finds a young person by typing part of the name without its accents.
"""

from __future__ import annotations

import datetime
import json
import re
import zoneinfo

from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations, run_in_server_database
from tests.e2e.test_cotraitance_journey import logout
from tests.e2e.test_login_journey import login

PARIS = zoneinfo.ZoneInfo("Europe/Paris")  # the product's TIME_ZONE

# The job most offered at Haguenau among the open offers the Mission Locale d'Alsace du Nord sees.
PICK_JOB = """
import json
from collections import Counter
from tandem.accounts.models import Membership
from tandem.offers.selectors import offer_list_for
membership = Membership.objects.get(user__email="conseiller.alsace-nord@demo.tandem.localhost")
romes = Counter(offer_list_for(membership=membership).filter(commune_id="67180").values_list("rome_id", flat=True))
romes.pop(None, None)
from tandem.referentials.models import RomeCode
rome = RomeCode.objects.get(pk=romes.most_common(1)[0][0])
print(json.dumps({"code": rome.code, "label": rome.label}))
"""

# A young person France Travail Haguenau sees, whose first name has an accent.
PICK_ACCENTED = """
import json, unicodedata
from tandem.accounts.models import Membership
from tandem.access.selectors import caseload_for
membership = Membership.objects.get(user__email="agent.haguenau@demo.tandem.localhost")
def plain(text):
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
person = next(
    p for p in caseload_for(membership=membership).order_by("pk") if plain(p.first_name) != p.first_name
)
typed = f"{plain(person.first_name).lower()} {person.last_name.lower()[:4]}"
found = caseload_for(membership=membership, query=typed).count()
names = {"first": person.first_name, "last": person.last_name}
print(json.dumps({"pk": person.pk, **names, "typed": typed, "found": found}))
"""


def _today() -> datetime.date:
    return datetime.datetime.now(tz=PARIS).date()


def test_a_new_young_person_gets_a_job_project_then_suggested_offers_and_an_anonymous_cv(page, server_env):
    rome = json.loads(run_in_server_database(server_env, PICK_JOB).splitlines()[-1])
    login(page, "conseiller.alsace-nord@demo.tandem.localhost")
    page.goto("/personnes/nouveau/")
    page.get_by_label("Prénom", exact=True).fill("Maëlys")
    page.get_by_label("Nom de famille", exact=True).fill("Nouvelle")
    page.get_by_label("Date de naissance").fill(_today().replace(year=_today().year - 19, day=1).isoformat())
    page.get_by_label(re.compile(r"Commune de résidence")).fill("Haguenau")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    match = re.search(r"/personnes/(\d+)/$", page.url)
    assert match, page.url
    person = match.group(1)
    assert "Maëlys Nouvelle" in page.locator("h1").inner_text()

    page.get_by_role("link", name="Renseigner le projet professionnel").click()
    assert axe_violations(page) == []
    page.get_by_label(re.compile(r"Métier recherché")).first.fill(rome["code"])
    page.get_by_label(re.compile(r"Niveau de qualification")).first.select_option("3")
    page.locator("label", has_text="Permis B").click()
    assert page.get_by_label(re.compile(r"Permis B")).is_checked()
    page.get_by_label(re.compile(r"Compétences")).fill("Travail en équipe\nRespect des règles d'hygiène")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    assert page.url.endswith(f"/personnes/{person}/"), page.url
    summary = page.locator("main").inner_text()
    assert f"{rome['label']} ({rome['code']})" in summary
    assert "CAP, BEP (niveau 3)" in summary and "permis B" in summary

    page.get_by_role("link", name="Offres suggérées").click()
    rows = page.locator("tbody tr")
    assert rows.count() > 0
    first = rows.first
    assert " km" in first.inner_text()
    assert axe_violations(page) == []
    first.get_by_role("link", name="Proposer sur cette offre").click()
    page.get_by_role("button", name="Proposer la mise en relation").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le CV (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    assert download.path().read_bytes().startswith(b"%PDF")
    assert "Nouvelle" not in download.suggested_filename, "the anonymous CV's file does not name the person"


def test_a_wissembourg_site_adviser_is_told_of_a_designation_and_accepts_it(page):
    login(page, "agent.wissembourg@demo.tandem.localhost")
    page.goto("/designations/nouvelle/")
    page.get_by_label("Identifiant France Travail").fill("9999002W")
    page.get_by_label("Nom", exact=True).fill("Lauterbourg")
    page.get_by_label("Prénom", exact=True).fill("Inès")
    page.get_by_label("Date de naissance").fill(_today().replace(year=_today().year - 20, day=1).isoformat())
    page.get_by_label("Code commune (INSEE)").fill("67544")  # Wissembourg
    page.get_by_role("button", name="Vérifier et proposer").click()
    assert "Mission Locale d'Alsace du Nord" in page.locator("main").inner_text()
    logout(page)

    login(page, "conseiller.wissembourg@demo.tandem.localhost")
    bell = page.locator(".fr-header__tools-links").get_by_role("link", name=re.compile(r"Notifications"))
    assert re.search(r"non lues :\s*[1-9]", bell.inner_text().lower()), bell.inner_text()  # a badge is in capitals
    page.goto("/orientations/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Inès Lauterbourg").click()
    page.get_by_role("button", name="Accepter l'orientation").click()
    assert page.locator("#referral-status").text_content().strip() == "Acceptée"
    page.get_by_role("link", name="Voir le dossier et son parcours").click()
    assert "Inès Lauterbourg" in page.locator("h1").inner_text()
    assert axe_violations(page) == []


def test_an_agent_finds_a_young_person_by_typing_part_of_the_name_without_accents(page, server_env):
    person = json.loads(run_in_server_database(server_env, PICK_ACCENTED).splitlines()[-1])
    login(page, "agent.haguenau@demo.tandem.localhost")
    page.goto("/personnes/?scope=all")  # the whole agency's caseload, where the search below counts
    # "sebastien coll" for Sébastien Collin: the first name without its accents, the start of the last name.
    typed = person["typed"]
    every = page.locator("#caseload-results tbody tr").count()
    page.get_by_role("searchbox", name=re.compile(r"Rechercher")).press_sequentially(typed, delay=40)
    # Results come as one types (htmx), without pressing a button.
    link = page.locator("#caseload-results").get_by_role("link", name=f"{person['last']} {person['first']}")
    expect(page.locator("#caseload-results tbody tr")).to_have_count(person["found"])
    assert person["found"] < every
    link.wait_for()
    page.wait_for_url(re.compile(r"query="))  # the address keeps the search (back button, a link to share)
    assert axe_violations(page) == []
    link.click()
    assert page.url.endswith(f"/personnes/{person['pk']}/")
