"""Under its Content-Security-Policy and Permissions-Policy, the product still works in Chromium: the main
pages of an adviser's day log no violation, and pages with personal data are not kept in the browser cache."""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_login_journey import login

# Every CSP violation fires this DOM event; an init script is not subject to the page's policy.
RECORD_VIOLATIONS = """
window.__policyViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__policyViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""
POLICY_WORDS = ("Content Security Policy", "Content-Security-Policy", "Permissions-Policy", "Permissions policy")


@pytest.fixture
def watched_page(browser, server_url):
    """A page with the product's real policies (no bypass) that records every complaint about them."""
    context = browser.new_context(base_url=server_url, locale="fr-FR")
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.complaints = []
    page.on(
        "console",
        lambda message: page.complaints.append(message.text) if any(w in message.text for w in POLICY_WORDS) else None,
    )
    yield page
    context.close()


def visit(page, path: str):
    response = page.goto(path)
    assert response.ok, (path, response.status)
    page.wait_for_load_state("networkidle")
    return response


def violations(page) -> list[str]:
    return page.evaluate("window.__policyViolations") + page.complaints


def test_an_advisers_main_pages_log_no_policy_violation(watched_page):
    page = watched_page
    login_page = visit(page, "/compte/connexion/")
    headers = login_page.headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "camera=()" in headers["permissions-policy"]
    assert violations(page) == []

    login(page, "conseiller.alsace-nord@demo.tandem.localhost")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Ce qui demande votre attention aujourd'hui").is_visible()
    # The DSFR's scripts ran: its JavaScript marks the page once it is ready.
    page.wait_for_function("document.documentElement.hasAttribute('data-fr-js')")
    assert violations(page) == []

    caseload = visit(page, "/personnes/")
    assert "no-store" in caseload.headers["cache-control"]
    href = page.locator("main table a[href^='/personnes/']").first.get_attribute("href")
    assert re.fullmatch(r"/personnes/\d+/", href), href
    person = visit(page, href)
    assert "no-store" in person.headers["cache-control"]
    assert page.locator(".tandem-timeline").count() == 1
    assert violations(page) == []

    visit(page, "/offres/")
    assert violations(page) == []

    # htmx still swaps its results in under the policy.
    visit(page, "/organisations/qui-couvre/")
    page.get_by_label("Commune").fill("67180")
    page.get_by_role("button", name="Rechercher").click()
    page.locator("#coverage-results tbody tr").first.wait_for()
    assert "Haguenau" in page.locator("#coverage-results").inner_text()
    assert violations(page) == []


def test_the_api_documentation_renders_under_the_policy(watched_page):
    page = watched_page
    visit(page, "/api/v1/docs")
    page.locator(".swagger-ui .opblock").first.wait_for()
    assert violations(page) == []


def test_an_injected_inline_script_is_refused(watched_page):
    """The policy really bites: a script smuggled into the page does not run."""
    page = watched_page
    visit(page, "/compte/connexion/")
    page.evaluate(
        """() => { const s = document.createElement("script"); s.textContent = "window.__ran = true";
                   document.body.append(s); }"""
    )
    assert page.evaluate("window.__ran === undefined")
    assert any("script-src" in violation for violation in violations(page))
