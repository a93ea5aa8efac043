"""commune_resolve: every value that names a commune has one meaning, or the resolver asks."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tandem.territories.models import Commune
from tandem.territories.selectors import (
    CommuneLookup,
    commune_label,
    commune_resolve,
    commune_suggestions,
    communes_by_code,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_referentials")]


def message_of(**given) -> str:
    with pytest.raises(ValidationError) as error:
        commune_resolve(**given)
    return " ".join(error.value.messages)


# A person typing in one box -----------------------------------------------------------------


def test_a_postcode_typed_in_the_commune_field_asks_instead_of_choosing_another_commune():
    message = message_of(text="67500")

    assert message == (
        "« 67500 » est le code postal de Haguenau, Weitbruch, Niederschaeffolsheim et Batzendorf, "
        "et le code INSEE d'Urmatt : précisez la commune."
    )


def test_wissembourg_s_postcode_is_also_goersdorf_s_insee_code_so_it_asks():
    message = message_of(text="67160")

    assert message.startswith("« 67160 » est le code postal de Wissembourg, ")
    assert message.endswith(" et 7 autres communes, et le code INSEE de Gœrsdorf : précisez la commune.")


def test_a_five_digit_value_with_one_meaning_gives_its_commune():
    assert commune_resolve(text="67180").name == "Haguenau"  # INSEE code, no such postcode
    assert commune_resolve(text="33000").name == "Bordeaux"  # postcode of one commune, no such INSEE code
    assert commune_resolve(text="75116").name == "Paris"  # arrondissement and postcode of the same commune
    assert commune_resolve(text="2a004").name == "Ajaccio"


@pytest.mark.parametrize("typed", ["Haguenau", "haguenau", "67500 Haguenau", "Haguenau (67500)", "Haguenau 67500"])
def test_a_name_alone_or_with_its_postcode_gives_the_commune(typed):
    assert commune_resolve(text=typed).code == "67180"


def test_names_compare_without_accents_hyphens_ligatures_or_saint_abbreviations():
    assert commune_resolve(text="goersdorf").code == "67160"
    assert commune_resolve(text="NOEUX LES MINES").name == "Nœux-les-Mines"
    assert commune_resolve(text="St Ouen sur Seine").name == "Saint-Ouen-sur-Seine"


def test_a_name_shared_by_several_communes_asks_for_the_postcode_or_the_departement():
    message = message_of(text="Saint-Denis")

    assert message.startswith("Plusieurs communes s'appellent « Saint-Denis » : ")
    assert "Saint-Denis (93200, Seine-Saint-Denis)" in message and "Saint-Denis (97400, La Réunion)" in message
    assert message.endswith("précisez le code postal ou le département.")


def test_a_postcode_or_a_departement_chooses_between_namesakes():
    assert commune_resolve(text="Saint-Denis 93200").code == "93066"
    assert commune_resolve(text="Saint-Denis (974)").code == "97411"
    assert commune_resolve(name="Saint-Denis", departement="93").code == "93066"


def test_a_suggestion_s_label_is_read_back_exactly():
    haguenau = Commune.objects.get(code="67180")
    urmatt = Commune.objects.get(code="67500")

    assert commune_label(haguenau) == "Haguenau (67500) – INSEE 67180"
    assert commune_resolve(text=commune_label(haguenau)) == haguenau
    assert commune_resolve(text=commune_label(urmatt)) == urmatt
    strasbourg = Commune.objects.get(code="67482")
    assert commune_resolve(text=commune_label(strasbourg, postcode="67200")) == strasbourg


def test_a_name_that_contradicts_the_number_typed_with_it_is_refused():
    message = message_of(text="Paris 67160")

    assert message.startswith("« Paris » ne correspond pas à « 67160 », qui est le code postal de Wissembourg")
    assert message.endswith(": vérifiez la commune.")


def test_an_unknown_value_is_said_unknown():
    assert message_of(text="Hagenow") == (
        "Aucune commune ne s'appelle « Hagenow » : vérifiez l'orthographe ou choisissez une commune proposée."
    )
    assert message_of(text="99999") == "Aucune commune n'a le code postal ou le code INSEE « 99999 »."


def test_nothing_given_is_no_commune():
    assert commune_resolve(text="  ") is None
    assert commune_resolve(code="", postcode="", name="") is None


# Separate fields, as files and the API give them ---------------------------------------------


def test_a_value_given_as_an_insee_code_stays_an_insee_code():
    assert commune_resolve(code="67500").name == "Urmatt"
    assert commune_resolve(code="75111").name == "Paris"


def test_an_insee_code_contradicted_by_the_postcode_or_the_name_is_refused():
    assert message_of(code="67500", postcode="67500") == (
        "Le code INSEE 67500 est celui d'Urmatt, que le code postal 67500 ne dessert pas : vérifiez la commune."
    )
    assert message_of(code="67500", name="Haguenau") == (
        "Le code INSEE 67500 est celui d'Urmatt, pas de « Haguenau » : vérifiez la commune."
    )
    assert commune_resolve(code="67180", postcode="67500", name="HAGUENAU").name == "Haguenau"


def test_communes_read_by_code_beforehand_spare_the_query_and_keep_the_rules(django_assert_num_queries):
    known = communes_by_code(["67500", "75111", "99999", " "])
    assert set(known) == {"67500", "75056"}  # an arrondissement gives its commune; unknown codes are left out
    with django_assert_num_queries(0):
        assert commune_resolve(code="75111", known=known).name == "Paris"
        assert message_of(code="67500", name="Haguenau", known=known) == (
            "Le code INSEE 67500 est celui d'Urmatt, pas de « Haguenau » : vérifiez la commune."
        )
    assert message_of(code="99999", known=known) == "Commune inconnue « 99999 »"


def test_an_unknown_insee_code_is_said_unknown_and_a_postcode_there_is_pointed_out():
    assert message_of(code="99999") == "Commune inconnue « 99999 »"
    assert (
        message_of(code="33000") == "Commune inconnue « 33000 » : c'est le code postal de Bordeaux, pas un code INSEE."
    )


def test_a_postcode_serving_several_communes_needs_the_name():
    message = message_of(postcode="67160")

    assert message.startswith("Le code postal 67160 dessert plusieurs communes (Wissembourg, ")
    assert message.endswith(") : précisez la commune.")
    assert commune_resolve(postcode="67160", name="WISSEMBOURG").code == "67544"
    assert commune_resolve(postcode="67 160", name="Wissembourg").code == "67544"
    assert "« Paris » n'est pas desservie par le code postal 67160" in message_of(postcode="67160", name="Paris")


def test_a_postal_name_that_begins_the_commune_s_official_name_is_that_commune():
    # Communes nouvelles keep their former name at the start: « Évry » is Évry-Courcouronnes.
    assert commune_resolve(postcode="91000", name="EVRY").name == "Évry-Courcouronnes"
    assert commune_resolve(postcode="44150", name="ANCENIS").name == "Ancenis-Saint-Géréon"


def test_a_cedex_postcode_still_tells_the_departement_of_a_name():
    assert commune_resolve(postcode="87067", name="LIMOGES").name == "Limoges"
    assert message_of(postcode="87067") == "Code postal inconnu « 87067 »"


def test_a_name_alone_given_as_a_field_resolves_like_a_typed_name():
    assert commune_resolve(name="Wissembourg").code == "67544"
    assert "Plusieurs communes s'appellent « Beaulieu »" in message_of(name="Beaulieu")


# Overseas collectivities: no département ------------------------------------------------------


def test_an_overseas_collectivity_commune_resolves_and_renders():
    saint_pierre = commune_resolve(text="Saint-Pierre (97500)")

    assert saint_pierre.code == "97502" and saint_pierre.departement is None
    assert commune_label(saint_pierre) == "Saint-Pierre (97500) – INSEE 97502"
    assert commune_resolve(text=commune_label(saint_pierre)) == saint_pierre
    message = message_of(text="Saint-Pierre")
    assert "Saint-Pierre (97500, Saint-Pierre-et-Miquelon)" in message
    assert "Saint-Pierre (97410, La Réunion)" in message


def test_a_commune_without_postcode_has_a_label_that_reads_back():
    crozet = Commune.objects.get(code="98413")

    assert commune_label(crozet) == "Archipel des Crozet – INSEE 98413"
    assert commune_resolve(text="Archipel des Crozet – INSEE 98413") == crozet


# Suggestions, as the person types -------------------------------------------------------------


def test_suggestions_offer_haguenau_for_the_beginning_of_its_name_and_for_its_postcode():
    assert commune_suggestions(query="hag")[0].label == "Haguenau (67500) – INSEE 67180"
    labels = [label for label, _ in commune_suggestions(query="67500")]
    assert labels[0] == "Haguenau (67500) – INSEE 67180"
    assert set(labels) == {
        "Haguenau (67500) – INSEE 67180",
        "Weitbruch (67500) – INSEE 67523",
        "Batzendorf (67500) – INSEE 67023",
        "Niederschaeffolsheim (67500) – INSEE 67331",
        "Urmatt (67280) – INSEE 67500",
    }


def test_suggestions_for_a_chosen_label_are_that_commune_only():
    suggestions = commune_suggestions(query="Haguenau (67500) – INSEE 67180")
    assert [(label, commune.code) for label, commune in suggestions] == [("Haguenau (67500) – INSEE 67180", "67180")]
    assert commune_suggestions(query="  ") == []


# Imports: one or two queries per distinct value ------------------------------------------------


def test_the_lookup_asks_the_database_once_per_distinct_value(django_assert_num_queries):
    lookup = CommuneLookup()
    # 1. the postcode's communes, 2. the INSEE code
    with django_assert_num_queries(2):
        for _ in range(50):
            assert lookup(postcode="67500", name="Haguenau").code == "67180"
            assert lookup(code="67544").code == "67544"
    with pytest.raises(ValidationError):
        lookup(postcode="67160")
    with django_assert_num_queries(0), pytest.raises(ValidationError, match="dessert plusieurs communes"):
        lookup(postcode="67160")
