"""The person form: a commune typed as a person types it, and a birth date that can be true."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.people.forms import PersonForm
from tandem.people.models import Person
from tandem.www.people.forms import CaseloadFilterForm
from tests.people.test_views import make_person


def create(client, cast, **fields):
    client.force_login(cast.adviser_a)
    data = {"first_name": "Inès", "last_name": "Exemple", "birth_date": "2005-03-02", "legal_basis": "consent"} | fields
    return client.post(reverse("people:create"), data)


def test_a_postcode_typed_in_the_commune_field_asks_instead_of_choosing_another_commune(client, cast):
    response = create(client, cast, commune="67500")

    assert response.status_code == 200
    body = response.content.decode()
    assert "« 67500 » est le code postal de Haguenau" in body and "et le code INSEE d&#x27;Urmatt" in body
    assert "précisez la commune" in body
    assert not Person.objects.filter(last_name="Exemple").exists()
    # Without JavaScript, the communes it could mean are offered in the field's list.
    assert '<option value="Haguenau (67500) – INSEE 67180">' in body
    assert '<option value="Urmatt (67280) – INSEE 67500">' in body


def test_wissembourg_s_postcode_is_not_saved_as_goersdorf(client, cast):
    response = create(client, cast, commune="67160")

    assert "« 67160 » est le code postal de Wissembourg" in response.content.decode()
    assert not Person.objects.filter(last_name="Exemple").exists()


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Haguenau (67500) – INSEE 67180", "67180"),
        ("67500 Haguenau", "67180"),
        ("Wissembourg", "67544"),
        ("67544", "67544"),
        ("Saint-Pierre (97500)", "97502"),
    ],
)
def test_a_commune_typed_with_one_meaning_is_saved(client, cast, typed, code):
    response = create(client, cast, commune=typed)

    assert response.status_code == 302
    assert Person.objects.get(last_name="Exemple").commune_id == code


def test_an_unknown_commune_is_said_on_the_field(client, cast):
    body = create(client, cast, commune="Hagenow").content.decode()

    assert "Aucune commune ne s&#x27;appelle « Hagenow »" in body
    assert 'aria-invalid="true"' in body


def test_the_commune_field_suggests_as_the_adviser_types_and_is_labelled(client, cast):
    client.force_login(cast.adviser_a)
    body = client.get(reverse("people:create")).content.decode()

    assert '<label for="id_commune" class="fr-label">' in body and "Commune de résidence" in body
    assert 'list="id_commune-suggestions"' in body and '<datalist id="id_commune-suggestions">' in body
    assert f'hx-get="{reverse("territories:commune_suggestions")}?field=commune' in body
    assert 'autocomplete="off"' in body


def test_the_edit_form_shows_the_current_commune_as_it_reads_back(client, cast):
    person = make_person(cast, commune_id="67180")
    client.force_login(cast.adviser_a)

    body = client.get(reverse("people:edit", args=[person.pk])).content.decode()

    assert 'value="Haguenau (67500) – INSEE 67180"' in body


def test_saving_the_edit_form_unchanged_keeps_the_commune(client, cast):
    person = make_person(
        cast, commune_id="67500", first_name="Léa", last_name="Urmatt", birth_date=datetime.date(2004, 5, 6)
    )
    client.force_login(cast.adviser_a)
    form = client.get(reverse("people:edit", args=[person.pk])).context["form"]
    data = {
        name: form[name].value() or "" for name in ("first_name", "last_name", "birth_date", "commune", "legal_basis")
    }

    response = client.post(reverse("people:edit", args=[person.pk]), data)

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.commune_id == "67500"


# Birth dates ------------------------------------------------------------------------------------


def test_a_birth_date_in_the_future_is_refused_on_the_field(db):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    form = PersonForm(data={"first_name": "Inès", "last_name": "Exemple", "birth_date": tomorrow.isoformat()})

    assert not form.is_valid()
    assert form.errors["birth_date"] == ["La date de naissance ne peut pas être dans le futur."]


def test_a_birth_date_before_1900_is_refused_on_the_field(db):
    form = PersonForm(data={"first_name": "Inès", "last_name": "Exemple", "birth_date": "1899-12-31"})

    assert not form.is_valid()
    assert form.errors["birth_date"] == ["La date de naissance ne peut pas être antérieure à 1900."]


def test_the_person_form_shows_the_birth_date_error_to_the_adviser(client, cast):
    body = create(client, cast, birth_date="2999-01-01").content.decode()

    assert "La date de naissance ne peut pas être dans le futur." in body
    assert not Person.objects.filter(last_name="Exemple").exists()


# Caseload filter ---------------------------------------------------------------------------------


def test_the_caseload_filter_reads_a_commune_name_and_asks_for_an_ambiguous_postcode(db):
    form = CaseloadFilterForm(data={"commune": "Haguenau"})
    assert form.is_valid() and form.cleaned_data["commune"] == "67180"

    form = CaseloadFilterForm(data={"commune": "67500"})
    assert not form.is_valid() and "précisez la commune" in form.errors["commune"][0]


def test_the_caseload_filters_by_the_commune_typed(client, cast):
    make_person(cast, last_name="Dehaguenau", commune_id="67180")
    make_person(cast, last_name="Deurmatt", commune_id="67500")
    client.force_login(cast.adviser_a)

    body = client.get(reverse("people:caseload"), {"commune": "Haguenau (67500) – INSEE 67180"}).content.decode()

    assert "Dehaguenau" in body and "Deurmatt" not in body
