import pytest

from tandem.accounts.enums import Role, TokenScope
from tandem.accounts.services import api_token_create, api_token_revoke


@pytest.fixture
def read_key(cast):
    return api_token_create(
        organisation=cast.ml_a, name="lecture", scope=TokenScope.READ, role=Role.MANAGER, by=cast.director_a
    )[1]


@pytest.fixture
def write_key(cast):
    return api_token_create(
        organisation=cast.ml_a, name="écriture", scope=TokenScope.WRITE, role=Role.MANAGER, by=cast.director_a
    )[1]


def bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_the_openapi_schema_and_docs_are_published(client, db):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.")
    assert "/api/v1/territories/communes/{code}/coverage" in schema.json()["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_every_operation_declares_the_web_servers_refusal_of_an_overlong_request(client, db):
    """gunicorn answers 414 with a page of its own to a request line beyond 4,094 bytes: documented, bodiless."""
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    operations = [operation for path in paths.values() for operation in path.values()]
    assert all(operation["responses"]["414"] == {"description": "Request-URI Too Long"} for operation in operations)
    assert paths["/api/v1/employers"]["get"]["responses"]["422"]["content"]


def test_the_api_refuses_anonymous_callers(client, db):
    assert client.get("/api/v1/territories/communes/67180/coverage").status_code == 401


def test_a_logged_in_adviser_asks_which_mission_locale_covers_haguenau(client, cast):
    client.force_login(cast.adviser_c)
    answer = client.get("/api/v1/territories/communes/67180/coverage").json()
    assert answer["commune"]["name"] == "Haguenau"
    assert answer["mission_locale"]["name"] == "Mission Locale A"
    assert answer["agency"]["name"] == "France Travail B"


def test_an_unknown_commune_is_a_404(client, cast):
    client.force_login(cast.adviser_a)
    assert client.get("/api/v1/territories/communes/99999/coverage").status_code == 404


def test_a_partner_system_reads_with_its_token(client, cast, read_key):
    me = client.get("/api/v1/me", **bearer(read_key)).json()
    assert me == {
        "kind": "token",
        "email": None,
        "memberships": [],
        "scope": "read",
        "role": "manager",
        "organisation": {"id": cast.ml_a.pk, "kind": "mission_locale", "name": "Mission Locale A"},
    }
    listing = client.get("/api/v1/organisations?kind=mission_locale", **bearer(read_key)).json()
    assert {item["name"] for item in listing["items"]} == {"Mission Locale A", "Mission Locale C"}


def test_a_read_token_cannot_write(client, cast, read_key):
    response = client.put(
        f"/api/v1/organisations/{cast.ml_a.pk}/coverage",
        data={"commune_codes": ["67180"]},
        content_type="application/json",
        **bearer(read_key),
    )
    assert response.status_code == 403


def test_a_write_token_replaces_its_own_organisation_coverage_only(client, cast, write_key):
    url = f"/api/v1/organisations/{cast.ml_a.pk}/coverage"
    response = client.put(
        url, data={"commune_codes": ["67180", "67348"]}, content_type="application/json", **bearer(write_key)
    )
    assert response.status_code == 200
    assert response.json() == {"added": 1, "removed": 1, "total": 2}
    assert client.get(url, **bearer(write_key)).json()["commune_codes"] == ["67180", "67348"]
    other = client.put(
        f"/api/v1/organisations/{cast.ml_c.pk}/coverage",
        data={"commune_codes": ["67180"]},
        content_type="application/json",
        **bearer(write_key),
    )
    assert other.status_code == 404


def test_bad_codes_are_refused_with_a_clear_message(client, cast, write_key):
    response = client.put(
        f"/api/v1/organisations/{cast.ml_a.pk}/coverage",
        data={"commune_codes": ["99999"]},
        content_type="application/json",
        **bearer(write_key),
    )
    assert response.status_code == 422
    assert "99999" in response.json()["detail"]


def test_a_revoked_or_unknown_token_is_refused(client, cast, read_key):
    token = cast.ml_a.api_tokens.get()
    api_token_revoke(token=token)
    assert client.get("/api/v1/me", **bearer(read_key)).status_code == 401
    assert client.get("/api/v1/me", **bearer("tdm_not-a-key")).status_code == 401


def test_a_session_write_needs_csrf_and_the_right_to_edit(cast):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(cast.director_a)
    url = f"/api/v1/organisations/{cast.ml_a.pk}/coverage"
    refused = browser.put(url, data={"commune_codes": ["67180"]}, content_type="application/json")
    assert refused.status_code in (401, 403)
    adviser = Client()
    adviser.force_login(cast.adviser_a)
    assert adviser.put(url, data={"commune_codes": ["67180"]}, content_type="application/json").status_code == 404
