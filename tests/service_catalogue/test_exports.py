"""The exports follow the data·inclusion schema, version 1.0.8 (github.com/gip-inclusion/data-inclusion-schema,
schemas/v1/structure.json and service.json): the checks below are written from the schema itself, not from
Tandem's enumerations, so that a value the schema does not know fails here."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.utils import timezone

from tandem.organisations.enums import OrganisationKind
from tandem.service_catalogue.enums import SCHEMA_VERSION, Audience, Theme
from tandem.service_catalogue.exports import services_csv, services_json, structures_csv, structures_json
from tests.organisations.factories import OrganisationFactory
from tests.service_catalogue.factories import ServiceFactory

pytestmark = pytest.mark.django_db

# schemas/v1/structure.json and service.json: their properties and required fields.
STRUCTURE_PROPERTIES = {
    "accessibilite_lieu", "adresse", "code_insee", "code_postal", "commune", "complement_adresse", "courriel",
    "date_maj", "description", "horaires_accueil", "id", "latitude", "lien_source", "longitude", "nom",
    "reseaux_porteurs", "siret", "site_web", "source", "telephone",
}  # fmt: skip
STRUCTURE_REQUIRED = {"source", "id", "nom", "date_maj"}
SERVICE_PROPERTIES = {
    "adresse", "code_insee", "code_postal", "commune", "complement_adresse", "conditions_acces", "contact_nom_prenom",
    "courriel", "date_maj", "description", "frais", "frais_precisions", "horaires_accueil", "id", "latitude",
    "lien_mobilisation", "lien_source", "longitude", "mobilisable_par", "mobilisation_precisions", "modes_accueil",
    "modes_mobilisation", "nom", "nombre_semaines", "publics", "publics_precisions", "source", "structure_id",
    "telephone", "thematiques", "type", "volume_horaire_hebdomadaire", "zone_eligibilite",
}  # fmt: skip
SERVICE_REQUIRED = {"source", "structure_id", "id", "nom", "description", "date_maj"}
# The schema's enumerations (docs/referentiels/*.md).
TYPES = {"accompagnement", "aide-financiere", "aide-materielle", "atelier", "formation", "information"}
FRAIS = {"gratuit", "payant"}
PUBLICS = {
    "tous-publics", "actifs", "beneficiaires-des-minimas-sociaux", "demandeurs-emploi", "etudiants", "familles",
    "femmes", "jeunes", "personnes-en-situation-de-handicap", "personnes-en-situation-durgence",
    "personnes-en-situation-juridique-specifique", "personnes-exilees", "residents-qpv-frr", "seniors",
}  # fmt: skip
MODES_ACCUEIL = {"a-distance", "en-presentiel"}
MODES_MOBILISATION = {"envoyer-un-courriel", "se-presenter", "telephoner", "utiliser-lien-mobilisation"}
MOBILISABLE_PAR = {"professionnels", "usagers"}
CATEGORIES = {
    "choisir-un-metier", "creer-une-entreprise", "difficultes-administratives-ou-juridiques",
    "difficultes-financieres", "equipement-et-alimentation", "famille", "lecture-ecriture-calcul",
    "logement-hebergement", "mobilite", "numerique", "preparer-sa-candidature", "remobilisation", "sante",
    "se-former", "souvrir-a-linternational", "trouver-un-emploi",
}  # fmt: skip
SOME_THEMES = {
    "mobilite--financer-ma-mobilite", "mobilite--preparer-un-permis", "logement-hebergement--louer-un-logement",
    "trouver-un-emploi--repondre-a-des-offres-demploi", "preparer-sa-candidature--valoriser-ses-competences",
}  # fmt: skip
RESEAUX_PORTEURS = {"mission-locale", "france-travail", "plie", "communes", "departements", "regions"}
CODE_COMMUNE, CODE_POSTAL, SIRET = re.compile(r"^\w{5}$"), re.compile(r"^\d{5}$"), re.compile(r"^\d{14}$")
CODE_DEPARTEMENT = re.compile(r"^\w{2,3}$")


def _date_maj(value: str) -> None:
    day = datetime.date.fromisoformat(value)
    assert datetime.date(2000, 1, 1) <= day <= timezone.localdate()


def check_structure(row: dict) -> None:
    assert set(row) <= STRUCTURE_PROPERTIES
    assert all(row.get(name) not in (None, "") for name in STRUCTURE_REQUIRED)
    assert 3 <= len(row["nom"]) <= 150
    _date_maj(row["date_maj"])
    assert row["siret"] is None or SIRET.match(row["siret"])
    assert row["code_insee"] is None or CODE_COMMUNE.match(row["code_insee"])
    assert row["code_postal"] is None or CODE_POSTAL.match(row["code_postal"])
    assert row["reseaux_porteurs"] is None or set(row["reseaux_porteurs"]) <= RESEAUX_PORTEURS


def check_service(row: dict) -> None:
    assert set(row) <= SERVICE_PROPERTIES
    assert all(row.get(name) not in (None, "") for name in SERVICE_REQUIRED)
    assert 3 <= len(row["nom"]) <= 150 and not row["nom"].endswith(".")
    assert 5 <= len(row["description"]) <= 10000
    _date_maj(row["date_maj"])
    assert row["type"] is None or row["type"] in TYPES
    assert row["frais"] is None or row["frais"] in FRAIS
    for name, allowed in (
        ("publics", PUBLICS),
        ("modes_accueil", MODES_ACCUEIL),
        ("modes_mobilisation", MODES_MOBILISATION),
        ("mobilisable_par", MOBILISABLE_PAR),
    ):
        values = row[name]
        assert values is None or (values and set(values) <= allowed), name
    assert row["publics"] is None or "tous-publics" not in row["publics"] or row["publics"] == ["tous-publics"]
    for theme in row["thematiques"] or []:
        category, _, sub = theme.partition("--")
        assert category in CATEGORIES and sub, theme
    for code in row["zone_eligibilite"] or []:
        assert CODE_COMMUNE.match(code) or CODE_DEPARTEMENT.match(code), code
    assert row["code_insee"] is None or CODE_COMMUNE.match(row["code_insee"])


def test_tandem_follows_the_schema_s_version_1_0_8():
    assert SCHEMA_VERSION == "1.0.8"
    assert {theme for theme in Theme.values} >= SOME_THEMES
    assert set(Audience.values) == PUBLICS


def test_the_json_exports_hold_the_schema_s_required_fields_and_values(cast):
    cast.ml_a.siret = "13002526500013"
    cast.ml_a.postcode = "67500"
    cast.ml_a.save()
    site = OrganisationFactory(kind=OrganisationKind.ML_SITE, parent=cast.ml_a, name="Site de Wissembourg")
    ServiceFactory(
        organisation=cast.ml_a,
        name="Aide à la mobilité",
        themes=sorted(SOME_THEMES)[:2],
        audiences=[Audience.JEUNES, Audience.RESIDENTS_QPV_FRR],
        departements=["67"],
        communes=["67180"],
        request_link="https://example.org/mobilite",
    )
    ServiceFactory(organisation=cast.ml_a, site=site, name="Logement jeunes", audiences=[Audience.TOUS_PUBLICS])
    ServiceFactory(organisation=cast.agency_b, name="Atelier CV", kind="atelier", fees="", reception_modes=[])
    ServiceFactory(organisation=cast.ml_c, name="Plus proposé", is_active=False)
    membership = cast.observer.memberships.get()
    structures, services = structures_json(membership=membership), services_json(membership=membership)
    for row in structures:
        check_structure(row)
    for row in services:
        check_service(row)
    assert len(services) == 3
    assert {row["id"] for row in structures} == {row["structure_id"] for row in services}
    assert len({row["id"] for row in services}) == 3
    mobility = next(row for row in services if row["nom"] == "Aide à la mobilité")
    assert mobility["zone_eligibilite"] == ["67", "67180"]
    assert mobility["publics"] == ["jeunes", "residents-qpv-frr"]
    assert mobility["description"].startswith("Un conseiller dédié")  # the summary leads the description
    at_site = next(row for row in services if row["nom"] == "Logement jeunes")
    assert at_site["structure_id"] == f"tandem--{site.pk}"
    mission_locale = next(row for row in structures if row["id"] == f"tandem--{cast.ml_a.pk}")
    assert mission_locale["siret"] == "13002526500013" and mission_locale["reseaux_porteurs"] == ["mission-locale"]
    assert mission_locale["code_insee"] == "67180" and mission_locale["code_postal"] == "67500"


def test_the_csv_exports_are_the_same_rows_for_a_spreadsheet(cast):
    ServiceFactory(organisation=cast.ml_a, name="Aide à la mobilité", phone="+33 3 88 00 00 00")
    membership = cast.adviser_a.memberships.get()
    text = services_csv(membership=membership)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert [row["nom"] for row in rows] == ["Aide à la mobilité"]
    assert rows[0]["thematiques"] == "trouver-un-emploi--repondre-a-des-offres-demploi"
    assert rows[0]["frais"] == "gratuit" and rows[0]["publics_precisions"] == ""
    # A cell a spreadsheet would take for a formula is written as text.
    assert rows[0]["telephone"] == "'+33 3 88 00 00 00"
    structures = list(
        csv.DictReader(io.StringIO(structures_csv(membership=membership).removeprefix("\ufeff")), delimiter=";")
    )
    assert [row["nom"] for row in structures] == ["Mission Locale A"]


def test_nothing_is_exported_to_a_caller_without_a_membership(cast):
    ServiceFactory(organisation=cast.ml_a)
    assert services_json(membership=None) == [] and structures_json(membership=None) == []
