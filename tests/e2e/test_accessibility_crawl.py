"""Every page type a persona can reach passes axe-core (RGAA-relevant WCAG rules): an adviser of a Mission Locale,
a France Travail agent and a Mission Locale's manager each follow the links of the product from their home, and
every kind of page they reach (one per URL route: a person's record, a referral, an offer, an organisation's
members...) is checked once, in one browser context per persona.

Links are followed rather than listed by hand, so a new page is checked as soon as a link leads to it; the routes
are told apart by Django's URL resolver, so 300 person records count as one page type.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve

from tandem.demo.services import DEMO_PASSWORD
from tests.e2e.conftest import axe_violations

PERSONAS = {
    "adviser": "conseiller.alsace-nord@demo.tandem.localhost",
    "france_travail": "agent.haguenau@demo.tandem.localhost",
    "manager": "direction.alsace-nord@demo.tandem.localhost",
    # Mission Jeunes (seed 003): sessions with temp agencies, immersions, paths across agencies.
    "mission_jeunes": "conseiller.saint-etienne@demo.tandem.localhost",
}
# Pages no link may lead to (forms reached by their own URL, a page only an error shows).
SEEDS = [
    "/",
    "/personnes/",
    "/orientations/",
    "/offres/",
    "/offres/mises-en-relation/",
    "/organisations/",
    "/organisations/qui-couvre/",
    "/notifications/",
    "/notifications/preferences/",
    "/journal/",
    "/designations/",
    "/designations/nouvelle/",
    "/personnes/nouveau/",
    "/personnes/chevauchements/",
    "/offres/nouvelle/",
    "/offres/import/",
    "/immersions/?type=professionnels",  # the staff immersions' tab: the PMSMPs' are reached from a record
    "/actions-freins/",
    "/indicateurs/",  # the reader's dashboard (charts and their tables)
    "/diagnostics/",
    "/sorties/suivis-a-faire/",
    "/compte/",
    "/compte/jetons/",
    "/compte/mot-de-passe/",
    "/accessibilite/",
    "/mentions-legales/",
    "/une-page-qui-n-existe-pas/",
]
# Not pages: downloads, the API, Django's admin (not in the State's design), switches that act on a GET.
SKIPPED_PREFIXES = ("/api/", "/admin/", "/i18n/", "/static/", "/compte/deconnexion/")
SKIPPED_SUFFIXES = (".csv", ".xlsx", ".pdf", ".ics", "/export/")
MAX_PAGES = 80
# An icon button or link says what it does in words, on screen or for screen readers (fr-sr-only), not by a
# title or an aria-label only.
ICON_CONTROLS = "a[class*='fr-icon-'], button[class*='fr-icon-'], a[class*='fr-fi-'], button[class*='fr-fi-']"
SILENT_ONES = "controls => controls.filter(c => !c.textContent.trim()).map(c => c.outerHTML.slice(0, 120))"


def _route(path: str) -> str:
    """The page type of a path: its URL pattern (people/<id:pk>/ for every record), or the path itself."""
    try:
        match = resolve(path)
    except Resolver404:
        return "404"
    return match.route


def _login(page, email: str) -> None:
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse électronique", exact=True).fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(lambda url: "/compte/connexion/" not in url)


def _links(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "main a[href], header a[href], nav a[href]",
        "links => links.filter(a => !a.hasAttribute('download')).map(a => a.href)",
    )
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin:
            continue
        path = parts.path
        if path.startswith(SKIPPED_PREFIXES) or path.endswith(SKIPPED_SUFFIXES):
            continue
        found.append(path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl(page, origin: str) -> tuple[dict[str, list], dict[str, int], list[str]]:
    """Visit one page of each route reachable from the seeds; axe on each page that answers."""
    queue = list(SEEDS)
    seen_routes: set[str] = set()
    violations: dict[str, list] = {}
    statuses: dict[str, int] = {}
    visited: list[str] = []
    while queue and len(visited) < MAX_PAGES:
        url = queue.pop(0)
        route = _route(url.split("?")[0])
        if route in seen_routes:
            continue
        seen_routes.add(route)
        response = page.goto(url)
        status = response.status if response else 0
        statuses[url] = status
        visited.append(url)
        if status >= 500:
            continue
        found = axe_violations(page)
        silent = page.eval_on_selector_all(ICON_CONTROLS, SILENT_ONES)
        if silent:
            found = [*found, {"id": "icon-without-text", "nodes": silent}]
        if found:
            violations[url] = found
        if status == 200:
            queue.extend(link for link in _links(page, origin) if _route(link.split("?")[0]) not in seen_routes)
    return violations, statuses, visited


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_every_page_type_a_persona_reaches_is_accessible(browser, server_url, persona):
    context = browser.new_context(base_url=server_url, locale="fr-FR")
    page = context.new_page()
    try:
        _login(page, PERSONAS[persona])
        violations, statuses, visited = crawl(page, server_url)
    finally:
        context.close()
    assert not [url for url, status in statuses.items() if status >= 500], statuses
    # The crawl really went deep: records, referrals, offers, organisations.
    assert any(url.startswith("/personnes/") and url[len("/personnes/") : -1].isdigit() for url in visited), visited
    assert len(visited) >= 15, visited
    assert violations == {}, violations
