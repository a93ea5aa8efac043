"""The OpenAPI document tells the truth about the offers, positionings and suggestions routers: the values
of every enumeration, and every error an operation answers, with its {"detail": "…"} body."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tandem.accounts.enums import TokenScope
from tandem.offers.enums import (
    ContractType,
    CvKind,
    ExperienceRequirement,
    NotRetainedReason,
    OfferSource,
    OfferStatus,
    PositioningStatus,
    SharingScope,
    WorkingTime,
)
from tandem.offers.matching.scoring import Tier
from tests.accounts.factories import bearer
from tests.offers.factories import OfferFactory
from tests.offers.test_positioning_services import advance, led_person, offer_of, propose

PREFIXES = ("/api/v1/offers", "/api/v1/positionings", "/api/v1/suggestions")
WRITES = {"post", "put", "patch", "delete"}


@pytest.fixture
def document(client, db) -> dict:
    return client.get("/api/v1/openapi.json").json()


def _resolve(document: dict, node: dict) -> dict:
    while "$ref" in node:
        node = document["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _enum(document: dict, node: dict) -> list[str]:
    """The values a property or parameter schema allows ("anyOf" with null for optional ones)."""
    node = _resolve(document, node)
    if "enum" in node:
        return node["enum"]
    for option in node.get("anyOf", []):
        option = _resolve(document, option)
        if "enum" in option:
            return option["enum"]
    raise AssertionError(f"no enum in {node}")


def _property(document: dict, schema: str, name: str) -> dict:
    return document["components"]["schemas"][schema]["properties"][name]


def _operations(document: dict):
    for path, operations in document["paths"].items():
        if path.startswith(PREFIXES):
            for method, operation in operations.items():
                yield path, method, operation


@pytest.mark.parametrize(
    ("schema", "name", "values"),
    [
        ("OfferOut", "status", OfferStatus.values),
        ("OfferOut", "sharing", SharingScope.values),
        ("OfferOut", "source", OfferSource.values),
        ("OfferOut", "contract_type", ContractType.values),
        ("OfferOut", "working_time", WorkingTime.values),
        ("OfferDetailOut", "experience", ExperienceRequirement.values),
        ("OfferIn", "contract_type", ContractType.values),
        ("OfferIn", "sharing", SharingScope.values),
        ("OfferPatchIn", "sharing", SharingScope.values),
        ("ImportJobOut", "kind", ["designations", "offers"]),
        ("ImportJobOut", "status", ["queued", "running", "done", "failed"]),
        ("PositioningOut", "status", PositioningStatus.values),
        ("PositioningOut", "cv_kind", CvKind.values),
        ("PositioningOut", "hired_contract_type", ["", *ContractType.values]),
        ("PositioningOut", "not_retained_reason", ["", *NotRetainedReason.values]),
        ("PositioningIn", "cv_kind", CvKind.values),
        ("SendIn", "cv_kind", CvKind.values),
        ("HireIn", "contract_type", ContractType.values),
        ("NotRetainedIn", "reason", NotRetainedReason.values),
        ("MatchOut", "tier", Tier.values),
    ],
)
def test_statuses_reasons_contracts_cv_kinds_and_scopes_are_enumerations(document, schema, name, values):
    assert _enum(document, _property(document, schema, name)) == list(values)


def test_the_filters_of_the_lists_are_enumerations(document):
    offers = {p["name"]: p["schema"] for p in document["paths"]["/api/v1/offers"]["get"]["parameters"]}
    assert _enum(document, offers["status"]) == ["", *OfferStatus.values]
    assert _enum(document, offers["contract_type"]) == ["", *ContractType.values]
    assert _enum(document, offers["sharing"]) == ["", *SharingScope.values]
    assert _enum(document, offers["source"]) == ["", *OfferSource.values]
    positionings = {p["name"]: p["schema"] for p in document["paths"]["/api/v1/positionings"]["get"]["parameters"]}
    assert _enum(document, positionings["status"]) == ["", *PositioningStatus.values]


def test_every_operation_declares_its_errors_with_a_detail(document):
    operations = list(_operations(document))
    assert len(operations) == 15
    for path, method, operation in operations:
        expected = {"401", "404", "422"} | ({"400", "403", "409"} if method in WRITES else set())
        assert expected <= set(operation["responses"]), (method, path)
        for status in expected:
            schema = _resolve(document, operation["responses"][status]["content"]["application/json"]["schema"])
            assert schema["properties"]["detail"]["type"] == "string" and "detail" in schema["required"]


def _declared(document: dict, method: str, path: str) -> set[str]:
    return set(document["paths"][path][method]["responses"])


def test_the_errors_the_operations_answer_are_the_declared_ones(client, cast, document):
    """Each error status met in practice, on the operation that answered it, is in the document."""
    offer = OfferFactory(organisation=cast.ml_a, positions=1)
    interviewed = advance(cast, propose(cast, offer=offer_of(cast)), PositioningStatus.INTERVIEW)
    filled = offer_of(cast, positions=1)
    first, second = (advance(cast, propose(cast, offer=filled), PositioningStatus.INTERVIEW) for _ in range(2))
    person = led_person(cast)
    read = bearer(cast.ml_a, scope=TokenScope.READ)
    write_c = bearer(cast.ml_c, scope=TokenScope.WRITE)
    today = timezone.localdate().isoformat()
    hire = {"contract_type": "cdi", "start_on": today}
    offers, positionings = "/api/v1/offers", "/api/v1/positionings"
    upload = SimpleUploadedFile("o.json", b"[]", "application/json")

    def call(method, url, data=None, **headers):
        if method == "get":
            return client.get(url, **headers)
        body = json.dumps(data or {})
        return getattr(client, method)(url, body, content_type="application/json", **headers)

    scenarios = [
        # (who, method, documented path, url, data, headers, expected status)
        (None, "get", offers, offers, None, {}, 401),
        (None, "get", positionings, positionings, None, {}, 401),
        ("observer", "get", positionings, positionings, None, {}, 404),
        ("adviser_a", "get", offers, offers + "?offset=-1", None, {}, 422),
        ("adviser_a", "get", offers, offers + "?commune=99999", None, {}, 422),
        ("adviser_c", "get", offers + "/{pk}", f"{offers}/{offer.pk}", None, {}, 404),
        ("adviser_a", "get", offers + "/{pk}", f"{offers}/99999999999999999999", None, {}, 422),
        (None, "post", offers, offers, {"title": "X", "contract_type": "cdi"}, read, 403),
        ("observer", "post", offers, offers, {"title": "X", "contract_type": "cdi"}, {}, 404),
        ("adviser_a", "post", offers, offers, {"title": "X", "contract_type": "zzz"}, {}, 422),
        (None, "patch", offers + "/{pk}", f"{offers}/{offer.pk}", {"title": "Y"}, write_c, 404),
        (None, "patch", offers + "/{pk}", f"{offers}/{offer.pk}", {"title": "Y"}, read, 403),
        ("adviser_a", "patch", offers + "/{pk}", f"{offers}/{offer.pk}", {"positions": 0}, {}, 422),
        ("adviser_a", "post", positionings, positionings, {"person_id": person.pk, "offer_id": 10**9}, {}, 404),
        ("adviser_a", "post", positionings, positionings, {"person_id": person.pk}, {}, 422),
        (
            "adviser_a",
            "post",
            positionings,
            positionings,
            {"person_id": first.person_id, "offer_id": filled.pk},
            {},
            409,
        ),
        ("agent_b", "post", positionings + "/{pk}/hire", f"{positionings}/{first.pk}/hire", hire, {}, 200),
        ("agent_b", "post", positionings + "/{pk}/hire", f"{positionings}/{second.pk}/hire", hire, {}, 409),
        (
            "agent_b",
            "post",
            positionings + "/{pk}/hire",
            f"{positionings}/{interviewed.pk}/hire",
            {"contract_type": "cdd", "start_on": today},
            {},
            422,
        ),
        ("adviser_c", "post", positionings + "/{pk}/withdraw", f"{positionings}/{first.pk}/withdraw", None, {}, 404),
        ("adviser_a", "post", positionings + "/{pk}/withdraw", f"{positionings}/{first.pk}/withdraw", None, {}, 409),
        (None, "post", positionings + "/{pk}/send", f"{positionings}/{second.pk}/send", None, read, 403),
        (
            "adviser_a",
            "post",
            positionings + "/{pk}/not-retained",
            f"{positionings}/{second.pk}/not-retained",
            {"reason": "zzz"},
            {},
            422,
        ),
        (
            "adviser_a",
            "post",
            positionings + "/{pk}/interview",
            f"{positionings}/{second.pk}/interview",
            {"interview_at": (timezone.now() + datetime.timedelta(days=1)).isoformat()},
            {},
            200,
        ),
        (
            "adviser_c",
            "get",
            "/api/v1/suggestions/offers/{offer_pk}/candidates",
            f"/api/v1/suggestions/offers/{offer.pk}/candidates",
            None,
            {},
            404,
        ),
        (
            "adviser_c",
            "get",
            "/api/v1/suggestions/people/{person_pk}/offers",
            f"/api/v1/suggestions/people/{person.pk}/offers",
            None,
            {},
            404,
        ),
    ]
    personas = cast.personas()
    for who, method, path, url, data, headers, status in scenarios:
        client.logout()
        if who:
            client.force_login(personas[who])
        response = call(method, url, data, **headers)
        assert response.status_code == status, (method, url, response.content)
        assert str(status) in _declared(document, method, path), (method, path, status)
        if status >= 400:
            assert isinstance(response.json()["detail"], str), (method, url, response.content)

    client.force_login(cast.adviser_a)
    response = client.post(offers + "/import", {"format": "francetravail", "file": upload})
    assert response.status_code == 403 and "403" in _declared(document, "post", offers + "/import")
    # A file that cannot be read is accepted for a background import (202), whose job then says why.
    response = client.post(
        offers + "/import", {"format": "csv", "file": SimpleUploadedFile("o.csv", b"titre\n1\n", "text/csv")}
    )
    assert response.status_code == 202 and "202" in _declared(document, "post", offers + "/import")
