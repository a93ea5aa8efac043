"""A demo adviser logs in, finds who covers Haguenau, and a seconded agent switches organisation."""

from __future__ import annotations

from tandem.demo.services import DEMO_PASSWORD
from tests.e2e.conftest import axe_violations


def login(page, email: str) -> None:
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse électronique", exact=True).fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_the_login_page_is_french_and_accessible(page):
    page.goto("/")
    assert page.url.endswith("/compte/connexion/?next=/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", name="Connexion à Tandem").is_visible()
    # The State design system's stylesheet really applies (its font is Marianne).
    assert "Marianne" in page.evaluate("getComputedStyle(document.body).fontFamily")
    assert axe_violations(page) == []


def test_an_adviser_logs_in_and_finds_the_mission_locale_covering_haguenau(page):
    login(page, "conseiller.alsace-nord@demo.tandem.localhost")
    assert page.get_by_role("heading", name="Ce qui demande votre attention aujourd'hui").is_visible()
    assert "Mission Locale d'Alsace du Nord" in page.content()
    assert axe_violations(page) == []
    page.goto("/organisations/qui-couvre/")
    page.get_by_label("Commune").fill("67180")
    page.get_by_role("button", name="Rechercher").click()
    row = page.locator("#coverage-results tbody tr").first
    row.wait_for()
    assert "Haguenau" in row.inner_text()
    assert "Mission Locale d'Alsace du Nord" in row.inner_text()
    assert axe_violations(page) == []


def test_a_seconded_agent_switches_organisation_in_the_header(page):
    login(page, "seconde.bordeaux@demo.tandem.localhost")
    # DSFR copies the header tools into the mobile menu: use the desktop header's copy.
    tools = page.locator(".fr-header__tools-links")
    switcher = tools.get_by_label("Organisation pour laquelle vous agissez")
    options = switcher.locator("option").all_inner_texts()
    assert len(options) == 2
    target = next(o for o in options if "Mission Locale" in o)
    switcher.select_option(label=target)
    tools.get_by_role("button", name="Changer").click()
    assert "Vous agissez pour Mission Locale Bordeaux Avenir Jeunes" in page.locator("main").inner_text()
