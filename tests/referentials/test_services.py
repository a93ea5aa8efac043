from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from tandem.core.codes import naf_normalise
from tandem.core.sources import ImportReport, ReferentialFileError
from tandem.referentials.fallback_rome import BROAD_DOMAINS, FALLBACK_ROME_CODES
from tandem.referentials.models import (
    EducationLevel,
    NafCode,
    ReferentialImport,
    RomeAppellation,
    RomeCode,
    RomeNafHiring,
)
from tandem.referentials.services import (
    APPELLATIONS_FILE,
    EDUCATION_LEVELS_FILE,
    NAF_LABELS_FILE,
    ROME_LABELS_FILE,
    ROME_NAF_FILE,
    ROMES_JSON_FILE,
    TENSION_FILE,
    naf_codes_import,
    referential_counts,
    referentials_import,
    rome_appellations_import,
    rome_codes_import,
    rome_naf_hirings_import,
    rome_tensions_import,
)
from tandem.territories.models import Commune
from tests.territories.decoupage import write_decoupage_package, write_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_referentials")]

REAL_DATA_DIR = Path(settings.TANDEM_REFERENTIAL_DIR)
REAL_PACKAGE_DIR = settings.TANDEM_NODE_MODULES / "@etalab/decoupage-administratif"


def _empty_rome_table() -> None:
    RomeCode.objects.all().delete()


class TestRealReferentials:
    def test_it_loads_the_532_rome_codes_with_their_domains(self):
        assert RomeCode.objects.count() == 532
        assert not RomeCode.objects.filter(domain_code="").exists()
        rome = RomeCode.objects.get(code="J1501")
        assert (rome.version, rome.label) == ("v3", "Soins d'hygiène, de confort du patient")
        assert (rome.domain_code, rome.domain_label) == ("J15", "Soins paramédicaux")
        assert (rome.broad_domain_code, rome.broad_domain_label) == ("J", "Santé")

    def test_it_takes_the_2024_labels_over_the_older_json_ones(self):
        labels = dict(line.rstrip("\n").split(",", 1) for line in (REAL_DATA_DIR / ROME_LABELS_FILE).open())
        rome = RomeCode.objects.get(code="A1101")
        assert rome.label == labels["A1101"]

    def test_it_loads_the_appellations_naf_codes_hirings_and_education_levels(self):
        assert RomeAppellation.objects.count() == 11061
        assert RomeAppellation.objects.get(code_ogr="10200").rome_id == "F1402"
        assert NafCode.objects.count() == 732
        assert NafCode.objects.get(code="7820Z").dotted == "78.20Z"
        assert RomeNafHiring.objects.count() == 5071
        assert RomeNafHiring.objects.get(rome_id="A1101", naf_id="0121Z").hirings == 175
        assert EducationLevel.objects.count() == 11
        assert EducationLevel.objects.get(code="51").label == "DIPLÔME OBTENU CAP OU BEP"

    def test_it_flags_jobs_where_most_hirings_are_difficult_as_in_tension(self):
        assert RomeCode.objects.get(code="K1302").in_tension  # 81.4 %
        assert RomeCode.objects.get(code="J1501").in_tension  # 54.7 %
        assert not RomeCode.objects.get(code="D1505").in_tension  # 21.9 %
        assert RomeCode.objects.filter(in_tension=True).count() == 317

    def test_the_builtin_subset_matches_the_real_referential(self):
        for fallback in FALLBACK_ROME_CODES:
            rome = RomeCode.objects.get(code=fallback.code)
            assert (rome.label, rome.domain_code, rome.domain_label, rome.in_tension) == (
                fallback.label,
                fallback.domain_code,
                fallback.domain_label,
                fallback.in_tension,
            ), fallback.code
            assert rome.broad_domain_label == BROAD_DOMAINS[rome.broad_domain_code]
        assert len(FALLBACK_ROME_CODES) >= 20

    def test_running_the_import_twice_gives_the_same_counts_and_records_the_run(self):
        before = referential_counts()

        run = referentials_import(package_dir=REAL_PACKAGE_DIR, source_dir=REAL_DATA_DIR)

        assert referential_counts() == before
        assert run.counts == before
        assert run.warnings == []
        assert run.source == str(REAL_DATA_DIR)
        assert run.versions["territories"] == "decoupage-administratif 6.0.0"
        assert run.versions["rome"] == "v3 (itou/romes.json + itou/rome_2024.csv)"
        assert ReferentialImport.objects.filter(pk=run.pk).exists()


class TestNafCodes:
    def test_naf_codes_are_stored_without_the_dot(self):
        assert naf_normalise("78.20Z") == naf_normalise("7820z") == "7820Z"

    def test_it_accepts_naf_codes_with_and_without_the_dot(self, tmp_path):
        write_text(tmp_path / NAF_LABELS_FILE, "naf_id|naf_label\n78.20Z|Intérim\n7810Z|Placement\n")
        write_text(
            tmp_path / ROME_NAF_FILE,
            "rome_id,rome_label,naf_id,naf_label,hirings\n"
            "N1103,Magasinage,78.20Z,Intérim,12\n"
            "N1103,Magasinage,9999Z,Nouvelle activité,3\n",
        )
        report = ImportReport()

        naf_codes_import(source_dir=tmp_path, report=report)
        rome_naf_hirings_import(source_dir=tmp_path, report=report)

        assert NafCode.objects.get(code="7820Z").label == "Intérim"
        assert NafCode.objects.get(code="7810Z").label == "Placement"
        assert not NafCode.objects.filter(code__contains=".").exists()
        assert NafCode.objects.get(code="9999Z").label == "Nouvelle activité"
        # The mapping file replaces the weights: only its two rows remain.
        assert sorted(RomeNafHiring.objects.values_list("naf_id", "hirings")) == [("7820Z", 12), ("9999Z", 3)]


class TestPartialSources:
    def test_it_warns_about_each_missing_file_and_loads_the_others(self, tmp_path):
        write_text(tmp_path / APPELLATIONS_FILE, "code_ogr,name,rome_code\n10200,Carrier / Carrière,F1402\n")
        package = write_decoupage_package(tmp_path / "node_modules")

        run = referentials_import(package_dir=package, source_dir=tmp_path)

        assert RomeAppellation.objects.get(code_ogr="10200").label == "Carrier / Carrière"
        missing = [ROMES_JSON_FILE, ROME_LABELS_FILE, NAF_LABELS_FILE, ROME_NAF_FILE, TENSION_FILE]
        for relative in [*missing, EDUCATION_LEVELS_FILE]:
            assert any(str(tmp_path / relative) in warning for warning in run.warnings), relative
        assert any("codes ROME déjà en base sont conservés" in warning for warning in run.warnings)
        assert RomeCode.objects.count() == 532

    def test_it_loads_the_builtin_rome_subset_when_no_rome_file_and_the_table_is_empty(self, tmp_path):
        _empty_rome_table()
        package = write_decoupage_package(tmp_path / "node_modules")

        run = referentials_import(package_dir=package, source_dir=tmp_path / "absent")

        assert RomeCode.objects.count() == len(FALLBACK_ROME_CODES)
        assert RomeCode.objects.get(code="F1703").label == "Maçonnerie"
        assert any("dossier des référentiels introuvable" in warning for warning in run.warnings)
        assert any("sous-ensemble intégré" in warning for warning in run.warnings)
        assert run.versions["rome"] == "v3 (sous-ensemble intégré)"

    def test_it_falls_back_to_the_csv_rome_list_without_romes_json(self, tmp_path):
        _empty_rome_table()
        write_text(tmp_path / ROME_LABELS_FILE, "code,name\nA1101,Conduite d'engins agricoles et forestiers\n")
        report = ImportReport()

        rome_codes_import(source_dir=tmp_path, report=report)

        rome = RomeCode.objects.get()
        assert (rome.code, rome.label, rome.version, rome.domain_code) == (
            "A1101",
            "Conduite d'engins agricoles et forestiers",
            "v3",
            "",
        )
        assert any(str(tmp_path / ROMES_JSON_FILE) in warning for warning in report.warnings)

    def test_it_skips_rows_of_unknown_rome_codes_with_a_warning(self, tmp_path):
        write_text(tmp_path / APPELLATIONS_FILE, "code_ogr,name,rome_code\n999001,Nouveau métier,Z9999\n")
        report = ImportReport()

        rome_appellations_import(source_dir=tmp_path, report=report)

        assert not RomeAppellation.objects.filter(code_ogr="999001").exists()
        assert any("Z9999" in warning for warning in report.warnings)

    def test_a_rome_is_in_tension_when_one_of_its_families_reaches_half_of_difficult_hirings(self, tmp_path):
        write_text(
            tmp_path / TENSION_FILE,
            "fap_code,fap,tension_pct,rome_code,rome_label\n"
            "X1,Famille A,49.9,D1505,CAISSE\n"
            "X2,Famille B,50.0,D1505,CAISSE\n"
            "X3,Famille C,49.9,K1302,ASSISTANCE\n",
        )

        rome_tensions_import(source_dir=tmp_path, report=ImportReport())

        assert list(RomeCode.objects.filter(in_tension=True).values_list("code", flat=True)) == ["D1505"]


class TestMalformedSources:
    """Each error names the file and the line; the whole import is rolled back."""

    def _assert_import_fails(self, source_dir: Path, path: Path, line: int, message: str) -> None:
        package = write_decoupage_package(source_dir / "node_modules")
        before = referential_counts()
        haguenau = Commune.objects.values().get(code="67180")
        rome = RomeCode.objects.values().get(code="J1501")

        with pytest.raises(ReferentialFileError, match=re.escape(f"{path}:{line}: ")) as raised:
            referentials_import(package_dir=package, source_dir=source_dir)

        assert message in raised.value.message
        assert referential_counts() == before
        assert Commune.objects.values().get(code="67180") == haguenau  # the tiny package had rewritten it
        assert RomeCode.objects.values().get(code="J1501") == rome

    def test_it_reports_the_file_and_line_of_a_malformed_row(self, tmp_path):
        write_text(tmp_path / ROME_LABELS_FILE, "code,name\nJ1501,Aide-soignant\nJ1506\n")

        self._assert_import_fails(tmp_path, tmp_path / ROME_LABELS_FILE, 3, "2 colonnes attendues, 1 trouvées")

    def test_it_reports_a_malformed_rome_code(self, tmp_path):
        write_text(tmp_path / APPELLATIONS_FILE, "code_ogr,name,rome_code\n10200,Carrier,F1402\n10201,Gréeur,I16\n")

        self._assert_import_fails(tmp_path, tmp_path / APPELLATIONS_FILE, 3, "rome_code")

    def test_it_reports_a_malformed_naf_code(self, tmp_path):
        write_text(tmp_path / NAF_LABELS_FILE, "naf_id|naf_label\n78.20Z|Intérim\n78-20Z|Intérim\n")

        self._assert_import_fails(tmp_path, tmp_path / NAF_LABELS_FILE, 3, "naf_id")

    def test_it_reports_non_numeric_hirings(self, tmp_path):
        write_text(
            tmp_path / ROME_NAF_FILE,
            'rome_id,rome_label,naf_id,naf_label,hirings\nN1103,"Magasinage, stock",7820Z,Intérim,beaucoup\n',
        )

        self._assert_import_fails(tmp_path, tmp_path / ROME_NAF_FILE, 2, "hirings")

    def test_it_reports_a_tension_share_above_100(self, tmp_path):
        write_text(tmp_path / TENSION_FILE, "fap_code,fap,tension_pct,rome_code,rome_label\nX1,F,140,J1501,SOINS\n")

        self._assert_import_fails(tmp_path, tmp_path / TENSION_FILE, 2, "tension_pct")

    def test_it_reports_broken_rome_json(self, tmp_path):
        good = '{"code": "J1501", "libelle": "Soins", "domaineProfessionnel": {"code": "J15", "libelle": "Soins",'
        good += ' "grandDomaine": {"code": "J", "libelle": "Santé"}}}'
        write_text(tmp_path / ROMES_JSON_FILE, f"[\n{good},\n{good[:-1]}\n]")

        self._assert_import_fails(tmp_path, tmp_path / ROMES_JSON_FILE, 4, "JSON invalide")

    def test_it_reports_a_rome_without_its_domain(self, tmp_path):
        write_text(tmp_path / ROMES_JSON_FILE, '[{"code": "J1501", "libelle": "Soins"}]')

        self._assert_import_fails(tmp_path, tmp_path / ROMES_JSON_FILE, 1, "domaineProfessionnel")

    def test_it_rolls_back_everything_when_the_last_file_is_bad(self, tmp_path):
        write_text(tmp_path / ROME_LABELS_FILE, "code,name\nJ1501,Aide-soignant\n")
        write_text(
            tmp_path / EDUCATION_LEVELS_FILE,
            "rnf_code_form_empl;rnf_libelle_niveau_form_empl;rte_date_fin_effet\nX;Y;\n",
        )

        self._assert_import_fails(tmp_path, tmp_path / EDUCATION_LEVELS_FILE, 2, "rnf_code_form_empl")
