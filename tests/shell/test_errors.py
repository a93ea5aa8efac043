"""Every error page speaks French in the State's design (DSFR), says which error it is and offers a way back home;
the API keeps answering its errors in JSON."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.urls("tests.shell.error_urls")


def _assert_french_page_with_a_way_back(body: str, title: str, code: int) -> None:
    assert '<html lang="fr"' in body
    assert "fr-header" in body and "fr-footer" in body  # the DSFR shell, not Django's bare page
    assert f"<h1>{title}</h1>" in body
    assert f"Erreur {code}" in body
    assert '<a class="fr-btn" href="/">Retour à l\'accueil</a>' in body


def test_a_refused_page_is_french_with_a_way_back(client, cast):
    client.force_login(cast.adviser_a)
    response = client.get("/essai/refuse/")
    assert response.status_code == 403
    body = response.content.decode()
    _assert_french_page_with_a_way_back(body, "Accès refusé", 403)
    assert "<title>Accès refusé — Tandem</title>" in body
    assert "Forbidden" not in body


def test_a_missing_page_is_french_with_a_way_back_even_logged_out(client, db):
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    _assert_french_page_with_a_way_back(response.content.decode(), "Page introuvable", 404)


def test_a_server_error_is_french_with_a_way_back(cast):
    client = Client(raise_request_exception=False)
    client.force_login(cast.adviser_a)
    response = client.get("/essai/panne/")
    assert response.status_code == 500
    body = response.content.decode()
    _assert_french_page_with_a_way_back(body, "Erreur inattendue", 500)
    assert "RuntimeError" not in body and "a bug" not in body


def test_api_errors_stay_json(cast):
    client = Client(raise_request_exception=False)
    client.force_login(cast.adviser_a)
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.json() == {"detail": "Not Found"}


def test_a_form_refused_by_the_csrf_check_says_why_in_french_with_a_way_back(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.adviser_a)
    response = client.post("/notifications/tout-lire/")
    assert response.status_code == 403
    body = response.content.decode()
    _assert_french_page_with_a_way_back(body, "Accès refusé", 403)
    assert "la page était ouverte depuis trop longtemps" in body
    assert "CSRF verification failed" not in body and "Forbidden" not in body
