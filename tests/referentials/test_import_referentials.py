from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command

from tandem.referentials.fallback_rome import FALLBACK_ROME_CODES
from tandem.referentials.models import ReferentialImport, RomeCode
from tandem.referentials.services import NAF_LABELS_FILE, ROME_LABELS_FILE
from tests.territories.decoupage import write_decoupage_package, write_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_referentials")]


@pytest.fixture
def tiny_node_modules(settings, tmp_path):
    """A three-commune npm package instead of the real one, so each run takes a fraction of a second."""
    settings.TANDEM_NODE_MODULES = tmp_path / "node_modules"
    write_decoupage_package(settings.TANDEM_NODE_MODULES)


def _call(*args: str) -> tuple[str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("import_referentials", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def test_it_prints_a_table_of_counts_and_the_warnings(tiny_node_modules, tmp_path):
    write_text(tmp_path / "data" / ROME_LABELS_FILE, "code,name\nJ1501,Aide-soignant\n")

    stdout, stderr = _call("--source", str(tmp_path / "data"))

    assert re.search(r"territories\.Region +\d+", stdout)
    assert re.search(r"referentials\.RomeCode +532\n", stdout)
    assert "Version territories : decoupage-administratif 9.9.9" in stdout
    assert f"Attention : fichier absent, ignoré : {tmp_path / 'data' / NAF_LABELS_FILE}" in stderr
    assert "étape" not in stderr  # no progress bar outside a terminal
    run = ReferentialImport.objects.first()
    assert run.counts["referentials.RomeCode"] == 532
    assert run.source == str(tmp_path / "data")


def test_it_is_silent_at_verbosity_0(tiny_node_modules, tmp_path):
    stdout, stderr = _call("--source", str(tmp_path), "--no-progress", "--verbosity", "0")

    assert (stdout, stderr) == ("", "")


def test_it_turns_a_bad_row_into_an_error_naming_the_file_and_line(tiny_node_modules, tmp_path):
    path = write_text(tmp_path / NAF_LABELS_FILE, "naf_id|naf_label\n7820Z|Intérim\nhello|Bonjour\n")
    runs = ReferentialImport.objects.count()

    with pytest.raises(CommandError, match=re.escape(f"{path}:3: champ « naf_id » : valeur invalide 'hello'")):
        _call("--source", str(tmp_path), "--no-progress")

    assert ReferentialImport.objects.count() == runs


def test_it_asks_to_run_npm_ci_when_the_package_is_missing(settings, tmp_path):
    settings.TANDEM_NODE_MODULES = tmp_path / "node_modules"

    with pytest.raises(CommandError, match="npm ci"):
        _call("--no-progress")


def test_without_a_source_dir_it_warns_and_loads_the_builtin_rome_subset(tiny_node_modules):
    RomeCode.objects.all().delete()

    stdout, stderr = _call("--source", "", "--no-progress")

    assert "aucun dossier de référentiels" in stderr
    assert "sous-ensemble intégré" in stderr
    assert RomeCode.objects.count() == len(FALLBACK_ROME_CODES)
    assert re.search(rf"referentials\.RomeCode +{len(FALLBACK_ROME_CODES)}\n", stdout)


def test_a_second_run_on_the_same_files_loads_nothing_and_says_so(tiny_node_modules, tmp_path):
    data = tmp_path / "data"
    rome = write_text(data / ROME_LABELS_FILE, "code,name\nJ1501,Aide-soignant\n")
    _call("--source", str(data), "--no-progress")
    runs = ReferentialImport.objects.count()

    stdout, _stderr = _call("--source", str(data), "--no-progress")

    assert "Référentiels à jour : mêmes fichiers qu'à l'import du" in stdout
    assert ReferentialImport.objects.count() == runs
    write_text(rome, "code,name\nJ1501,Aide-soignant\nJ1502,Infirmier\n")  # another size: a new file
    stdout, _stderr = _call("--source", str(data), "--no-progress")
    assert "Référentiels à jour" not in stdout and ReferentialImport.objects.count() == runs + 1
    stdout, _stderr = _call("--source", str(data), "--no-progress", "--force")
    assert ReferentialImport.objects.count() == runs + 2


def test_a_second_run_loads_again_when_the_tables_lost_rows(tiny_node_modules, tmp_path):
    _call("--source", str(tmp_path), "--no-progress")
    runs = ReferentialImport.objects.count()
    RomeCode.objects.filter(code="J1501").delete()  # someone emptied part of a table

    stdout, _stderr = _call("--source", str(tmp_path), "--no-progress")

    assert "Référentiels à jour" not in stdout and ReferentialImport.objects.count() == runs + 1


def test_make_run_s_check_stops_with_one_french_sentence_when_the_data_folder_is_missing(tiny_node_modules, tmp_path):
    missing = tmp_path / "absent"

    with pytest.raises(CommandError, match=r"^Dossier des référentiels introuvable \(.*absent\) : placez"):
        _call("--source", str(missing), "--require-source", "--no-progress")
    with pytest.raises(CommandError, match="TANDEM_REFERENTIAL_DIR"):
        _call("--source", "", "--require-source", "--no-progress")
