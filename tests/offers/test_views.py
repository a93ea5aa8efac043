"""Pages of shared offers: every one refuses the outsider."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tandem.offers.enums import OfferSource, OfferStatus, SharingScope
from tandem.offers.models import Offer
from tests.imports.flow import import_through_page
from tests.offers.factories import OfferFactory, ft_offer


def test_the_list_needs_a_login(client):
    response = client.get(reverse("offers:list"))
    assert response.status_code == 302 and "connexion" in response.url


def test_the_list_shows_the_offers_in_scope_only(client, cast):
    OfferFactory(organisation=cast.ml_a, title="Offre interne A", sharing=SharingScope.OWN)
    OfferFactory(organisation=cast.ml_c, title="Offre de C", commune_id="33063")
    client.force_login(cast.adviser_a)
    response = client.get(reverse("offers:list"))
    assert response.status_code == 200
    assert "Offre interne A" in response.text and "Offre de C" not in response.text
    client.force_login(cast.adviser_c)
    response = client.get(reverse("offers:list"))
    assert "Offre interne A" not in response.text and "Offre de C" in response.text


def test_the_list_shows_open_offers_unless_another_status_is_asked(client, cast):
    OfferFactory(organisation=cast.ml_a, title="Offre ouverte")
    OfferFactory(organisation=cast.ml_a, title="Offre retirée", status=OfferStatus.WITHDRAWN)
    OfferFactory(organisation=cast.ml_a, title="Offre pourvue", status=OfferStatus.FILLED)
    client.force_login(cast.adviser_a)

    default = client.get(reverse("offers:list")).text
    withdrawn = client.get(reverse("offers:list") + "?status=withdrawn").text
    every = client.get(reverse("offers:list") + "?status=tous").text

    assert "Offre ouverte" in default and "Offre retirée" not in default and "Offre pourvue" not in default
    assert "Offre retirée" in withdrawn and "Offre ouverte" not in withdrawn
    assert all(title in every for title in ("Offre ouverte", "Offre retirée", "Offre pourvue"))
    assert f">{OfferStatus.WITHDRAWN.label}</span>" in every  # a closed offer says so in the list
    assert f">{OfferStatus.OPEN.label}</span>" not in every


def test_the_list_page_runs_a_fixed_number_of_queries(client, cast, django_assert_num_queries):
    client.force_login(cast.adviser_a)
    # With a search typed too: it is a condition of the same count and page queries.
    url = reverse("offers:list") + "?contract_type=cdd&commune=67180&distance_km=30&query=offre"
    OfferFactory.create_batch(3, organisation=cast.ml_a, rome_id="G1803")
    # 1 session, 2 user, 3 acting membership (organisation joined), 4 the filter's commune,
    # 5-7 the first offers of each sharing branch (own, partners', territory's: the count up to 1,000 and the
    # page's order, distance in SQL), 8 the header's membership switcher, 9 the page's rows (organisation, ROME
    # and commune joined), 10 the header's unread notifications, 11 the départements of the organisation's
    # territory and 12 its partners (the offers' scope, read once per request). Not one more with more offers.
    with django_assert_num_queries(12):
        assert client.get(url).status_code == 200
    OfferFactory.create_batch(40, organisation=cast.agency_b, sharing=SharingScope.PARTNERS, rome_id="G1803")
    with django_assert_num_queries(12):
        response = client.get(url)
    assert response.context["page"].paginator.count == 43
    assert len(response.context["page"].object_list) == 30


def test_an_offer_outside_the_scope_answers_404(client, cast):
    offer = OfferFactory(organisation=cast.ml_a, sharing=SharingScope.PARTNERS, title="Offre partenaires")
    url = reverse("offers:detail", kwargs={"pk": offer.pk})
    for user, status in ((cast.adviser_a, 200), (cast.agent_b, 200), (cast.temp_contact, 200), (cast.adviser_c, 404)):
        client.force_login(user)
        assert client.get(url).status_code == status, user
    client.force_login(cast.adviser_a)
    assert "Offre partenaires" in client.get(url).text


def test_a_partner_shares_an_offer_through_the_form(client, cast):
    client.force_login(cast.temp_contact)
    response = client.post(
        reverse("offers:create"),
        {
            "title": "Cariste",
            "rome": "n1103",
            "commune": "67180",
            "contract_type": "temp",
            "contract_duration_months": "2",
            "working_time": "full_time",
            "positions": "3",
            "sharing": "partners",
        },
    )
    offer = Offer.objects.get()
    assert response.status_code == 302 and response.url == reverse("offers:detail", kwargs={"pk": offer.pk})
    assert offer.organisation == cast.temp_agency and offer.source == OfferSource.TEMP_AGENCY
    assert offer.rome_id == "N1103" and offer.rome_version == "v3" and offer.latitude is not None
    # Published now: it comes first among the newest offers, before older imported ones.
    assert offer.published_at is not None and abs(timezone.now() - offer.published_at).total_seconds() < 60


def test_the_form_refuses_an_unknown_rome_code(client, cast):
    client.force_login(cast.adviser_a)
    response = client.post(reverse("offers:create"), {"title": "X", "rome": "Z9999", "contract_type": "cdi"})
    assert response.status_code == 200 and "Code ROME inconnu" in response.text
    assert not Offer.objects.exists()


def test_observers_neither_share_nor_import_offers(client, cast):
    client.force_login(cast.observer)
    assert client.get(reverse("offers:create")).status_code == 404
    assert client.get(reverse("offers:import")).status_code == 404


def test_only_the_sharing_organisation_edits_its_offer(client, cast):
    offer = OfferFactory(organisation=cast.ml_a, sharing=SharingScope.PARTNERS, title="Avant")
    url = reverse("offers:edit", kwargs={"pk": offer.pk})
    client.force_login(cast.agent_b)
    assert client.get(url).status_code == 404
    client.force_login(cast.director_a)
    response = client.post(
        url, {"title": "Après", "contract_type": "cdi", "positions": "1", "sharing": "own", "working_time": ""}
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.title == "Après" and offer.sharing == SharingScope.OWN


def test_france_travail_offers_are_not_edited_by_hand(client, cast):
    offer = OfferFactory(organisation=cast.agency_b, source=OfferSource.FRANCE_TRAVAIL)
    client.force_login(cast.agent_b)
    assert client.get(reverse("offers:edit", kwargs={"pk": offer.pk})).status_code == 404


def test_an_agency_imports_a_france_travail_file_and_reads_the_report(client, cast, django_capture_on_commit_callbacks):
    client.force_login(cast.agent_b)
    data = json.dumps({"resultats": [ft_offer("W1"), {"id": "W2"}]}).encode()
    response = import_through_page(
        client,
        reverse("offers:import"),
        {"format": "francetravail", "file": SimpleUploadedFile("offres.json", data, "application/json")},
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.created, report.error_count) == (1, 1)
    assert "W2" in response.text and "champ obligatoire manquant" in response.text
    assert Offer.objects.get().organisation == cast.agency_b


def test_a_mission_locale_imports_its_csv_but_not_france_travails_format(
    client, cast, django_capture_on_commit_callbacks
):
    client.force_login(cast.adviser_a)
    csv_data = b"identifiant;intitule;type_contrat;code_commune\nML-1;Aide-cuisinier;CDD;67544\n"
    response = import_through_page(
        client,
        reverse("offers:import"),
        {"format": "csv", "file": SimpleUploadedFile("offres.csv", csv_data, "text/csv")},
        django_capture_on_commit_callbacks,
    )
    assert response.context["report"].created == 1
    response = client.post(
        reverse("offers:import"),
        {"format": "francetravail", "file": SimpleUploadedFile("o.json", b"[]", "application/json")},
    )
    assert response.status_code == 200 and "format" in response.context["form"].errors


@pytest.mark.parametrize("content", [b"not json", b'{"total": 1}'])
def test_an_unreadable_file_ends_its_import_with_the_reason(client, cast, content, django_capture_on_commit_callbacks):
    client.force_login(cast.agent_b)
    response = import_through_page(
        client,
        reverse("offers:import"),
        {"format": "francetravail", "file": SimpleUploadedFile("o.json", content, "application/json")},
        django_capture_on_commit_callbacks,
    )
    job = response.context["job"]
    assert job.status == "failed" and job.error.startswith("L'import n'a pas pu aboutir : ")
    assert escape(job.error) in response.text


def test_no_one_but_the_sharing_organisation_changes_an_offer_through_the_form(client, cast):
    offer = OfferFactory(organisation=cast.ml_a, sharing=SharingScope.PARTNERS, title="Avant")
    url = reverse("offers:edit", kwargs={"pk": offer.pk})
    data = {"title": "Réécrite", "contract_type": "cdi", "positions": "1", "sharing": "own", "working_time": ""}
    # C does not see the offer; B and the temp agency see it (partners) but do not own it.
    for user in (cast.adviser_c, cast.agent_b, cast.temp_contact, cast.observer):
        client.force_login(user)
        assert client.post(url, data).status_code == 404, user
    offer.refresh_from_db()
    assert (offer.title, offer.sharing, offer.contract_type) == ("Avant", SharingScope.PARTNERS, "cdd")


def test_the_owner_cannot_set_fewer_positions_than_the_hires_already_made(client, cast):
    offer = OfferFactory(organisation=cast.ml_a, positions=3, hires=2, title="Avant")
    client.force_login(cast.director_a)
    data = {"title": "Après", "contract_type": "cdi", "positions": "1", "sharing": "own", "working_time": ""}
    response = client.post(reverse("offers:edit", kwargs={"pk": offer.pk}), data)
    assert response.status_code == 200
    assert "Cette offre compte déjà 2 embauche(s)" in response.text
    offer.refresh_from_db()
    assert (offer.title, offer.positions) == ("Avant", 3)


def test_the_import_report_shows_offers_imported_without_their_commune(
    client, cast, django_capture_on_commit_callbacks
):
    client.force_login(cast.adviser_a)
    csv_data = b"identifiant;intitule;type_contrat;code_postal\nML-1;Aide-cuisinier;CDD;67500\n"
    response = import_through_page(
        client,
        reverse("offers:import"),
        {"format": "csv", "file": SimpleUploadedFile("offres.csv", csv_data, "text/csv")},
        django_capture_on_commit_callbacks,
    )
    page = response.text
    assert "1 offre a été importée avec un avertissement" in page
    assert "Le code postal 67500 dessert plusieurs communes" in page and "offre importée sans commune" in page


NASTY_FILES = [
    ("csv", bytes(range(256)) * 40),
    ("francetravail", bytes(range(256)) * 40),
    ("csv", b"identifiant;intitule;type_contrat;description\nX;Y;CDD;" + b"z" * 200_000 + b"\n"),
    ("csv", b'identifiant;intitule;type_contrat\nX;"Y;CDD\n' + b"A;B;CDD\n" * 20_000),
    ("francetravail", b"[" * 50_000 + b"]" * 50_000),
    ("francetravail", b'{"resultats": [{"id": 1e999, "intitule": {"a": []}, "nombrePostes": 1e999}]}'),
]


@pytest.mark.parametrize(("format", "content"), NASTY_FILES)
def test_any_uploaded_file_gives_a_report_or_a_clear_reason(
    client, cast, format, content, django_capture_on_commit_callbacks
):
    client.force_login(cast.agent_b)
    response = import_through_page(
        client,
        reverse("offers:import"),
        {"format": format, "file": SimpleUploadedFile("offres.txt", content, "text/plain")},
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 200
    job = response.context["job"]
    assert response.context["report"] is not None or (job.status == "failed" and escape(job.error) in response.text)
