"""API of diagnostics: the same rules as the pages, for partner systems' tokens. An outsider's token gets 404 on
every write and changes nothing, a read-only token 403, a version no longer a draft 409, a bad value 422."""

from __future__ import annotations

import json

import pytest

from tandem.accounts.enums import Role, TokenScope
from tandem.diagnostics.enums import VersionStatus
from tandem.diagnostics.models import Diagnostic, DiagnosticVersion
from tests.accounts.factories import api_key
from tests.diagnostics.factories import diagnostic_of

pytestmark = pytest.mark.django_db

URL = "/api/v1/diagnostics"


def bearer(organisation, *, role=Role.ADVISER, scope=TokenScope.WRITE) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_key(organisation, scope=scope, role=role)}"}


def send(client, method, url, body=None, **headers):
    return getattr(client, method)(url, json.dumps(body or {}), content_type="application/json", **headers)


def test_a_partner_s_token_creates_a_diagnostic_writes_its_narrative_and_publishes_it(client, cast):
    headers = bearer(cast.agency_b)
    created = send(client, "post", URL, {"title": "Haguenau", "territory": "67180", "as_of": "2026-06-01"}, **headers)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["number"] == 1 and body["status"] == "draft" and "ages" in body["figures"]["tables"]
    pk = body["diagnostic_id"]
    written = send(client, "put", f"{URL}/{pk}/versions/1/narrative", {"priorities": "La mobilité"}, **headers)
    assert written.status_code == 200 and written.json()["priorities"] == "La mobilité"
    published = send(client, "post", f"{URL}/{pk}/versions/1/publish", **headers)
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert send(client, "put", f"{URL}/{pk}/versions/1/narrative", {"remarks": "x"}, **headers).status_code == 409
    assert send(client, "post", f"{URL}/{pk}/versions/1/publish", **headers).status_code == 409
    second = send(client, "post", f"{URL}/{pk}/versions", {"as_of": "2026-07-01"}, **headers)
    assert second.status_code == 201 and second.json()["priorities"] == "La mobilité"
    detail = client.get(f"{URL}/{pk}", **headers).json()
    assert [v["number"] for v in detail["versions"]] == [2, 1] and detail["latest_version"] == 2


def test_every_member_reads_the_list_and_the_figures(client, cast):
    version = diagnostic_of(cast)
    headers = bearer(cast.state_service, role=Role.OBSERVER, scope=TokenScope.READ)
    listed = client.get(URL, {"territory": "67"}, **headers)
    assert listed.status_code == 200 and [d["id"] for d in listed.json()["items"]] == [version.diagnostic_id]
    one = client.get(f"{URL}/{version.diagnostic_id}/versions/1", **headers)
    assert one.status_code == 200 and one.json()["figures"] == version.figures
    assert client.get(f"{URL}/{version.diagnostic_id}/versions/9", **headers).status_code == 404
    assert client.get(URL, {"territory": "nowhere"}, **headers).status_code == 422


def test_a_read_only_token_writes_nothing(client, cast):
    version = diagnostic_of(cast)
    headers = bearer(cast.ml_a, scope=TokenScope.READ)
    pk = version.diagnostic_id
    assert (
        send(client, "post", URL, {"title": "X", "territory": "67180", "as_of": "2026-06-01"}, **headers).status_code
        == 403
    )
    assert send(client, "post", f"{URL}/{pk}/versions", {"as_of": "2026-06-01"}, **headers).status_code == 403
    assert send(client, "put", f"{URL}/{pk}/versions/1/narrative", {"needs": "x"}, **headers).status_code == 403
    assert send(client, "post", f"{URL}/{pk}/versions/1/publish", **headers).status_code == 403
    assert DiagnosticVersion.objects.count() == 1


@pytest.mark.parametrize("outsider", ["ml_c", "state_service"])
def test_an_outsider_s_token_gets_404_on_every_write_and_nothing_changes(client, cast, outsider):
    version = diagnostic_of(cast)
    role = Role.OBSERVER if outsider == "state_service" else Role.MANAGER
    headers = bearer(getattr(cast, outsider), role=role)
    pk = version.diagnostic_id
    assert (
        send(client, "post", URL, {"title": "X", "territory": "67180", "as_of": "2026-06-01"}, **headers).status_code
        == 404
    )
    assert send(client, "post", f"{URL}/{pk}/versions", {"as_of": "2026-06-01"}, **headers).status_code == 404
    assert send(client, "put", f"{URL}/{pk}/versions/1/narrative", {"needs": "x"}, **headers).status_code == 404
    assert send(client, "post", f"{URL}/{pk}/versions/1/publish", **headers).status_code == 404
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT and version.needs == ""
    assert Diagnostic.objects.count() == 1 and DiagnosticVersion.objects.count() == 1


def test_a_bad_territory_or_a_date_to_come_is_422(client, cast):
    headers = bearer(cast.ml_a)
    assert (
        send(client, "post", URL, {"title": "X", "territory": "99999", "as_of": "2026-06-01"}, **headers).status_code
        == 422
    )
    assert (
        send(client, "post", URL, {"title": "X", "territory": "67180", "as_of": "2999-01-01"}, **headers).status_code
        == 422
    )
