"""Cotraitance end to end: France Travail Haguenau proposes a young person living in Wissembourg; the
Mission Locale d'Alsace du Nord accepts, schedules and records the first meeting; the timeline tells
each step with its author; an unrelated Mission Locale gets 404 on the page and on the API route.
"""

from __future__ import annotations

import datetime
import re
import zoneinfo

from tests.e2e.conftest import axe_violations
from tests.e2e.test_login_journey import login

PARIS = zoneinfo.ZoneInfo("Europe/Paris")  # the product's TIME_ZONE: its days start at midnight in Paris


def logout(page) -> None:
    page.locator(".fr-header__tools-links").get_by_role("button", name="Se déconnecter").click()


def test_a_designation_followed_to_the_first_meeting(page):
    login(page, "agent.haguenau@demo.tandem.localhost")
    page.goto("/designations/nouvelle/")
    page.get_by_label("Identifiant France Travail").fill("9999001E")
    page.get_by_label("Nom", exact=True).fill("Parcours")
    page.get_by_label("Prénom", exact=True).fill("Yanis")
    today = datetime.datetime.now(tz=PARIS).date()  # the server's day (TIME_ZONE), not UTC's
    birth = today.replace(year=today.year - 19, month=3, day=14)
    page.get_by_label("Date de naissance").fill(birth.isoformat())
    page.get_by_label("Code commune (INSEE)").fill("67544")
    page.get_by_role("button", name="Vérifier et proposer").click()
    assert "Mission Locale d'Alsace du Nord" in page.locator("main").inner_text()
    person_url = page.url
    match = re.search(r"/personnes/(\d+)/", person_url)
    assert match, person_url
    person_id = match.group(1)
    logout(page)

    login(page, "conseiller.alsace-nord@demo.tandem.localhost")
    page.goto("/orientations/")
    page.get_by_role("link", name="Yanis Parcours").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Accepter l'orientation").click()
    assert page.locator("#referral-status").text_content().strip() == "Acceptée"
    meeting = (today + datetime.timedelta(days=2)).strftime("%Y-%m-%dT10:00")
    page.get_by_label("Date et heure du premier rendez-vous").fill(meeting)
    page.get_by_role("button", name="Enregistrer le rendez-vous").click()
    assert page.locator("#referral-status").text_content().strip() == "Premier rendez-vous fixé"
    page.get_by_label("Date du rendez-vous honoré").fill(today.isoformat())
    page.get_by_role("button", name="Enregistrer l'entrée effective").click()
    assert page.locator("#referral-status").text_content().strip() == "Entrée effective"

    page.goto(f"/personnes/{person_id}/")
    timeline = page.locator(".tandem-timeline").inner_text()
    for step in (
        "Proposé à la Mission Locale (cotraitance)",
        "Orientation acceptée",
        "Référent désigné",
        "Premier rendez-vous fixé",
        "Premier rendez-vous honoré (entrée effective)",
        "Entrée dans un dispositif",
    ):
        assert step in timeline, step
    assert "France Travail Haguenau" in timeline and "Mission Locale d'Alsace du Nord" in timeline
    assert axe_violations(page) == []
    logout(page)

    login(page, "conseiller.bordeaux@demo.tandem.localhost")
    assert page.goto(f"/personnes/{person_id}/").status == 404
    assert page.request.get(f"/api/v1/people/{person_id}").status == 404
