"""Errors speak French in the State's design with a way back; the API answers them in JSON."""

from __future__ import annotations

from django.test import RequestFactory

from tandem.shell.views import server_error


def test_a_page_not_found_is_french_with_a_way_back(client, cast):
    client.force_login(cast.adviser_a)
    response = client.get("/personnes/999999/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Page introuvable" in body and 'href="/"' in body and "Retour à l'accueil" in body
    assert "fr-header" in body  # the DSFR shell, not Django's bare page
    assert "Not Found" not in body


def test_an_unknown_api_path_answers_json(client, cast):
    client.force_login(cast.adviser_a)
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_the_server_error_page_needs_no_database(db, django_assert_num_queries):
    request = RequestFactory().get("/personnes/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert "Erreur inattendue" in response.content.decode()
    api = server_error(RequestFactory().get("/api/v1/people"))
    assert api.status_code == 500 and api["Content-Type"] == "application/json"


def test_a_record_number_too_large_for_the_database_is_a_plain_404(client, cast):
    client.force_login(cast.adviser_a)
    huge = "9" * 30
    assert client.get(f"/personnes/{huge}/").status_code == 404
    assert client.get(f"/orientations/{huge}/").status_code == 404
    assert client.get(f"/api/v1/people/{huge}").status_code == 422
    assert client.get("/api/v1/people?offset=" + huge).status_code == 422
