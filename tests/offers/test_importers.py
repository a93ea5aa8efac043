"""Importing France Travail's "Offres d'emploi v2" JSON and partners' CSV: streamed, by batch, idempotent."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.core.codes import naf_normalise
from tandem.employers.models import Employer
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.offers.enums import ContractType, OfferSource, OfferStatus, SharingScope, WorkingTime
from tandem.offers.importers import streaming
from tandem.offers.importers.values import (
    contract_type_from_france_travail,
    duration_months,
    salary_bounds,
)
from tandem.offers.models import Offer
from tandem.offers.services import FORMAT_CSV, FORMAT_FRANCE_TRAVAIL, offers_import
from tandem.organisations.enums import OrganisationKind
from tests.offers.factories import OfferFactory, ft_file, ft_offer
from tests.organisations.factories import OrganisationFactory


def ft_import(cast, path, **kwargs):
    return offers_import(file=path, format=FORMAT_FRANCE_TRAVAIL, organisation=cast.agency_b, **kwargs)


def test_it_imports_a_france_travail_list_of_offers(cast, tmp_path):
    report = ft_import(cast, ft_file(tmp_path, [ft_offer("A1"), ft_offer("A2", intitule="Cuisinier (H/F)")]))

    assert report.counts() == {"read": 2, "created": 2, "updated": 0, "unchanged": 0, "errors": 0}
    offer = Offer.objects.get(external_id="A1")
    assert offer.source == OfferSource.FRANCE_TRAVAIL and offer.organisation == cast.agency_b
    assert offer.sharing == SharingScope.TERRITORY
    assert offer.rome_id == "G1803" and offer.rome_version == "v3"
    assert offer.commune_id == "67180" and offer.place_label == "67 - HAGUENAU"
    assert (offer.latitude, offer.longitude) == (48.8156, 7.7903)
    assert offer.contract_type == ContractType.CDD and offer.contract_duration_months == 6
    assert offer.working_time == WorkingTime.FULL_TIME and offer.working_time_label == "35H Horaires normaux"
    assert (offer.salary_min, offer.salary_max) == (Decimal("1800.00"), Decimal("2000.00"))
    assert offer.requires_driving_licence and offer.positions == 2
    assert offer.experience == "D" and offer.languages == ["Anglais"]
    assert offer.employer_name == "BRASSERIE DU MARCHE" and offer.qualification_level == "Employé qualifié"
    assert offer.published_at.isoformat() == "2026-01-15T10:23:45+00:00"


def test_it_imports_the_resultats_of_a_search_response(cast, tmp_path):
    report = ft_import(cast, ft_file(tmp_path, [ft_offer("R1"), ft_offer("R2")], wrapped=True))
    assert (report.created, report.error_count) == (2, 0)
    assert set(Offer.objects.values_list("external_id", flat=True)) == {"R1", "R2"}


def test_a_second_import_of_the_same_file_changes_nothing(cast, tmp_path):
    path = ft_file(tmp_path, [ft_offer("A1"), ft_offer("A2")])
    ft_import(cast, path)
    before = list(Offer.objects.order_by("pk").values("pk", "updated_at"))

    report = ft_import(cast, path)

    assert report.counts() == {"read": 2, "created": 0, "updated": 0, "unchanged": 2, "errors": 0}
    assert list(Offer.objects.order_by("pk").values("pk", "updated_at")) == before


def test_an_updated_offer_is_updated_in_place(cast, tmp_path):
    ft_import(cast, ft_file(tmp_path, [ft_offer("A1"), ft_offer("A2")]))
    changed = ft_offer("A1", intitule="Serveur (H/F) - urgent", salaire={"libelle": "Horaire de 12.00 Euros"})

    report = ft_import(cast, ft_file(tmp_path, [changed, ft_offer("A2")], name="again.json"))

    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    offer = Offer.objects.get(external_id="A1")
    assert offer.title == "Serveur (H/F) - urgent" and offer.salary_min == Decimal("1820.04")
    assert Offer.objects.count() == 2


@pytest.fixture
def copy_always(monkeypatch):
    """On PostgreSQL, every batch is written by COPY (the path of large files), however small; no change on SQLite."""
    from tandem.offers.importers import upsert

    monkeypatch.setattr(upsert, "COPY_FROM", 1)


def test_the_bulk_path_writes_the_same_offers_and_events(cast, tmp_path, copy_always):
    offers = [ft_offer(f"B{n}", intitule=f"Serveur {n} (H/F)") for n in range(3)]
    report = ft_import(cast, ft_file(tmp_path, offers))

    assert report.counts() == {"read": 3, "created": 3, "updated": 0, "unchanged": 0, "errors": 0}
    offer = Offer.objects.get(external_id="B1")
    assert offer.source == OfferSource.FRANCE_TRAVAIL and offer.organisation == cast.agency_b
    assert offer.status == OfferStatus.OPEN and offer.hires == 0 and offer.sharing == SharingScope.TERRITORY
    assert offer.rome_id == "G1803" and offer.commune_id == "67180" and offer.languages == ["Anglais"]
    assert (offer.salary_min, offer.salary_max) == (Decimal("1800.00"), Decimal("2000.00"))
    assert offer.search_key == "serveur 1 h f brasserie du marche" and offer.created_at is not None
    created = Event.objects.filter(kind=EventKind.OFFER_CREATED, subject_type="offer")
    assert sorted(created.values_list("subject_id", flat=True)) == sorted(Offer.objects.values_list("pk", flat=True))
    assert created.get(subject_id=offer.pk).payload == {
        "offer": "Serveur 1 (H/F)",
        "source": "france_travail",
        "import": True,
    }

    changed = ft_offer("B1", intitule="Cuisinier (H/F)", salaire={"libelle": "Horaire de 12.00 Euros"}, langues=[])
    report = ft_import(cast, ft_file(tmp_path, [offers[0], changed, offers[2]], name="again.json"))

    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    updated = Offer.objects.get(external_id="B1")
    assert updated.title == "Cuisinier (H/F)" and updated.search_key == "cuisinier h f brasserie du marche"
    assert updated.salary_min == Decimal("1820.04") and updated.languages == []
    assert updated.created_at == offer.created_at and updated.updated_at > offer.updated_at
    assert Event.objects.get(kind=EventKind.OFFER_UPDATED).subject_id == offer.pk
    imported = Offer.objects.filter(external_id__startswith="B").values_list("pk", flat=True)
    assert OfferFactory(organisation=cast.agency_b).pk > max(imported)  # the table's sequence moved on


def test_a_batch_the_database_refuses_is_written_offer_by_offer_on_the_bulk_path_too(
    cast, tmp_path, monkeypatch, copy_always
):
    from tandem.offers.importers import upsert

    original = upsert.OfferUpserter._values

    def poisoned(self, batch):
        values = original(self, batch)
        values["BAD"]["positions"] = 0
        return values

    monkeypatch.setattr(upsert.OfferUpserter, "_values", poisoned)
    report = ft_import(cast, ft_file(tmp_path, [ft_offer("OK1"), ft_offer("BAD"), ft_offer("OK2")]))

    assert (report.created, report.error_count) == (2, 1) and report.errors[0].external_id == "BAD"
    assert Event.objects.filter(kind=EventKind.OFFER_CREATED).count() == 2


CONFLICT = "identifiant présent plusieurs fois dans le fichier avec des contenus différents"


def test_an_offer_repeated_with_different_content_is_reported_on_each_rank_and_not_imported(cast, tmp_path):
    offers = [ft_offer("A1"), ft_offer("B1"), ft_offer("A1", intitule="Nouveau titre"), ft_offer("A1")]

    report = ft_import(cast, ft_file(tmp_path, offers), batch_size=1)

    assert report.counts() == {"read": 4, "created": 1, "updated": 0, "unchanged": 0, "errors": 3}
    assert [(e.index, e.external_id) for e in report.errors] == [(1, "A1"), (3, "A1"), (4, "A1")]
    assert all(e.reason.startswith(CONFLICT) for e in report.errors)
    assert list(Offer.objects.values_list("external_id", flat=True)) == ["B1"]


def test_an_offer_repeated_with_different_content_leaves_the_stored_offer_as_it_was(cast, tmp_path):
    ft_import(cast, ft_file(tmp_path, [ft_offer("A1")]))
    offers = [ft_offer("A1", intitule="Titre 1"), ft_offer("A1", intitule="Titre 2")]
    report = ft_import(cast, ft_file(tmp_path, offers, name="again.json"))
    assert (report.updated, report.error_count) == (0, 2)
    assert Offer.objects.get().title == "Serveur / Serveuse en restauration (H/F)"


def test_the_same_offer_repeated_identically_is_written_once(cast, tmp_path):
    report = ft_import(cast, ft_file(tmp_path, [ft_offer("A1"), ft_offer("B1"), ft_offer("A1")]), batch_size=1)
    assert report.counts() == {"read": 3, "created": 2, "updated": 0, "unchanged": 1, "errors": 0}
    assert Offer.objects.filter(external_id="A1").count() == 1


def test_a_second_run_of_a_file_with_repeated_offers_changes_nothing(cast, tmp_path):
    offers = [ft_offer("A1"), ft_offer("A1", intitule="Autre"), ft_offer("B1"), ft_offer("B1"), ft_offer("C1")]
    path = ft_file(tmp_path, offers)
    first = ft_import(cast, path)
    assert first.counts() == {"read": 5, "created": 2, "updated": 0, "unchanged": 1, "errors": 2}
    before = list(Offer.objects.order_by("pk").values())

    again = ft_import(cast, path)

    assert again.counts() == {"read": 5, "created": 0, "updated": 0, "unchanged": 3, "errors": 2}
    assert list(Offer.objects.order_by("pk").values()) == before


def test_broken_offers_are_reported_with_their_rank_and_id_and_the_good_ones_kept(cast, tmp_path):
    offers = [ft_offer("OK1"), {"id": "NOTITLE"}, "not an offer", ft_offer("OK2"), {"intitule": "Sans identifiant"}]

    report = ft_import(cast, ft_file(tmp_path, offers), batch_size=2)

    assert (report.read, report.created, report.error_count) == (5, 2, 3)
    assert [(e.index, e.external_id) for e in report.errors] == [(2, "NOTITLE"), (3, ""), (5, "")]
    assert "intitule" in report.errors[0].reason and "id" in report.errors[2].reason
    assert set(Offer.objects.values_list("external_id", flat=True)) == {"OK1", "OK2"}


def test_an_offer_the_database_refuses_does_not_block_its_batch(cast, tmp_path, monkeypatch):
    from tandem.offers.importers import upsert

    fields = upsert.COMPARED_FIELDS
    offers = [ft_offer("OK1"), ft_offer("BAD"), ft_offer("OK2")]
    original = upsert.OfferUpserter._values

    def poisoned(self, batch):
        values = original(self, batch)
        values["BAD"]["positions"] = 0  # breaks the check constraint: the batch fails, then row by row
        return values

    monkeypatch.setattr(upsert.OfferUpserter, "_values", poisoned)
    report = ft_import(cast, ft_file(tmp_path, offers))

    assert fields and (report.created, report.error_count) == (2, 1)
    assert report.errors[0].index == 2 and report.errors[0].external_id == "BAD"


def test_a_lyon_arrondissement_gives_the_commune_of_lyon(cast, tmp_path):
    offer = ft_offer("LY1", lieuTravail={"libelle": "69 - Lyon 3e Arrondissement", "commune": "69383"})
    ft_import(cast, ft_file(tmp_path, [offer]))
    imported = Offer.objects.get()
    assert imported.commune_id == "69123"
    assert imported.latitude is not None  # the commune's coordinates when the offer gives none


def test_the_commune_comes_from_the_postcode_when_the_code_is_missing(cast, tmp_path):
    offer = ft_offer("PC1", lieuTravail={"libelle": "67 - WISSEMBOURG", "codePostal": "67160"})
    ft_import(cast, ft_file(tmp_path, [offer]))
    assert Offer.objects.get().commune_id == "67544"


def test_missing_fields_are_left_empty(cast, tmp_path):
    ft_import(cast, ft_file(tmp_path, [{"id": "MIN1", "intitule": "Agent d'entretien"}]))
    offer = Offer.objects.get()
    assert offer.commune_id is None and offer.rome_id is None and offer.salary_min is None
    assert offer.contract_type == ContractType.OTHER and offer.positions == 1 and offer.published_at is None


def test_the_naf_code_is_stored_without_its_dot_and_the_employer_found_by_siret(cast, tmp_path):
    offer = ft_offer("NAF1", entreprise={"nom": "Brasserie", "siret": "73282932000074"})
    ft_import(cast, ft_file(tmp_path, [offer]))
    imported = Offer.objects.get()
    assert imported.naf_code == "5610A"
    assert imported.employer == Employer.objects.get(siret="73282932000074")


@pytest.mark.parametrize(
    ("label", "bounds"),
    [
        ("Mensuel de 1800.00 Euros à 2000.00 Euros sur 12 mois", ("1800.00", "2000.00")),
        ("Mensuel de 1801,80 Euros sur 12 mois", ("1801.80", "1801.80")),
        ("Horaire de 11.65 Euros sur 12 mois", ("1766.96", "1766.96")),
        ("Annuel de 24000 Euros à 30000 Euros sur 12 mois", ("2000.00", "2500.00")),
        ("Annuel de 24 000 Euros sur 13 mois", ("2000.00", "2000.00")),
        ("Selon profil", (None, None)),
        ("", (None, None)),
    ],
)
def test_salary_bounds_are_read_as_monthly_euros(label, bounds):
    expected = tuple(Decimal(b) if b else None for b in bounds)
    assert salary_bounds(label) == expected


def test_values_of_france_travail_offers_are_normalised():
    assert naf_normalise("56.10A") == "5610A" and naf_normalise("7820z") == "7820Z" and naf_normalise("?") == ""
    assert duration_months("CDD - 6 Mois") == 6 and duration_months("Contrat à durée indéterminée") is None
    assert contract_type_from_france_travail("CDD", "Contrat apprentissage") == ContractType.APPRENTICESHIP
    assert contract_type_from_france_travail("CDD", "Cont. professionnalisation") == ContractType.PROFESSIONALISATION
    assert contract_type_from_france_travail("CDD", "CUI - CAE") == ContractType.CUI_CAE
    assert contract_type_from_france_travail("CDD", "Emploi d'avenir") == ContractType.EMPLOI_AVENIR
    assert contract_type_from_france_travail("CDD", "Insertion par l'activ.éco.") == ContractType.IAE
    assert contract_type_from_france_travail("MIS", "Contrat travail") == ContractType.TEMP
    assert contract_type_from_france_travail("SAI", "") == ContractType.SEASONAL
    assert contract_type_from_france_travail("LIB", "") == ContractType.OTHER


def test_the_driving_licence_is_required_only_when_a_b_licence_is_demanded(cast, tmp_path):
    offers = [
        ft_offer("P1", permis=[{"libelle": "B - Véhicule léger Souhaité", "exigence": "S"}]),
        ft_offer("P2", permis=[{"libelle": "C - Poids lourd", "exigence": "E"}]),
        ft_offer("P3", permis=[{"libelle": "B - Véhicule léger Exigé", "exigence": "E"}]),
    ]
    ft_import(cast, ft_file(tmp_path, offers))
    required = dict(Offer.objects.values_list("external_id", "requires_driving_licence"))
    assert required == {"P1": False, "P2": False, "P3": True}


def test_only_france_travail_organisations_import_france_travail_offers(cast, tmp_path):
    with pytest.raises(ValidationError):
        offers_import(file=ft_file(tmp_path, [ft_offer()]), format=FORMAT_FRANCE_TRAVAIL, organisation=cast.ml_a)


def test_a_file_that_is_not_a_json_list_is_refused(cast, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"total": 3}', encoding="utf-8")
    with pytest.raises(ValidationError, match="resultats"):
        ft_import(cast, path)


def test_a_file_broken_halfway_keeps_the_offers_read_before(cast, tmp_path):
    path = tmp_path / "cut.json"
    path.write_text(json.dumps([ft_offer("A1"), ft_offer("A2")])[:-200], encoding="utf-8")
    report = ft_import(cast, path)
    assert report.created == 1 and "JSON invalide" in report.file_error


# The streaming reader ------------------------------------------------------------------------------


@pytest.mark.parametrize("chunk", [1, 3, 7, 64])
def test_the_json_reader_yields_each_element_whatever_the_chunk_size(monkeypatch, chunk):
    monkeypatch.setattr(streaming, "CHUNK_BYTES", chunk)
    elements = [{"id": "é1", "n": 12345}, 67890, 'texte \\ "quoté" \u00e9', [], {"x": [1.5e3, None, True]}]
    for document in (elements, {"avant": {"a": [1]}, "resultats": elements, "apres": 1}):
        data = ("\ufeff" + json.dumps(document, ensure_ascii=False, indent=1)).encode("utf-8")
        assert list(streaming.json_array_items(io.BytesIO(data))) == elements


def test_the_json_reader_reads_an_empty_list_and_reports_progress_in_bytes():
    seen = []
    assert list(streaming.json_array_items(io.BytesIO(b" [ ] "), progress=seen.append)) == []
    assert sum(seen) == 5


def test_the_json_reader_stops_at_a_syntax_error_without_reading_on(monkeypatch):
    monkeypatch.setattr(streaming, "CHUNK_BYTES", 16)
    data = b'[{"id": 1}, {"id": tru}, ' + b" " * 10_000_000 + b"]"
    stream = io.BytesIO(data)
    items = streaming.json_array_items(stream)
    assert next(items) == {"id": 1}
    with pytest.raises(ValidationError, match="JSON invalide"):
        next(items)
    assert stream.tell() < 1000


# Partners' CSV ---------------------------------------------------------------------------------------

CSV_HEADER = (
    "identifiant;intitule;description;code_rome;code_commune;type_contrat;duree_mois;temps_travail;salaire;"
    "permis_requis;postes;date_publication;date_expiration;partage\n"
)


def test_it_imports_a_partners_csv_in_windows_1252(cast, tmp_path):
    path = tmp_path / "offres.csv"
    path.write_bytes(
        (
            CSV_HEADER
            + "OFF-1;Préparateur de commandes;Entrepôt;N1103;67180;intérim;3;plein;1800-2000;oui;4;2026-02-01;"
            "2026-03-31;partenaires\n"
            + "OFF-2;Vendeur;;D1106;67544;CDI;;partiel;;non;;;;\n"
            + "OFF-3;;;;67180;contrat mystère;x;;;peut-être;0;31/02/2026;;partout\n"
        ).encode("cp1252")
    )
    report = offers_import(file=path, format=FORMAT_CSV, organisation=cast.temp_agency)

    assert (report.created, report.error_count) == (2, 1)
    error = report.errors[0]
    assert error.index == 4 and error.external_id == "OFF-3"
    for fragment in ("intitulé manquant", "type de contrat inconnu", "durée invalide", "permis", "postes", "partage"):
        assert fragment in error.reason
    offer = Offer.objects.get(title="Préparateur de commandes")
    assert offer.source == OfferSource.TEMP_AGENCY and offer.organisation == cast.temp_agency
    assert offer.external_id == f"{cast.temp_agency.pk}-OFF-1"
    assert offer.contract_type == ContractType.TEMP and offer.contract_duration_months == 3
    assert (offer.salary_min, offer.salary_max) == (Decimal("1800.00"), Decimal("2000.00"))
    assert offer.requires_driving_licence and offer.positions == 4 and offer.sharing == SharingScope.PARTNERS
    assert str(offer.expires_on) == "2026-03-31" and offer.rome_id == "N1103"
    second = Offer.objects.get(title="Vendeur")
    assert second.working_time == WorkingTime.PART_TIME and second.sharing == SharingScope.TERRITORY

    again = offers_import(file=path, format=FORMAT_CSV, organisation=cast.temp_agency)
    assert (again.created, again.unchanged, again.error_count) == (0, 2, 1)


def test_two_partners_may_use_the_same_identifiers(cast, tmp_path):
    path = tmp_path / "offres.csv"
    path.write_text("identifiant,intitule,type_contrat\n1,Serveur,CDD\n", encoding="utf-8")
    offers_import(file=path, format=FORMAT_CSV, organisation=cast.ml_a)
    report = offers_import(file=path, format=FORMAT_CSV, organisation=cast.temp_agency)
    assert report.created == 1
    assert sorted(Offer.objects.values_list("organisation__name", flat=True)) == ["Intérim Test", "Mission Locale A"]


def test_a_csv_without_its_required_columns_is_refused(cast, tmp_path):
    path = tmp_path / "offres.csv"
    path.write_text("identifiant;titre\n1;Serveur\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="intitule, type_contrat"):
        offers_import(file=path, format=FORMAT_CSV, organisation=cast.ml_a)


# Ownership: an import changes only its organisation's offers -----------------------------------------


@pytest.fixture
def agency_x(db):
    """A second France Travail agency, importing the same national export as agency B."""
    return OrganisationFactory(kind=OrganisationKind.FT_AGENCY, name="France Travail X", commune_id="67482")


def test_another_agency_s_copy_of_a_france_travail_offer_changes_nothing_unless_newer(cast, tmp_path, agency_x):
    ft_import(cast, ft_file(tmp_path, [ft_offer("FT1")]))
    Offer.objects.filter(external_id="FT1").update(sharing=SharingScope.OWN, status=OfferStatus.WITHDRAWN)
    rewritten = ft_offer(
        "FT1",
        intitule="Titre réécrit",
        description="Description réécrite",
        lieuTravail={"libelle": "33 - Bordeaux", "commune": "33063"},
    )
    older = {**rewritten, "dateActualisation": "2026-01-19T08:00:00.000Z"}

    for copy in (rewritten, older):  # the same dateActualisation as the stored one, then an older one
        report = offers_import(
            file=ft_file(tmp_path, [copy], name="x.json"), format=FORMAT_FRANCE_TRAVAIL, organisation=agency_x
        )
        assert report.counts() == {"read": 1, "created": 0, "updated": 0, "unchanged": 1, "errors": 0}

    offer = Offer.objects.get()
    assert (offer.title, offer.commune_id, offer.organisation) == (
        "Serveur / Serveuse en restauration (H/F)",
        "67180",
        cast.agency_b,
    )


def test_a_newer_france_travail_copy_refreshes_the_offer_but_not_its_owner_s_choices(cast, tmp_path, agency_x):
    ft_import(cast, ft_file(tmp_path, [ft_offer("FT1")]))
    Offer.objects.filter(external_id="FT1").update(sharing=SharingScope.OWN, status=OfferStatus.WITHDRAWN)
    newer = ft_offer(
        "FT1",
        intitule="Serveur (H/F) - mis à jour",
        dateActualisation="2026-02-01T08:00:00.000Z",
        lieuTravail={"libelle": "33 - Bordeaux", "commune": "33063"},
    )

    report = offers_import(
        file=ft_file(tmp_path, [newer], name="x.json"), format=FORMAT_FRANCE_TRAVAIL, organisation=agency_x
    )

    assert report.counts() == {"read": 1, "created": 0, "updated": 1, "unchanged": 0, "errors": 0}
    offer = Offer.objects.get()
    assert (offer.title, offer.commune_id) == ("Serveur (H/F) - mis à jour", "33063")
    assert (offer.organisation, offer.sharing, offer.status) == (cast.agency_b, SharingScope.OWN, OfferStatus.WITHDRAWN)


def test_the_owner_agency_refreshes_its_france_travail_offer_whatever_the_date(cast, tmp_path):
    ft_import(cast, ft_file(tmp_path, [ft_offer("FT1")]))
    report = ft_import(cast, ft_file(tmp_path, [ft_offer("FT1", intitule="Corrigé")], name="again.json"))
    assert (report.updated, Offer.objects.get().title) == (1, "Corrigé")


def test_a_france_travail_agency_s_csv_does_not_reach_a_france_travail_offer(cast, tmp_path, agency_x):
    ft_import(cast, ft_file(tmp_path, [ft_offer("FT1")]))
    path = tmp_path / "offres.csv"
    path.write_text("identifiant;intitule;type_contrat\nFT1;Titre réécrit;CDI\n", encoding="utf-8")

    report = offers_import(file=path, format=FORMAT_CSV, organisation=agency_x)

    assert report.created == 1
    france_travail = Offer.objects.get(source=OfferSource.FRANCE_TRAVAIL)
    assert (france_travail.title, france_travail.organisation) == (
        "Serveur / Serveuse en restauration (H/F)",
        cast.agency_b,
    )


@pytest.mark.parametrize("crafted", ["{a}-OFF-1", "-{a}-OFF-1", "{a}--OFF-1", " {a}-OFF-1", "{c}-{a}-OFF-1"])
def test_a_crafted_csv_identifier_cannot_reach_another_organisation_s_offer(cast, tmp_path, crafted):
    path = tmp_path / "a.csv"
    path.write_text("identifiant;intitule;type_contrat\nOFF-1;Offre de A;CDD\n", encoding="utf-8")
    offers_import(file=path, format=FORMAT_CSV, organisation=cast.ml_a)
    identifier = crafted.format(a=cast.ml_a.pk, c=cast.ml_c.pk)
    path.write_text(f"identifiant;intitule;type_contrat\n{identifier};Réécrite par C;CDI\n", encoding="utf-8")

    offers_import(file=path, format=FORMAT_CSV, organisation=cast.ml_c)

    offer = Offer.objects.get(organisation=cast.ml_a)
    assert (offer.title, offer.contract_type) == ("Offre de A", ContractType.CDD)
    assert Offer.objects.get(organisation=cast.ml_c).title == "Réécrite par C"


def test_an_offer_of_another_organisation_under_the_importer_s_identifier_is_reported_and_left(cast, tmp_path):
    # An identifier that already belongs to another organisation (older data, a changed organisation kind):
    # the import refuses the row instead of taking the offer over.
    OfferFactory(organisation=cast.ml_a, external_id=f"{cast.ml_c.pk}-OFF-1", title="Offre de A")
    path = tmp_path / "c.csv"
    path.write_text("identifiant;intitule;type_contrat\nOFF-2;Autre;CDD\nOFF-1;Réécrite par C;CDI\n", encoding="utf-8")

    report = offers_import(file=path, format=FORMAT_CSV, organisation=cast.ml_c)

    assert report.counts() == {"read": 2, "created": 1, "updated": 0, "unchanged": 0, "errors": 1}
    assert [(e.index, e.external_id, e.reason) for e in report.errors] == [
        (3, "OFF-1", "offre d'une autre organisation : non modifiée")
    ]
    offer = Offer.objects.get(external_id=f"{cast.ml_c.pk}-OFF-1")
    assert (offer.title, offer.organisation) == ("Offre de A", cast.ml_a)


def test_a_csv_row_repeating_an_identifier_with_other_values_is_reported_on_each_line(cast, tmp_path):
    path = tmp_path / "offres.csv"
    path.write_text(
        "identifiant;intitule;type_contrat\n"
        "OFF-1;Serveur;CDD\n"
        "OFF-2;Cuisinier;CDI\n"
        "OFF-1;Serveur;CDI\n"
        "OFF-2; Cuisinier ;cdi\n"  # the same values, written otherwise: the same offer
        "OFF-3;;CDD\n"
        "OFF-3;Plongeur;CDD\n",  # a broken row and a good one under one identifier: which one is meant?
        encoding="utf-8",
    )

    report = offers_import(file=path, format=FORMAT_CSV, organisation=cast.ml_a, batch_size=1)

    assert report.counts() == {"read": 6, "created": 1, "updated": 0, "unchanged": 1, "errors": 4}
    assert [(e.index, e.external_id) for e in report.errors] == [(2, "OFF-1"), (4, "OFF-1"), (6, "OFF-3"), (7, "OFF-3")]
    assert all(e.reason.startswith(CONFLICT) for e in report.errors)
    assert "intitulé manquant" in report.errors[2].reason
    assert list(Offer.objects.values_list("title", flat=True)) == ["Cuisinier"]
    again = offers_import(file=path, format=FORMAT_CSV, organisation=cast.ml_a)
    assert (again.created, again.updated, again.unchanged, again.error_count) == (0, 0, 2, 4)


def test_a_second_run_of_a_complete_csv_reports_no_change(cast, tmp_path):
    path = tmp_path / "offres.csv"
    path.write_text(
        CSV_HEADER
        + 'OFF-1;Préparateur;"Entrepôt\nlogistique";N1103;67180;intérim;3;plein;1800-2000;oui;4;2026-02-01;'
        + "2026-03-31;partenaires\n"
        + "OFF-2;Vendeur;;D1106;67544;CDI;;partiel;Horaire de 11.65 Euros;non;;01/02/2026;;organisation\n",
        encoding="utf-8",
    )
    first = offers_import(file=path, format=FORMAT_CSV, organisation=cast.ml_a)
    assert (first.created, first.error_count) == (2, 0)
    again = offers_import(file=path, format=FORMAT_CSV, organisation=cast.ml_a)
    assert again.counts() == {"read": 2, "created": 0, "updated": 0, "unchanged": 2, "errors": 0}


# Communes that cannot be resolved to exactly one are reported, the offer kept without commune -------------


def test_a_place_that_is_not_exactly_one_commune_is_reported_as_a_warning(cast, tmp_path):
    offers = [
        ft_offer("U1", lieuTravail={"libelle": "99 - Nulle part", "commune": "99999"}),
        ft_offer("U2", lieuTravail={"libelle": "67 - Bas-Rhin", "codePostal": "67500"}),
        ft_offer("U3", lieuTravail={"libelle": "Ile-de-France"}),
        ft_offer("U4", lieuTravail={"libelle": "67 - WISSEMBOURG", "codePostal": "67160"}),
        ft_offer("U5", lieuTravail={"codePostal": "67160"}),
        ft_offer("U6", lieuTravail={}),
    ]

    report = ft_import(cast, ft_file(tmp_path, offers))

    assert report.counts() == {"read": 6, "created": 6, "updated": 0, "unchanged": 0, "errors": 0}
    warnings = {w.external_id: w.reason for w in report.warnings}
    assert sorted(warnings) == ["U1", "U2", "U3", "U5"] and report.warning_count == 4
    assert [w.index for w in report.warnings] == [1, 2, 3, 5]
    assert "99999" in warnings["U1"] and "offre importée sans commune" in warnings["U1"]
    assert "Bas-Rhin" in warnings["U2"] and "Ile-de-France" in warnings["U3"]
    assert "67160" in warnings["U5"] and "plusieurs communes" in warnings["U5"]
    communes = dict(Offer.objects.values_list("external_id", "commune_id"))
    assert communes == {"U1": None, "U2": None, "U3": None, "U4": "67544", "U5": None, "U6": None}


def test_a_csv_row_whose_commune_columns_disagree_is_reported_as_a_warning(cast, tmp_path):
    path = tmp_path / "offres.csv"
    path.write_text(
        "identifiant;intitule;type_contrat;code_commune;code_postal;lieu\n"
        "OK;Serveur;CDD;67180;67500;\n"
        "CONTRA;Serveur;CDD;67180;67160;\n"  # Haguenau's INSEE code, Wissembourg's postcode
        "NAME;Serveur;CDD;;67500;Weitbruch\n"
        "AMBIGUOUS;Serveur;CDD;;67500;\n",
        encoding="utf-8",
    )

    report = offers_import(file=path, format=FORMAT_CSV, organisation=cast.ml_a)

    assert (report.created, report.error_count) == (4, 0)
    assert [(w.index, w.external_id) for w in report.warnings] == [(3, "CONTRA"), (5, "AMBIGUOUS")]
    prefix = f"{cast.ml_a.pk}-"
    communes = {key.removeprefix(prefix): code for key, code in Offer.objects.values_list("external_id", "commune_id")}
    assert communes == {"OK": "67180", "CONTRA": None, "NAME": "67523", "AMBIGUOUS": None}


# Whatever the file, a report or a ValidationError: never a crash ---------------------------------------


def test_a_csv_cell_over_the_csv_module_s_limit_is_an_error_on_its_row(cast, tmp_path):
    path = tmp_path / "offres.csv"
    huge = "x" * (csv.field_size_limit() + 1)
    path.write_text(
        f"identifiant;intitule;type_contrat;description\nOK1;Serveur;CDD;court\nBIG;Serveur;CDD;{huge}\nOK2;Vendeur;CDI;\n",
        encoding="utf-8",
    )
    report = offers_import(file=path, format=FORMAT_CSV, organisation=cast.ml_a)
    assert (report.created, report.error_count) == (2, 1)
    assert report.errors[0].index == 3 and "trop longue" in report.errors[0].reason


def test_an_unclosed_quote_is_an_error_on_its_row_not_a_crash(cast, tmp_path):
    path = tmp_path / "offres.csv"
    rest = "\n".join(f"L{n};Serveur;CDD" for n in range(20_000))
    path.write_text(f'identifiant;intitule;type_contrat\nOK1;Serveur;CDD\nQ1;"Serveur;CDD\n{rest}\n', encoding="utf-8")
    report = offers_import(file=path, format=FORMAT_CSV, organisation=cast.ml_a)
    assert report.created >= 1 and report.error_count >= 1
    assert Offer.objects.filter(title="Serveur").exists()


@pytest.mark.parametrize(
    "document",
    [
        '[1, "texte", null, [], true]',
        '{"resultats": {}}',
        '{"resultats": 3}',
        '"une chaîne"',
        "123",
        "",
        "[" * 100_000 + "]" * 100_000,
        '[{"id": "N1", "intitule": "X", "nombrePostes": 1' + "0" * 5000 + "}]",
        '[{"id": "N2", "intitule": "X", "nombrePostes": 1e400, "lieuTravail": {"latitude": 1e400, "longitude": '
        + "9" * 400
        + "}}]",
        '[{"id": "N3", "intitule": "X", "nombrePostes": NaN, "lieuTravail": {"latitude": -Infinity}}]',
        '[{"id": {"a": 1}, "intitule": ["x"]}, {"id": "N4", "intitule": "X", "lieuTravail": [], "salaire": "x", '
        '"permis": {}, "langues": [1, {"libelle": {}}], "entreprise": "y", "dateCreation": "0001-01-01T00:00:00+14:00",'
        ' "dateActualisation": "9999-12-31T23:59:59-14:00", "typeContratLibelle": "CDD - 99999999999999999999 Mois"}]',
        '[{"id": "N5", "intitule": "X", "salaire": {"libelle": "Mensuel de 9' + "9" * 60 + ' Euros"}}]',
        '[{"id": "N6\\u0000", "intitule": "X\\ud800", "description": "\\u0000", "lieuTravail": {"commune": '
        '"\\u0000", "codePostal": "\\ud800", "libelle": "67 - \\u0000"}, "entreprise": {"siret": "\\u0000"}}]',
    ],
)
def test_a_file_of_any_shape_gives_a_report_or_a_clear_error(cast, tmp_path, document):
    path = tmp_path / "offres.json"
    path.write_text(document, encoding="utf-8", errors="surrogatepass")
    try:
        report = ft_import(cast, path)
    except ValidationError as error:
        assert error.messages
    else:
        assert report.read == report.created + report.updated + report.unchanged + report.error_count


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), format=st.sampled_from([FORMAT_CSV, FORMAT_FRANCE_TRAVAIL]))
def test_random_bytes_give_a_report_or_a_clear_error(cast, data, format):
    try:
        report = offers_import(file=io.BytesIO(data), format=format, organisation=cast.agency_b)
    except ValidationError as error:
        assert error.messages
    else:
        assert report.read == report.created + report.updated + report.unchanged + report.error_count


_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)
_ft_keys = st.sampled_from(
    [
        "id",
        "intitule",
        "description",
        "dateCreation",
        "dateActualisation",
        "lieuTravail",
        "romeCode",
        "entreprise",
        "typeContrat",
        "typeContratLibelle",
        "natureContrat",
        "experienceExige",
        "salaire",
        "dureeTravailLibelle",
        "dureeTravailLibelleConverti",
        "nombrePostes",
        "permis",
        "langues",
        "qualificationLibelle",
        "codeNAF",
    ]
)
_place = st.fixed_dictionaries(
    {},
    optional={
        "libelle": st.text(max_size=30) | st.sampled_from(["67 - HAGUENAU", "2A - AJACCIO", "974 - ST DENIS"]),
        "commune": st.text(max_size=8) | st.sampled_from(["67180", "97701", "69383"]),
        "codePostal": st.text(max_size=8) | st.sampled_from(["67500", "97133"]),
        "latitude": _json_values,
        "longitude": _json_values,
    },
)
_ft_items = st.dictionaries(_ft_keys, _json_values, max_size=12).flatmap(
    lambda item: st.fixed_dictionaries(
        {"id": st.text(min_size=1, max_size=70), "intitule": st.text(min_size=1, max_size=300)},
        optional={"lieuTravail": _place, "salaire": st.fixed_dictionaries({"libelle": st.text(max_size=80)})},
    ).map(lambda required: {**item, **required})
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=st.lists(_ft_items | _json_values, max_size=5))
def test_france_travail_offers_of_any_content_give_a_report(cast, tmp_path, items):
    path = tmp_path / "offres.json"
    path.write_text(json.dumps(items, allow_nan=True), encoding="utf-8", errors="surrogatepass")
    report = ft_import(cast, path)
    assert report.read == len(items) == report.created + report.updated + report.unchanged + report.error_count
    assert not report.file_error


_cells = st.text(max_size=40) | st.sampled_from(["CDI", "cdd", "67180", "67500", "2026-02-30", "1800-2000", "9" * 50])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(_cells, min_size=1, max_size=16), max_size=5))
def test_csv_rows_of_any_content_give_a_report(cast, rows):
    lines = [";".join(CSV_HEADER.strip().split(";"))] + [";".join(row) for row in rows]
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    report = offers_import(file=io.BytesIO(data), format=FORMAT_CSV, organisation=cast.ml_a)
    assert report.read == report.created + report.updated + report.unchanged + report.error_count


def test_a_line_longer_than_any_row_is_skipped_and_reported(cast, tmp_path):
    path = tmp_path / "offres.csv"
    path.write_bytes(
        b"identifiant;intitule;type_contrat\nOK1;Serveur;CDD\n" + b"x" * 5_000_000 + b"\nOK2;Vendeur;CDI\n"
    )
    report = offers_import(file=path, format=FORMAT_CSV, organisation=cast.ml_a)
    assert (report.created, report.error_count) == (2, 1)
    assert report.errors[0].index == 3 and "ligne trop longue" in report.errors[0].reason


@pytest.mark.parametrize("format", [FORMAT_CSV, FORMAT_FRANCE_TRAVAIL])
def test_progress_counts_up_to_the_file_s_size_once_though_it_is_read_twice(cast, tmp_path, format):
    if format == FORMAT_CSV:
        path = tmp_path / "offres.csv"
        path.write_text("identifiant;intitule;type_contrat\n" + "".join(f"O{n};Serveur;CDD\n" for n in range(99)))
    else:
        path = ft_file(tmp_path, [ft_offer(f"P{n}") for n in range(33)])
    seen: list[int] = []
    offers_import(file=path, format=format, organisation=cast.agency_b, progress=seen.append)
    assert sum(seen) == path.stat().st_size and len(seen) > 1
