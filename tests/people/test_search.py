"""Finding a young person in the caseload by typing: names without accents or case, an identifier, a birth date."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tandem.access.selectors import caseload_for
from tandem.people.models import Person
from tandem.people.search import person_search_q
from tandem.people.services import follow_set_lead, person_create
from tandem.privacy.services import person_anonymise
from tests.people.factories import PersonFactory


@pytest.fixture
def eloise(cast):
    person = person_create(
        by=cast.adviser_a,
        organisation=cast.ml_a,
        first_name="Éloïse",
        last_name="Le Gall-Dupré",
        birth_date=datetime.date(2005, 3, 9),
        ft_identifier="1234567A",
    )
    follow_set_lead(person=person, organisation=cast.ml_a, adviser=cast.adviser_a, by=cast.adviser_a)
    return person


def _found(query: str) -> list[Person]:
    return list(Person.objects.filter(person_search_q(query)))


@pytest.mark.parametrize(
    "query", ["eloise", "ELOISE", "Éloïse", "gall", "le gall eloise", "dupre eloise", "  Gall-Dupré  ", "loïs"]
)
def test_a_name_is_found_whatever_the_accents_case_order_and_hyphens(eloise, query):
    assert _found(query) == [eloise]


@pytest.mark.parametrize("query", ["1234567A", "1234567a", "1234 567A", "09/03/2005", "2005-03-09"])
def test_an_identifier_or_a_birth_date_is_found(eloise, query):
    assert _found(query) == [eloise]


@pytest.mark.parametrize("query", ["elise", "gall martin", "1234567B", "10/03/2005", "31/02/2005"])
def test_what_does_not_name_her_does_not_find_her(eloise, query):
    assert _found(query) == []


def test_a_changed_name_is_found_under_the_new_one(eloise):
    eloise.last_name = "Kerbrat"
    eloise.save(update_fields=["last_name"])

    assert _found("kerbrat") == [eloise] and _found("gall") == []


def test_an_anonymised_record_is_no_longer_found_by_its_former_name(eloise):
    person_anonymise(person=eloise)

    assert _found("eloise") == [] and _found("gall") == [] and _found("1234567A") == []


def test_the_search_never_reaches_beyond_the_caseload(cast, eloise):
    namesake = PersonFactory(first_name="Éloïse", last_name="Le Gall", followed_by=cast.ml_c)

    mine = caseload_for(membership=cast.adviser_a.memberships.get(), query="eloise")
    theirs = caseload_for(membership=cast.adviser_c.memberships.get(), query="eloise")

    assert list(mine) == [eloise]
    assert list(theirs) == [namesake]


def test_the_caseload_page_finds_as_you_type_with_a_fixed_number_of_queries(
    client, cast, eloise, django_assert_num_queries
):
    PersonFactory(last_name="Autre", followed_by=cast.ml_a)
    client.force_login(cast.adviser_a)
    url = reverse("people:caseload")

    # session, user, memberships, audit entry, count, page of people, leads, open referrals, open barriers,
    # is_administrator (menu), unread notifications (header), the Mission Locale's sites (family_ids), whether the
    # adviser follows anyone (the page then opens on their own follows); the search adds one query a word typed,
    # the communes it names (search.py: listed, so that PostgreSQL reads the persons through its indexes).
    with django_assert_num_queries(15):
        response = client.get(url, {"query": "gall eloi"}, headers={"HX-Request": "true"})

    assert list(response.context["page"].object_list) == [eloise]
    body = response.content.decode()
    assert 'id="caseload-results"' in body and "Le Gall-Dupré" in body and "Autre" not in body
    assert 'hx-trigger="input changed delay:300ms from:#id_query' in client.get(url).content.decode()


@pytest.mark.parametrize("listed", [True, False])
def test_a_commune_s_name_narrows_the_names_found(cast, eloise, monkeypatch, listed):
    """Whether the communes a word names are listed, or matched in the query (a word naming more than
    MAX_COMMUNES_LISTED communes), the same people are found."""
    from tandem.people import search
    from tandem.territories.models import Commune

    if not listed:
        monkeypatch.setattr(search, "MAX_COMMUNES_LISTED", 0)

    haguenau, elsewhere = Commune.objects.get(pk="67180"), Commune.objects.get(pk="67544")
    eloise.commune = haguenau
    eloise.save(update_fields=["commune"])
    PersonFactory(first_name="Éloïse", last_name="Martin", commune=elsewhere)

    assert _found(f"eloise {haguenau.name.upper()}") == [eloise]
    assert _found(f"{haguenau.name} gall") == [eloise]
    assert len(_found(f"eloise {elsewhere.name}")) == 1 and eloise not in _found(f"eloise {elsewhere.name}")
