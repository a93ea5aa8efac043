"""The commune field: a text box with suggestions, read by commune_resolve."""

from __future__ import annotations

import pytest
from django import forms
from dsfr.forms import DsfrBaseForm

from tandem.territories.forms import CommuneField
from tandem.territories.models import Commune

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_referentials")]


class AddressForm(DsfrBaseForm):
    commune = CommuneField(label="Commune", help_text="Nom ou code postal")


def test_it_gives_the_one_commune_typed_and_nothing_for_a_blank_optional_value():
    form = AddressForm(data={"commune": "  67500   Haguenau "})
    assert form.is_valid() and form.cleaned_data["commune"].code == "67180"

    class Optional(forms.Form):
        commune = CommuneField(required=False)

    optional = Optional(data={"commune": ""})
    assert optional.is_valid() and optional.cleaned_data["commune"] is None
    assert not AddressForm(data={"commune": ""}).is_valid()


def test_an_ambiguous_value_is_asked_on_the_field_and_its_communes_offered_in_the_list():
    form = AddressForm(data={"commune": "67160"})

    assert not form.is_valid()
    assert form.errors["commune"][0].startswith("« 67160 » est le code postal de Wissembourg")
    html = str(form["commune"])
    assert '<option value="Wissembourg (67160) – INSEE 67544"></option>' in html
    assert '<option value="Gœrsdorf (67360) – INSEE 67160"></option>' in html
    assert 'value="67160"' in html  # what was typed stays in the box


def test_the_box_is_labelled_described_and_tied_to_its_suggestion_list():
    html = AddressForm().as_div()

    assert '<label for="id_commune" class="fr-label">' in html
    assert 'class="fr-input"' in html and 'autocomplete="off"' in html
    assert 'list="id_commune-suggestions"' in html and '<datalist id="id_commune-suggestions">' in html
    assert 'hx-trigger="input changed delay:300ms"' in html and 'hx-target="#id_commune-suggestions"' in html
    assert '<p id="id_commune-status" class="fr-sr-only" role="status"></p>' in html


def test_a_commune_given_as_initial_value_shows_its_label():
    form = AddressForm(initial={"commune": Commune.objects.get(code="97502")})

    assert 'value="Saint-Pierre (97500) – INSEE 97502"' in str(form["commune"])
    assert not form["commune"].field.has_changed(form["commune"].initial, "Saint-Pierre (97500) – INSEE 97502")
