"""A row of a France Travail list: its commune goes through the territories' resolver."""

import pytest
from django.core.exceptions import ValidationError

from tandem.designations.parsing import CommuneLookup, row_parse

pytestmark = pytest.mark.django_db


def values(**cells) -> dict[str, str]:
    row = {"identifiant_ft": "1234567A", "nom": "Martin", "prenom": "Léa", "date_naissance": "2005-03-02"}
    return row | {"date_inscription": "", "code_commune": "", "code_postal": "", "commune": ""} | cells


def row_errors(**cells) -> list[str]:
    with pytest.raises(ValidationError) as error:
        row_parse(values(**cells))
    return error.value.messages


def test_a_postcode_serving_several_communes_asks_which_one():
    assert row_errors(code_postal="67160") == [
        "le code postal 67160 dessert plusieurs communes (Wissembourg, Seebach, Schleithal, Riedseltz, Cleebourg "
        "et 7 autres communes) : précisez la commune"
    ]


def test_the_postcode_and_the_commune_name_give_the_commune():
    assert row_parse(values(code_postal="67500", commune="HAGUENAU")).commune.code == "67180"
    assert row_parse(values(code_postal="97500", commune="ST PIERRE")).commune.code == "97502"


def test_a_code_commune_stays_an_insee_code_but_may_not_contradict_the_other_columns():
    assert row_parse(values(code_commune="67500")).commune.name == "Urmatt"

    assert row_errors(code_commune="67500", code_postal="67500", commune="Haguenau") == [
        "le code INSEE 67500 est celui d'Urmatt, que le code postal 67500 ne dessert pas : vérifiez la commune"
    ]
    assert row_errors(code_commune="67500", commune="Haguenau") == [
        "le code INSEE 67500 est celui d'Urmatt, pas de « Haguenau » : vérifiez la commune"
    ]


def test_a_commune_name_alone_gives_its_commune_or_asks_between_namesakes():
    assert row_parse(values(commune="Wissembourg")).commune.code == "67544"
    assert row_errors(commune="Saint-Denis")[0].startswith("plusieurs communes s'appellent « Saint-Denis » : ")


def test_no_commune_given_is_no_commune():
    assert row_parse(values()).commune is None


def test_a_list_resolves_each_distinct_commune_once(django_assert_num_queries):
    communes = CommuneLookup()
    # 1. the communes of 67500, 2. the INSEE code 67544
    with django_assert_num_queries(2):
        for _ in range(20):
            row_parse(values(code_postal="67500", commune="Haguenau"), communes=communes)
            row_parse(values(code_commune="67544"), communes=communes)
