import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tandem.accounts.enums import TokenScope
from tandem.audit.models import AuditEntry
from tandem.people.models import Person
from tandem.referrals.models import Referral
from tests.accounts.factories import api_key
from tests.designations.factories import born, csv_file, row

IMPORT_URL = "/api/v1/designations/import"
ONE_URL = "/api/v1/designations"


def bearer(organisation, scope, by) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_key(organisation, scope=scope)}"}


def a_list() -> SimpleUploadedFile:
    data = csv_file([row("1000001A", "Martin", "Léa", born(18)), row("1000002B", "Durand", "Hugo", "2005-02-31")])
    return SimpleUploadedFile("liste.csv", data, content_type="text/csv")


def test_a_write_token_of_the_agency_imports_a_list_in_the_background_and_gets_the_report(
    client, cast, django_capture_on_commit_callbacks
):
    headers = bearer(cast.agency_b, TokenScope.WRITE, cast.agent_b)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = client.post(IMPORT_URL, {"file": a_list()}, **headers)
    assert response.status_code == 202, response.content
    # The import is queued once the upload is committed; running it proposes a referral, told to the Mission Locale
    # once the worker's own transaction commits.
    assert len(queued) == 2 and "enqueue" in repr(queued[0]) and "notify" in repr(queued[1])
    job = client.get(response.json()["url"], **headers).json()
    assert (job["kind"], job["status"], job["file_name"], job["percent"]) == ("designations", "done", "liste.csv", 100)
    report = job["report"]
    assert report["counts"]["created"] == 1 and report["counts"]["errors"] == 1
    assert report["proposed"] == {"Mission Locale A": 1}
    assert report["errors"][0]["line"] == 3 and "date de naissance invalide" in report["errors"][0]["reason"]
    assert AuditEntry.objects.filter(api_token__organisation=cast.agency_b, object_type="person").count() == 1
    assert Referral.objects.get().proposed_by is None, "a partner system, not a person, proposed"
    # Another organisation's token does not see the job.
    assert client.get(response.json()["url"], **bearer(cast.ml_a, TokenScope.READ, None)).status_code == 404


def test_a_read_token_cannot_import(client, cast):
    headers = bearer(cast.agency_b, TokenScope.READ, cast.agent_b)
    response = client.post(IMPORT_URL, {"file": a_list()}, **headers)
    assert response.status_code == 403
    assert not Person.objects.exists()


def test_a_mission_locale_token_cannot_import_even_with_write_scope(client, cast):
    headers = bearer(cast.ml_a, TokenScope.WRITE, cast.director_a)
    assert client.post(IMPORT_URL, {"file": a_list()}, **headers).status_code == 404
    assert not Person.objects.exists()


def test_an_agency_adviser_imports_through_the_session(client, cast, django_capture_on_commit_callbacks):
    client.force_login(cast.agent_b)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(IMPORT_URL, {"file": a_list()})
    assert response.status_code == 202
    assert client.get(response.json()["url"]).json()["report"]["counts"]["proposed"] == 1
    assert Referral.objects.get().proposed_by == cast.agent_b


@pytest.mark.parametrize("persona", ["adviser_a", "adviser_c", "observer", "admin"])
def test_a_session_not_acting_for_an_agency_cannot_import(client, cast, persona):
    client.force_login(cast.personas()[persona])
    assert client.post(IMPORT_URL, {"file": a_list()}).status_code == 404
    assert not Person.objects.exists()


def test_an_anonymous_caller_is_refused(client, cast):
    assert client.post(IMPORT_URL, {"file": a_list()}).status_code == 401


def test_one_registrant_is_proposed_and_the_result_explained(client, cast):
    client.force_login(cast.agent_b)
    payload = {
        "ft_identifier": "3000001A",
        "last_name": "Martin",
        "first_name": "Léa",
        "birth_date": born(18).isoformat(),
        "postcode": "67160",
        "commune_name": "Wissembourg",
    }
    response = client.post(ONE_URL, payload, content_type="application/json")
    assert response.status_code == 200, response.content
    result = response.json()
    assert result["record"] == "created" and result["designation"] == "proposed"
    assert result["eligible"] and result["age"] == 18 and result["mission_locale_id"] == cast.ml_a.pk
    assert result["referral_id"] == Referral.objects.get().pk
    again = client.post(ONE_URL, payload, content_type="application/json").json()
    assert again["record"] == "unchanged" and again["designation"] == "already_proposed"


def test_an_invalid_registrant_gets_a_422_with_the_reason(client, cast):
    client.force_login(cast.agent_b)
    payload = {
        "ft_identifier": "3000002B",
        "last_name": "Martin",
        "first_name": "Léa",
        "birth_date": born(18).isoformat(),
        "commune_code": "99999",
    }
    response = client.post(ONE_URL, payload, content_type="application/json")
    assert response.status_code == 422 and response.json()["detail"] == "commune inconnue « 99999 »"


def test_a_read_token_cannot_propose_one_registrant(client, cast):
    headers = bearer(cast.agency_b, TokenScope.READ, cast.agent_b)
    payload = {
        "ft_identifier": "3000003C",
        "last_name": "Martin",
        "first_name": "Léa",
        "birth_date": born(18).isoformat(),
        "commune_code": "67544",
    }
    assert client.post(ONE_URL, payload, content_type="application/json", **headers).status_code == 403
    assert not Person.objects.exists()
