from __future__ import annotations

import copy
from pathlib import Path

import pytest
from django.conf import settings

from tandem.core.sources import ImportReport, ReferentialFileError, ReferentialSourceMissing
from tandem.referentials.services import referential_counts
from tandem.territories.models import Commune, CommunePostcode, Departement, Epci, Region, ZrrStatus
from tandem.territories.services import COORDINATES_FILE, ZRR_FILE, territories_import
from tests.territories.decoupage import COMMUNES, write_decoupage_package, write_text

pytestmark = pytest.mark.django_db

REAL_DATA_DIR = Path(settings.TANDEM_REFERENTIAL_DIR)


@pytest.fixture
def tiny_package(tmp_path: Path) -> Path:
    return write_decoupage_package(tmp_path / "node_modules")


def _run(*, package_dir: Path, source_dir: Path | None) -> ImportReport:
    report = ImportReport()
    territories_import(package_dir=package_dir, source_dir=source_dir, report=report)
    return report


class TestRealReferential:
    @pytest.fixture(autouse=True)
    def _loaded(self, real_referentials: None) -> None:
        pass

    def test_it_loads_the_regions_departements_epci_and_every_current_commune(self):
        assert Region.objects.count() == 18
        assert Departement.objects.count() == 101
        assert Epci.objects.count() == 1255
        assert Commune.objects.count() == 34969
        # 94 of them are in overseas collectivities (zone "com"): no département, their collectivity's code.
        overseas = Commune.objects.filter(departement__isnull=True)
        assert overseas.count() == 94
        assert overseas.get(code="97502").overseas_collectivity == "975"  # Saint-Pierre

    def test_it_gives_coordinates_and_a_zrr_status_to_nearly_every_commune(self):
        total = Commune.objects.count()
        assert Commune.objects.filter(latitude__isnull=False, longitude__isnull=False).count() >= 0.99 * total
        assert Commune.objects.exclude(zrr="").count() >= 0.99 * total
        # The source writes "PC" for partially classified communes.
        assert Commune.objects.filter(zrr=ZrrStatus.PARTIELLEMENT).count() == 36

    def test_it_knows_haguenau_its_postcode_and_its_epci(self):
        haguenau = Commune.objects.select_related("epci", "departement", "region").get(code="67180")

        assert haguenau.name == "Haguenau"
        assert haguenau.postcodes == ["67500"]
        assert haguenau.epci.name == "CA de Haguenau"
        assert haguenau.epci.kind == "CA"
        assert haguenau.departement.code == "67"
        assert haguenau.region.name == "Grand Est"
        assert haguenau.population and haguenau.population > 30000
        assert haguenau.latitude == pytest.approx(48.8, abs=0.1)
        assert haguenau.cog_version == "decoupage-administratif 6.0.0"
        assert CommunePostcode.objects.filter(postcode="67500", commune=haguenau).exists()

    def test_it_indexes_one_postcode_row_per_postcode_and_commune(self):
        expected = sum(len(postcodes) for postcodes in Commune.objects.values_list("postcodes", flat=True))
        assert CommunePostcode.objects.count() == expected

    def test_a_second_import_changes_no_count(self):
        before = referential_counts()

        _run(package_dir=settings.TANDEM_NODE_MODULES / "@etalab/decoupage-administratif", source_dir=REAL_DATA_DIR)

        assert referential_counts() == before


class TestTinyPackage:
    def test_it_keeps_overseas_communes_outside_departements_and_skips_former_communes(self, tiny_package):
        _run(package_dir=tiny_package, source_dir=None)

        assert not Region.objects.filter(code="975").exists()
        saint_pierre = Commune.objects.get(code="97502")
        assert (saint_pierre.departement, saint_pierre.overseas_collectivity) == (None, "975")
        assert not Commune.objects.filter(code="67998").exists()
        assert Commune.objects.get(code="67482").epci is None
        assert Commune.objects.get(code="67023").epci_id == "200067874"
        assert Commune.objects.get(code="67180").cog_version == "decoupage-administratif 9.9.9"

    def test_it_mirrors_the_postcodes_of_the_source(self, tiny_package, tmp_path):
        _run(package_dir=tiny_package, source_dir=None)
        communes = copy.deepcopy(COMMUNES)
        communes[2]["codesPostaux"] = ["67000"]  # Strasbourg loses 67100 and 67200
        package = write_decoupage_package(tmp_path / "v2", communes=communes)

        _run(package_dir=package, source_dir=None)

        assert sorted(CommunePostcode.objects.filter(commune_id="67482").values_list("postcode", flat=True)) == [
            "67000"
        ]

    def test_it_keeps_coordinates_zrr_and_qpv_when_their_files_are_missing(self, tiny_package, tmp_path):
        Commune.objects.filter(code="67180").update(latitude=1.5, longitude=2.5, zrr="C", has_qpv=True)

        report = _run(package_dir=tiny_package, source_dir=tmp_path)

        haguenau = Commune.objects.get(code="67180")
        assert (haguenau.latitude, haguenau.longitude, haguenau.zrr, haguenau.has_qpv) == (1.5, 2.5, "C", True)
        assert any(str(tmp_path / COORDINATES_FILE) in warning for warning in report.warnings)
        assert any(str(tmp_path / ZRR_FILE) in warning for warning in report.warnings)

    def test_it_joins_coordinates_and_zrr_by_insee_code(self, tiny_package, tmp_path):
        write_text(
            tmp_path / COORDINATES_FILE,
            "code_insee,name,slug,department,post_codes,latitude,longitude\n"
            "67180,Haguenau,haguenau-67,67,67500,48.8,7.8\n"
            "99999,Ailleurs,ailleurs-99,99,99999,1.0,1.0\n",
        )
        write_text(tmp_path / ZRR_FILE, "code_insee,statut_zrr\n67180,PC\n67023,C\n")

        _run(package_dir=tiny_package, source_dir=tmp_path)

        haguenau, batzendorf, strasbourg = (Commune.objects.get(code=code) for code in ("67180", "67023", "67482"))
        assert (haguenau.latitude, haguenau.longitude, haguenau.zrr) == (48.8, 7.8, ZrrStatus.PARTIELLEMENT)
        assert (batzendorf.latitude, batzendorf.zrr) == (None, ZrrStatus.CLASSEE)
        assert strasbourg.zrr == ""

    def test_it_warns_about_communes_absent_from_the_source(self, tiny_package, real_referentials):
        report = _run(package_dir=tiny_package, source_dir=None)

        assert any("communes en base sont absentes" in warning for warning in report.warnings)
        assert Commune.objects.filter(code="01001").exists()

    def test_it_asks_for_npm_ci_when_the_package_is_missing(self, tmp_path):
        with pytest.raises(ReferentialSourceMissing, match="npm ci"):
            _run(package_dir=tmp_path / "absent", source_dir=None)


class TestMalformedSources:
    """Every error names the file and the line, and nothing is written."""

    @pytest.fixture(autouse=True)
    def _loaded(self, real_referentials: None) -> None:
        pass

    def _assert_fails(self, package_dir: Path, source_dir: Path | None, path: Path, line: int, message: str) -> None:
        before = referential_counts()
        haguenau = Commune.objects.values().get(code="67180")

        with pytest.raises(ReferentialFileError, match=message) as raised:
            _run(package_dir=package_dir, source_dir=source_dir)

        assert (raised.value.path, raised.value.line) == (path, line)
        assert str(raised.value).startswith(f"{path}:{line}: ")
        assert referential_counts() == before
        assert Commune.objects.values().get(code="67180") == haguenau

    def test_it_reports_a_commune_of_an_unknown_departement(self, tmp_path):
        communes = copy.deepcopy(COMMUNES)
        communes[1]["departement"] = "99"
        package = write_decoupage_package(tmp_path, communes=communes)

        self._assert_fails(package, None, package / "data/communes.json", 3, "département inconnu 99")

    def test_it_reports_a_malformed_insee_code(self, tmp_path):
        communes = copy.deepcopy(COMMUNES)
        communes[2]["code"] = "6748"
        package = write_decoupage_package(tmp_path, communes=communes)

        self._assert_fails(package, None, package / "data/communes.json", 4, "code")

    def test_it_reports_broken_json_with_its_line(self, tmp_path):
        package = write_decoupage_package(tmp_path)
        path = package / "data/communes.json"
        lines = path.read_text().splitlines()
        lines[3] = lines[3].replace('"nom":', '"nom"')
        path.write_text("\n".join(lines))

        self._assert_fails(package, None, path, 4, "JSON invalide")

    def test_it_reports_a_commune_in_two_epci(self, tmp_path):
        epcis = [
            {"code": "200067874", "nom": "CA de Haguenau", "type": "CA", "membres": [{"code": "67180"}]},
            {"code": "246700488", "nom": "Eurométropole", "type": "METRO", "membres": [{"code": "67180"}]},
        ]
        package = write_decoupage_package(tmp_path, epcis=epcis)

        self._assert_fails(package, None, package / "data/epci.json", 3, "déjà membre")

    def test_it_reports_non_numeric_coordinates(self, tmp_path):
        package = write_decoupage_package(tmp_path / "node_modules")
        path = write_text(
            tmp_path / COORDINATES_FILE,
            "code_insee,name,slug,department,post_codes,latitude,longitude\n"
            "67180,Haguenau,haguenau-67,67,67500,48.8,7.8\n"
            "67023,Batzendorf,batzendorf-67,67,67500,quarante-huit,7.7\n",
        )

        self._assert_fails(package, tmp_path, path, 3, "latitude")

    def test_it_reports_a_row_with_a_wrong_column_count(self, tmp_path):
        package = write_decoupage_package(tmp_path / "node_modules")
        path = write_text(tmp_path / ZRR_FILE, "code_insee,statut_zrr\n67180,C\n\n67023,C,extra\n")

        self._assert_fails(package, tmp_path, path, 4, "2 colonnes attendues, 3 trouvées")

    def test_it_reports_an_unknown_zrr_status(self, tmp_path):
        package = write_decoupage_package(tmp_path / "node_modules")
        path = write_text(tmp_path / ZRR_FILE, "code_insee,statut_zrr\n67180,X\n")

        self._assert_fails(package, tmp_path, path, 2, "statut ZRR inconnu")
