"""The Sirene establishments import: streamed, filtered, idempotent, with a per-row report; the partner CSV."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from tandem.employers.models import Employer
from tandem.employers.sirene import Territory, partner_csv_import, sirene_import
from tests.employers.factories import valid_siret

pytestmark = pytest.mark.django_db

# The header of StockEtablissement, exactly as INSEE publishes it (/work/shared/data/sirene/README.md).
HEADER = (
    "siren,nic,siret,statutDiffusionEtablissement,dateCreationEtablissement,trancheEffectifsEtablissement,"
    "anneeEffectifsEtablissement,activitePrincipaleRegistreMetiersEtablissement,dateDernierTraitementEtablissement,"
    "etablissementSiege,nombrePeriodesEtablissement,complementAdresseEtablissement,numeroVoieEtablissement,"
    "indiceRepetitionEtablissement,typeVoieEtablissement,libelleVoieEtablissement,codePostalEtablissement,"
    "libelleCommuneEtablissement,libelleCommuneEtrangerEtablissement,distributionSpecialeEtablissement,"
    "codeCommuneEtablissement,codeCedexEtablissement,libelleCedexEtablissement,codePaysEtrangerEtablissement,"
    "libellePaysEtrangerEtablissement,complementAdresse2Etablissement,numeroVoie2Etablissement,"
    "indiceRepetition2Etablissement,typeVoie2Etablissement,libelleVoie2Etablissement,codePostal2Etablissement,"
    "libelleCommune2Etablissement,libelleCommuneEtranger2Etablissement,distributionSpeciale2Etablissement,"
    "codeCommune2Etablissement,codeCedex2Etablissement,libelleCedex2Etablissement,codePaysEtranger2Etablissement,"
    "libellePaysEtranger2Etablissement,dateDebut,etatAdministratifEtablissement,enseigne1Etablissement,"
    "enseigne2Etablissement,enseigne3Etablissement,denominationUsuelleEtablissement,activitePrincipaleEtablissement,"
    "nomenclatureActivitePrincipaleEtablissement,caractereEmployeurEtablissement"
).split(",")
GEO_COLUMNS = [
    "longitude",
    "latitude",
    "geo_score",
    "geo_type",
    "geo_adresse",
    "geo_id",
    "geo_ligne",
    "geo_l4",
    "geo_l5",
]


def _row(siret: str, **values: str) -> dict[str, str]:
    row = {
        "siren": siret[:9],
        "nic": siret[9:],
        "siret": siret,
        "statutDiffusionEtablissement": "O",
        "trancheEffectifsEtablissement": "11",
        "numeroVoieEtablissement": "12",
        "typeVoieEtablissement": "RUE",
        "libelleVoieEtablissement": "SAINTE CATHERINE",
        "codePostalEtablissement": "33000",
        "libelleCommuneEtablissement": "BORDEAUX",
        "codeCommuneEtablissement": "33063",
        "etatAdministratifEtablissement": "A",
        "enseigne1Etablissement": "BOUTIQUE MERIADECK",
        "denominationUsuelleEtablissement": "",
        "activitePrincipaleEtablissement": "47.71Z",
        "nomenclatureActivitePrincipaleEtablissement": "NAFRev2",
        "caractereEmployeurEtablissement": "O",
    }
    row.update(values)
    return row


def _file(rows: list[dict[str, str]], *, extra: tuple[str, ...] = ()) -> io.BytesIO:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*HEADER, *extra], restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return io.BytesIO(out.getvalue().encode("utf-8"))


def _sirets(n: int) -> list[str]:
    return [valid_siret(51_000_000 + i) for i in range(n)]


def test_only_active_employers_of_the_territory_are_kept():
    s = _sirets(6)
    rows = [
        _row(s[0]),
        _row(s[1], etatAdministratifEtablissement="F"),
        _row(s[2], caractereEmployeurEtablissement="N"),
        _row(s[3], codeCommuneEtablissement="67180", codePostalEtablissement="67500"),
        _row(s[4], codeCommuneEtablissement="33281", codePostalEtablissement="33700"),
        _row(s[5], codeCommuneEtablissement="75101", codePostalEtablissement="75001"),
    ]
    report = sirene_import(file=_file(rows), territory=Territory(departements=frozenset({"33"})))
    assert report.counts == {
        "read": 6,
        "kept": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "errors": 0,
        "warnings": 0,
    }
    assert set(Employer.objects.values_list("siret", flat=True)) == {s[0], s[4]}
    employer = Employer.objects.get(siret=s[0])
    assert (employer.name, employer.naf_id, employer.size_bracket, employer.street, employer.postcode) == (
        "BOUTIQUE MERIADECK",
        "4771Z",
        "11",
        "12 RUE SAINTE CATHERINE",
        "33000",
    )
    assert (employer.siren, employer.commune_id, employer.diffusion) == (s[0][:9], "33063", "O")


def test_a_commune_filter_takes_a_city_s_arrondissements():
    s = _sirets(2)
    rows = [_row(s[0], codeCommuneEtablissement="75101"), _row(s[1])]
    report = sirene_import(file=_file(rows), territory=Territory(communes=frozenset({"75056"})))
    assert report.kept == 1
    assert Employer.objects.get().commune_id == "75056"


def test_a_second_run_changes_nothing_and_a_change_is_applied():
    s = _sirets(3)
    rows = [_row(siret) for siret in s]
    sirene_import(file=_file(rows))
    stamps = dict(Employer.objects.values_list("siret", "updated_at"))
    again = sirene_import(file=_file(rows))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert dict(Employer.objects.values_list("siret", "updated_at")) == stamps
    rows[1]["trancheEffectifsEtablissement"] = "12"
    third = sirene_import(file=_file(rows), batch_size=2)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 2)
    assert Employer.objects.get(siret=s[1]).size_bracket == "12"
    assert Employer.objects.count() == 3


def test_error_rows_are_reported_with_their_line_and_do_not_stop_the_others():
    s = _sirets(2)
    bad_key = s[1][:-1] + str((int(s[1][-1]) + 1) % 10)
    rows = [
        _row(s[0]),  # line 2
        _row(bad_key, siren=bad_key[:9], nic=bad_key[9:]),  # line 3: Luhn fails
        _row(s[1], codeCommuneEtablissement="99999"),  # line 4: no such commune
        _row(s[1], trancheEffectifsEtablissement="13"),  # line 5: no such bracket
        _row(s[1], siren="123456789"),  # line 6: SIREN and SIRET disagree
        _row(s[1]),  # line 7
    ]
    report = sirene_import(file=_file(rows))
    assert [(problem.line, problem.siret) for problem in report.errors] == [
        (3, bad_key),
        (4, s[1]),
        (5, s[1]),
        (6, s[1]),
    ]
    assert "clé de contrôle" in report.errors[0].reason
    assert report.created == 2
    assert not Employer.objects.filter(siret=bad_key).exists()


def test_la_poste_siret_passes():
    report = sirene_import(file=_file([_row("35600000000048")]))
    assert report.created == 1


def test_partially_diffusible_establishments_keep_only_what_may_be_shown():
    s = _sirets(1)
    sirene_import(file=_file([_row(s[0])]))
    report = sirene_import(
        file=_file(
            [
                _row(
                    s[0],
                    statutDiffusionEtablissement="P",
                    enseigne1Etablissement="JEAN DUPONT",
                    longitude="-0.58",
                    latitude="44.84",
                )
            ],
            extra=tuple(GEO_COLUMNS),
        ),
        geo=True,
    )
    assert report.updated == 1
    employer = Employer.objects.get(siret=s[0])
    assert employer.diffusion == "P"
    assert (employer.name, employer.usual_name, employer.street, employer.postcode) == (
        "Établissement non diffusible",
        "",
        "",
        "",
    )
    assert employer.latitude is None and employer.commune_id == "33063" and employer.naf_id == "4771Z"
    assert "DUPONT" not in employer.search_key.upper()


def test_unknown_columns_are_ignored_and_geo_coordinates_kept():
    s = _sirets(2)
    rows = [
        _row(
            s[0],
            longitude="-0.5792",
            latitude="44.8378",
            geo_score="0.93",
            activitePrincipaleNAF25Etablissement="47.71Y",
        ),
        _row(s[1], longitude="abc", latitude="44.8"),
    ]
    report = sirene_import(file=_file(rows, extra=(*GEO_COLUMNS, "activitePrincipaleNAF25Etablissement")), geo=True)
    assert report.created == 2
    employer = Employer.objects.get(siret=s[0])
    assert (employer.latitude, employer.longitude) == (44.8378, -0.5792)
    assert [(w.line, w.siret) for w in report.warnings] == [(3, s[1])]
    assert Employer.objects.get(siret=s[1]).latitude is None


def test_a_file_without_the_sirene_columns_is_refused():
    with pytest.raises(ValidationError, match="StockEtablissement"):
        sirene_import(file=io.BytesIO(b"siret,nom\n73282932000074,X\n"))


def test_the_command_imports_and_reports(tmp_path, capsys):
    s = _sirets(2)
    path = tmp_path / "StockEtablissement_utf8.csv"
    path.write_bytes(_file([_row(s[0]), _row("12345678901234")]).getvalue())
    call_command("import_sirene", str(path), "--departements", "33", "--no-progress")
    out, err = capsys.readouterr()
    assert "1 créés" in out
    assert "ligne 3 (12345678901234)" in err
    assert Employer.objects.filter(siret=s[0]).exists()


def test_partner_csv_creates_unknown_companies_and_leaves_known_ones():
    s = _sirets(3)
    Employer.objects.create(siret=s[1], name="Déjà connue")
    text = (
        "SIRET;Raison sociale;Code commune;NAF;Tranche effectif\n"
        f"{s[0]};Boulangerie du Port;33063;10.71C;02\n"
        f"{s[1]};Autre nom;33063;;\n"
        f"{s[2]};;33063;;15\n"
    )
    report = partner_csv_import(text=text)
    assert (report.created, report.unchanged, report.error_count) == (1, 1, 1)
    assert report.errors[0].line == 4 and "raison sociale" in report.errors[0].reason
    assert Employer.objects.get(siret=s[1]).name == "Déjà connue"
    created = Employer.objects.get(siret=s[0])
    assert (created.naf_id, created.size_bracket, created.commune_id) == ("1071C", "02", "33063")
