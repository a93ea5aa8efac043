from __future__ import annotations

import re

import pytest

from tandem.core.sources import ReferentialFileError, read_csv, read_json_list
from tests.territories.decoupage import write_text


def test_csv_rows_carry_their_line_even_after_a_multiline_cell(tmp_path):
    path = write_text(tmp_path / "f.csv", 'code,name\nA1101,"two\nlines"\nA1201,one\n')

    rows = [(record.line, record.text("code")) for record in read_csv(path, columns=["code", "name"])]

    assert rows == [(2, "A1101"), (4, "A1201")]


def test_it_reports_a_missing_header_column_on_line_1(tmp_path):
    path = write_text(tmp_path / "f.csv", "code,label\nA1101,x\n")

    with pytest.raises(ReferentialFileError, match=re.escape(f"{path}:1: colonnes manquantes")):
        list(read_csv(path, columns=["code", "name"]))


def test_it_reports_an_empty_csv_file(tmp_path):
    path = write_text(tmp_path / "f.csv", "")

    with pytest.raises(ReferentialFileError, match=re.escape(f"{path}:1: fichier vide")):
        list(read_csv(path, columns=["code"]))


def test_it_reports_an_unclosed_quote(tmp_path):
    path = write_text(tmp_path / "f.csv", 'code,name\nA1101,"unclosed\n')

    with pytest.raises(ReferentialFileError, match=re.escape(f"{path}:2: ")):
        list(read_csv(path, columns=["code", "name"]))


def test_it_reports_a_file_that_is_not_utf8_with_its_line(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes("code,name\nA1101,Bûcheron\n".encode("latin-1"))

    with pytest.raises(ReferentialFileError, match=re.escape(f"{path}:2: encodage invalide")):
        list(read_csv(path, columns=["code", "name"]))


def test_pipe_separated_cells_may_contain_quotes_and_commas(tmp_path):
    path = write_text(tmp_path / "f.csv", 'naf_id|naf_label\n0111Z|Culture de "céréales", riz\n')

    [record] = read_csv(path, columns=["naf_id", "naf_label"], delimiter="|")

    assert record.text("naf_label") == 'Culture de "céréales", riz'


def test_json_entries_carry_the_line_where_they_start(tmp_path):
    path = write_text(tmp_path / "f.json", '[\n  {"code": "a"},\n\n  {\n    "code": "b"\n  }\n]\n')

    assert [(record.line, record.text("code")) for record in read_json_list(path)] == [(2, "a"), (4, "b")]


def test_an_empty_json_list_has_no_entries(tmp_path):
    assert list(read_json_list(write_text(tmp_path / "f.json", " [ ] "))) == []


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('{"code": "a"}', 1, "liste JSON attendue"),
        ('[\n{"code": "a"}\n{"code": "b"}\n]', 3, "« , » ou « ] » attendu"),
        ('[\n{"code": "a"},\n{"code": }\n]', 3, "JSON invalide"),
        ('[\n{"code": "a"},\n"b"\n]', 3, "objet JSON attendu"),
        ('[\n{"code": "a"}\n]\n]', 4, "après la fin"),
        ('[\n{"code": "a"},\n', 3, "JSON invalide"),
    ],
)
def test_it_reports_broken_json_with_its_line(tmp_path, text, line, message):
    path = write_text(tmp_path / "f.json", text)

    with pytest.raises(ReferentialFileError, match=re.escape(f"{path}:{line}: ")) as raised:
        list(read_json_list(path))

    assert message in raised.value.message


@pytest.mark.parametrize(
    ("value", "message"),
    [("", "manquant"), ("abc", "nombre entier attendu"), ("-3", "inférieur à 0"), ("1.5", "nombre entier attendu")],
)
def test_integer_fields_are_checked(tmp_path, value, message):
    path = write_text(tmp_path / "f.csv", f"hirings\n{value}\n" if value else "hirings,x\n,1\n")
    [record] = read_csv(path, columns=["hirings"])

    with pytest.raises(ReferentialFileError, match=message):
        record.integer("hirings")


@pytest.mark.parametrize("value", ["nan", "inf", "91", "48,8"])
def test_latitudes_out_of_range_or_not_numbers_are_refused(tmp_path, value):
    path = write_text(tmp_path / "f.csv", f'latitude\n"{value}"\n')
    [record] = read_csv(path, columns=["latitude"])

    with pytest.raises(ReferentialFileError, match=re.escape(f"{path}:2: champ « latitude »")):
        record.decimal("latitude", minimum=-90, maximum=90)
