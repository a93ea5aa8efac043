"""API of shared offers: scoped like the pages; writes need a write token or a non-observer session."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tandem.accounts.enums import TokenScope
from tandem.offers.enums import SharingScope
from tandem.offers.models import Offer
from tests.accounts.factories import api_key
from tests.imports.flow import import_through_api
from tests.offers.factories import OfferFactory, ft_offer
from tests.offers.test_views import NASTY_FILES

URL = "/api/v1/offers"


def bearer(organisation, scope, by) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_key(organisation, scope=scope)}"}


def test_the_list_is_scoped_and_filtered(client, cast):
    own = OfferFactory(organisation=cast.ml_a, sharing=SharingScope.OWN, rome_id="G1803")
    OfferFactory(organisation=cast.ml_c, commune_id="33063")
    headers = bearer(cast.ml_a, TokenScope.READ, cast.director_a)
    response = client.get(URL, **headers)
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [own.pk]
    assert client.get(URL + "?rome=J1501", **headers).json()["count"] == 0
    around = client.get(URL + "?commune=67180&distance_km=10", **headers).json()["items"]
    assert around[0]["distance_km"] < 10


def test_an_offer_outside_the_scope_answers_404(client, cast):
    offer = OfferFactory(organisation=cast.ml_a, sharing=SharingScope.PARTNERS)
    client.force_login(cast.agent_b)
    assert client.get(f"{URL}/{offer.pk}").json()["id"] == offer.pk
    client.force_login(cast.adviser_c)
    assert client.get(f"{URL}/{offer.pk}").status_code == 404


def test_a_write_token_shares_an_offer(client, cast):
    headers = bearer(cast.ml_a, TokenScope.WRITE, cast.director_a)
    payload = {"title": "Agent d'accueil", "contract_type": "cdd", "rome_code": "m1601", "commune_code": "67544"}
    response = client.post(URL, json.dumps(payload), content_type="application/json", **headers)
    assert response.status_code == 201, response.content
    offer = Offer.objects.get()
    assert offer.organisation == cast.ml_a and offer.rome_id == "M1601" and offer.commune_id == "67544"
    for field, value, message in (("commune_code", "99999", "Commune inconnue"), ("rome_code", "Z9999", "ROME")):
        response = client.post(URL, json.dumps({**payload, field: value}), content_type="application/json", **headers)
        assert response.status_code == 422 and message in response.json()["detail"]
    assert Offer.objects.count() == 1


def test_a_read_token_or_an_observer_cannot_share(client, cast):
    payload = json.dumps({"title": "X", "contract_type": "cdi"})
    headers = bearer(cast.ml_a, TokenScope.READ, cast.director_a)
    assert client.post(URL, payload, content_type="application/json", **headers).status_code == 403
    client.force_login(cast.observer)
    assert client.post(URL, payload, content_type="application/json").status_code == 404
    assert not Offer.objects.exists()


def test_an_agency_imports_a_france_travail_file_and_gets_the_report(client, cast, django_capture_on_commit_callbacks):
    headers = bearer(cast.agency_b, TokenScope.WRITE, cast.agent_b)
    data = json.dumps([ft_offer("API1"), {"id": "API2"}]).encode()
    job = import_through_api(
        client,
        URL + "/import",
        {"format": "francetravail", "file": SimpleUploadedFile("o.json", data, "application/json")},
        django_capture_on_commit_callbacks,
        **headers,
    )
    assert (job["kind"], job["status"]) == ("offers", "done")
    report = job["report"]
    assert report["counts"] == {"read": 2, "created": 1, "updated": 0, "unchanged": 0, "errors": 1}
    assert report["errors"][0]["index"] == 2 and report["errors"][0]["external_id"] == "API2"
    assert (report["warning_count"], report["warnings"]) == (0, [])


def test_a_mission_locale_cannot_import_france_travails_format(client, cast):
    headers = bearer(cast.ml_a, TokenScope.WRITE, cast.director_a)
    response = client.post(
        URL + "/import",
        {"format": "francetravail", "file": SimpleUploadedFile("o.json", b"[]", "application/json")},
        **headers,
    )
    assert response.status_code == 403


def test_only_the_owner_updates_an_offer_through_the_api(client, cast):
    offer = OfferFactory(organisation=cast.ml_a, sharing=SharingScope.PARTNERS, title="Avant")
    url = f"{URL}/{offer.pk}"
    payload = json.dumps({"title": "Réécrite", "sharing": "own"})
    # C does not see the offer; B sees it (partner) but does not own it: neither session nor write token.
    for user in (cast.adviser_c, cast.agent_b):
        client.force_login(user)
        assert client.patch(url, payload, content_type="application/json").status_code == 404
    client.logout()
    for outsider in (cast.ml_c, cast.agency_b):
        headers = bearer(outsider, TokenScope.WRITE, cast.admin)
        assert client.patch(url, payload, content_type="application/json", **headers).status_code == 404
    headers = bearer(cast.ml_a, TokenScope.READ, cast.admin)
    assert client.patch(url, payload, content_type="application/json", **headers).status_code == 403
    offer.refresh_from_db()
    assert (offer.title, offer.sharing) == ("Avant", SharingScope.PARTNERS)

    headers = bearer(cast.ml_a, TokenScope.WRITE, cast.admin)
    response = client.patch(url, json.dumps({"title": "Après"}), content_type="application/json", **headers)
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Après"
    offer.refresh_from_db()
    assert (offer.title, offer.sharing, offer.contract_type) == ("Après", SharingScope.PARTNERS, "cdd")


def test_the_owner_of_a_france_travail_offer_does_not_edit_it_through_the_api(client, cast):
    offer = OfferFactory(organisation=cast.agency_b, source="france_travail", title="Avant")
    headers = bearer(cast.agency_b, TokenScope.WRITE, cast.admin)
    response = client.patch(
        f"{URL}/{offer.pk}", json.dumps({"title": "Après"}), content_type="application/json", **headers
    )
    assert response.status_code == 404
    offer.refresh_from_db()
    assert offer.title == "Avant"


def test_an_outsider_s_import_with_a_crafted_identifier_leaves_the_owner_s_offer(
    client, cast, django_capture_on_commit_callbacks
):
    offer = OfferFactory(organisation=cast.ml_a, external_id=f"{cast.ml_a.pk}-OFF-1", title="Offre de A")
    csv_data = f"identifiant;intitule;type_contrat\n{cast.ml_a.pk}-OFF-1;Réécrite;CDI\n".encode()
    job = import_through_api(
        client,
        URL + "/import",
        {"format": "csv", "file": SimpleUploadedFile("o.csv", csv_data, "text/csv")},
        django_capture_on_commit_callbacks,
        **bearer(cast.ml_c, TokenScope.WRITE, cast.admin),
    )
    assert job["report"]["counts"]["created"] == 1
    offer.refresh_from_db()
    assert (offer.title, offer.organisation) == ("Offre de A", cast.ml_a)


@pytest.mark.parametrize(
    "query",
    [
        "offset=100000000000000000000",
        "limit=100000000000000000000",
        "offset=-1",
        "limit=0",
        "commune=67180&distance_km=1e400",
        "commune=67180&distance_km=nan",
        "commune=67180&distance_km=-5",
        "status=zzz",
        "contract_type=zzz",
        "sharing=zzz",
        "source=zzz",
    ],
)
def test_out_of_range_list_parameters_answer_422(client, cast, query):
    OfferFactory(organisation=cast.ml_a)
    response = client.get(f"{URL}?{query}", **bearer(cast.ml_a, TokenScope.READ, cast.admin))
    assert response.status_code == 422, response.content


def test_the_list_pages_every_offer_in_scope_and_counts_up_to_a_thousand(client, cast):
    """A national list is counted no further than 1,000 (`more` says it goes on); the pages go on to its end."""
    Offer.objects.bulk_create(OfferFactory.build_batch(1005, organisation=cast.ml_a))
    headers = bearer(cast.ml_a, TokenScope.READ, cast.admin)
    page = client.get(f"{URL}?offset=1000&limit=100", **headers).json()
    assert (page["count"], page["more"], len(page["items"])) == (1000, True, 5)
    first = client.get(f"{URL}?status=&limit=3", **headers).json()  # every status
    assert (first["count"], first["more"], len(first["items"])) == (1000, True, 3)
    Offer.objects.filter(pk__in=Offer.objects.order_by("pk").values("pk")[:10]).delete()
    assert client.get(URL, **headers).json() | {"items": []} == {"items": [], "count": 995, "more": False}


@pytest.mark.parametrize(("format", "content"), NASTY_FILES)
def test_any_imported_file_gives_a_report_or_a_clear_reason(
    client, cast, format, content, django_capture_on_commit_callbacks
):
    job = import_through_api(
        client,
        URL + "/import",
        {"format": format, "file": SimpleUploadedFile("offres.txt", content, "text/plain")},
        django_capture_on_commit_callbacks,
        **bearer(cast.agency_b, TokenScope.WRITE, cast.admin),
    )
    assert (job["status"] == "done" and job["report"] is not None) or (job["status"] == "failed" and job["error"])
