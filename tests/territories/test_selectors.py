from __future__ import annotations

import pytest

from tandem.territories.models import Commune
from tandem.territories.selectors import (
    commune_code_normalize,
    commune_codes_of_epci,
    commune_get,
    commune_search,
    communes_for_postcode,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_referentials")]


def test_commune_get_finds_a_commune_by_insee_code():
    assert commune_get(code="67180").name == "Haguenau"
    assert commune_get(code="2a004").name == "Ajaccio"


@pytest.mark.parametrize(("arrondissement", "commune"), [("69383", "Lyon"), ("75115", "Paris"), ("13201", "Marseille")])
def test_commune_get_gives_the_commune_of_a_municipal_arrondissement(arrondissement, commune):
    assert commune_get(code=arrondissement).name == commune


def test_commune_get_raises_for_an_unknown_code():
    with pytest.raises(Commune.DoesNotExist):
        commune_get(code="99999")


def test_commune_code_normalize_leaves_other_codes_alone():
    assert commune_code_normalize(" 67180 ") == "67180"
    assert commune_code_normalize("75121") == "75121"


def test_commune_search_finds_by_name_prefix_most_populated_first():
    names = [commune.name for commune in commune_search(query="saint-den", limit=3)]

    assert names[:2] == ["Saint-Denis", "Saint-Denis"]  # La Réunion then Seine-Saint-Denis, by population


def test_commune_search_finds_by_postcode():
    codes = {commune.code for commune in commune_search(query="67500")}

    assert {"67180", "67023", "67331", "67523"} <= codes


def test_commune_search_finds_by_insee_code():
    assert [commune.name for commune in commune_search(query="67180")] == ["Haguenau"]


def test_commune_search_respects_the_limit_and_ignores_blank_queries():
    assert len(commune_search(query="Saint", limit=7)) == 7
    assert list(commune_search(query="   ")) == []


def test_commune_search_reads_departement_region_and_epci_in_one_query(django_assert_num_queries):
    # 1. communes matching the INSEE code or the postcode, joined to département, région and EPCI
    with django_assert_num_queries(1):
        communes = list(commune_search(query="67500"))
        labels = [(c.departement.name, c.region.name, c.epci.name if c.epci else None) for c in communes]

    assert ("Bas-Rhin", "Grand Est", "CA de Haguenau") in labels


def test_communes_for_postcode_lists_the_communes_sharing_it():
    names = [commune.name for commune in communes_for_postcode(postcode="67500")]

    assert names == ["Batzendorf", "Haguenau", "Niederschaeffolsheim", "Weitbruch"]
    assert list(communes_for_postcode(postcode="675")) == []


def test_commune_codes_of_epci_lists_its_members():
    haguenau = commune_get(code="67180")

    codes = commune_codes_of_epci(epci_code=haguenau.epci_id)

    assert "67180" in codes
    assert codes == sorted(codes)
    assert len(codes) == Commune.objects.filter(epci_id=haguenau.epci_id).count()
    assert commune_codes_of_epci(epci_code="000000000") == []
