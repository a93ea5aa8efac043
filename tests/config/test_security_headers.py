"""Headers every page carries: Content-Security-Policy, Permissions-Policy, and no-store on personal data."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tandem.people.services import follow_set_lead
from tests.offers.test_positioning_services import led_person, offer_of, propose
from tests.people.factories import PersonFactory

LOGIN = reverse("accounts:login")


def _directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


def test_scripts_run_only_from_our_own_files(client, db):
    response = client.get(LOGIN)
    directives = _directives(response)
    assert directives["script-src"][0] == "'self'"
    assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
    assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'none'"]
    # No inline script to allow: every script of the page is a file (a future inline one needs the nonce).
    for tag in re.findall(r"<script\b[^>]*>", response.content.decode()):
        assert "src=" in tag, tag


def test_an_inline_script_runs_only_with_the_nonce_of_its_page(rf, db):
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse

    def page(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}">go()</script>')

    middleware = CSPMiddleware(page)
    responses = [middleware(rf.get("/")) for _ in range(2)]
    nonces = [re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1) for response in responses]
    assert nonces[0] != nonces[1]
    for response, nonce in zip(responses, nonces, strict=True):
        assert f'nonce="{nonce}"' in response.content.decode()


def test_no_inline_style_is_allowed(client, db):
    assert _directives(client.get(LOGIN))["style-src"] == ["'self'"]


def test_powerful_browser_features_are_refused(client, db):
    policy = client.get(LOGIN)["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_pages_shown_to_a_logged_in_user_are_never_stored(client, cast):
    person = PersonFactory()
    follow_set_lead(person=person, organisation=cast.ml_a, adviser=cast.adviser_a, by=cast.adviser_a)
    client.force_login(cast.adviser_a)
    for url in (reverse("shell:home"), reverse("people:caseload"), reverse("people:detail", args=[person.pk])):
        response = client.get(url)
        assert response.status_code == 200
        assert _no_store(response), url


def test_the_cv_pdf_is_never_stored(client, cast):
    positioning = propose(cast, person=led_person(cast), offer=offer_of(cast))
    client.force_login(cast.adviser_a)
    response = client.get(reverse("offers:positioning_cv", args=[positioning.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert _no_store(response)


def test_the_audit_export_is_never_stored(client, cast):
    client.force_login(cast.director_a)
    response = client.get(reverse("audit:export"))
    assert response.status_code == 200
    assert _no_store(response)


@pytest.mark.parametrize("logged_in", [True, False])
def test_api_answers_are_never_stored(client, cast, logged_in):
    if logged_in:
        client.force_login(cast.adviser_a)
    response = client.get("/api/v1/territories/communes/67180/coverage")
    assert response.status_code == (200 if logged_in else 401)
    assert _no_store(response)


def test_public_pages_and_static_files_stay_cacheable(client, cast):
    assert not _no_store(client.get(reverse("shell:accessibility")))
    client.force_login(cast.adviser_a)
    assert not _no_store(client.get("/static/shell/tandem.css"))
