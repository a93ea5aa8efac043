"""Queries compiled once, bound at each call (tandem.core.compiled): the answer of a fresh ORM query, every time."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Q

from tandem.core import compiled
from tandem.offers.models import Offer
from tandem.organisations.models import PartnershipLink
from tandem.territories.models import Commune
from tests.organisations.factories import OrganisationFactory, PartnershipLinkFactory

HAGUENAU, WISSEMBOURG, BORDEAUX = "67180", "67544", "33063"


@pytest.fixture(autouse=True)
def _fresh_cache(monkeypatch):
    monkeypatch.setattr(compiled, "_COMPILED", {})


def _communes(code: str, departement: str):
    return Commune.objects.filter(code=code, departement_id=departement).values_list("name", flat=True)


def _active_links(organisation_id: int, day: datetime.date):
    return PartnershipLink.objects.filter(organisation_a_id=organisation_id, starts_on__lte=day).values_list(
        "organisation_b_id", flat=True
    )


@pytest.mark.django_db
def test_each_call_reads_its_own_values_from_one_compiling(monkeypatch):
    monkeypatch.setattr(compiled, "VERIFY", False)  # (the test suite compiles again at every call)
    built = []

    def communes(code, departement):
        built.append((code, departement))
        return _communes(code, departement)

    for code, departement in ((HAGUENAU, "67"), (BORDEAUX, "33"), (BORDEAUX, "67")):
        sql = compiled.compiled_once("test.communes", communes, code=code, departement=departement)
        assert [name for (name,) in compiled.fetch_all(sql)] == list(_communes(code, departement))
    assert len(built) == 2  # compiled once, with two sets of stand-ins (never the values)
    assert (HAGUENAU, "67") not in built


@pytest.mark.django_db
def test_days_and_ids_are_bound_as_the_orm_binds_them():
    a, b, c = OrganisationFactory.create_batch(3)
    PartnershipLinkFactory(organisation_a=a, organisation_b=b, starts_on=datetime.date(2020, 1, 1))
    PartnershipLinkFactory(organisation_a=a, organisation_b=c, starts_on=datetime.date(2024, 1, 1))
    for organisation, day in (
        (a, datetime.date(2022, 1, 1)),
        (a, datetime.date(2025, 1, 1)),
        (b, datetime.date(2025, 1, 1)),
    ):
        sql = compiled.compiled_once("test.links", _active_links, organisation_id=organisation.pk, day=day)
        assert {partner for (partner,) in compiled.fetch_all(sql)} == set(_active_links(organisation.pk, day))
    assert {
        row
        for (row,) in compiled.fetch_all(
            compiled.compiled_once("test.links", _active_links, organisation_id=a.pk, day=datetime.date(2025, 1, 1))
        )
    } == {b.pk, c.pk}


@pytest.mark.django_db
def test_a_parameter_that_is_not_a_value_is_refused():
    with pytest.raises(ValueError, match="not the values"):
        compiled.compiled_once("test.constant", lambda code: _communes(code, "67"), code=HAGUENAU)


@pytest.mark.django_db
def test_a_value_the_query_does_not_read_is_refused():
    with pytest.raises(ValueError, match="does not read"):
        compiled.compiled_once(
            "test.unread", lambda code, departement: Commune.objects.filter(code=code), code=HAGUENAU, departement="67"
        )


def test_values_without_a_stand_in_are_refused():
    with pytest.raises(TypeError):
        compiled.compiled_once("test.none", lambda code: Commune.objects.filter(code=code), code=None)


@pytest.mark.django_db
def test_a_query_whose_text_depends_on_its_values_is_refused():
    """At least four months: a negative stand-in makes the condition always true (the ORM drops it), a positive one
    keeps it. Compiled with one, the query would return every offer whatever the months asked."""

    def lasting(months):
        return Offer.objects.filter(contract_duration_months__gte=months).values_list("pk")

    with pytest.raises(ValueError, match="depends on its values|does not read"):
        compiled.compiled_once("test.lasting", lasting, months=4)


@pytest.mark.django_db
def test_a_value_read_several_times_is_bound_at_each_place():
    def either(code):
        return Commune.objects.filter(Q(code=code) | Q(name=code))

    sql = compiled.compiled_once("test.twice", either, code=WISSEMBOURG)
    assert [code for (code, *_rest) in compiled.fetch_all(sql)] == [WISSEMBOURG]
    sql = compiled.compiled_once("test.twice", either, code=BORDEAUX)
    assert [code for (code, *_rest) in compiled.fetch_all(sql)] == [BORDEAUX]


@pytest.mark.django_db
def test_values_of_another_type_than_when_compiled_are_refused():
    compiled.compiled_once("test.typed", _active_links, organisation_id=1, day=datetime.date(2025, 1, 1))
    with pytest.raises(TypeError, match="other types"):
        compiled.compiled_once("test.typed", _active_links, organisation_id="1", day=datetime.date(2025, 1, 1))


# ---------------------------------------------------------------------------------------------- under a key


def _links_from(organisation_a_id: int):
    """A query reading what a key names (the organisation the links start from) beside its value (the day)."""

    def build(day):
        return PartnershipLink.objects.filter(organisation_a_id=organisation_a_id, starts_on__lte=day).values_list(
            "organisation_b_id", flat=True
        )

    return build


@pytest.mark.django_db
def test_under_a_key_the_other_parameters_are_kept_as_compiled_for_that_key():
    a, b, c = OrganisationFactory.create_batch(3)
    PartnershipLinkFactory(organisation_a=a, organisation_b=b, starts_on=datetime.date(2020, 1, 1))
    PartnershipLinkFactory(organisation_a=c, organisation_b=b, starts_on=datetime.date(2024, 1, 1))
    for organisation in (a, c, a, c):
        for day in (datetime.date(2022, 1, 1), datetime.date(2025, 1, 1)):
            sql = compiled.compiled_once("test.keyed", _links_from(organisation.pk), key=organisation.pk, day=day)
            assert {row for (row,) in compiled.fetch_all(sql)} == set(_links_from(organisation.pk)(day))
    assert len(compiled._COMPILED) == 2  # one per key, whatever the day


@pytest.mark.django_db
def test_under_a_key_a_kept_parameter_equal_to_a_stand_in_is_still_kept():
    """The second set of stand-ins starts at 32,000: an organisation of that id, kept as compiled, is not taken for
    the stand-in of an id given as a value (the two compilings would differ, and the query be refused)."""
    organisation = OrganisationFactory(pk=compiled._STAND_INS[1])
    partner = OrganisationFactory()
    PartnershipLinkFactory(organisation_a=organisation, organisation_b=partner)

    def linked(partner_id):
        return PartnershipLink.objects.filter(organisation_a_id=organisation.pk, organisation_b_id=partner_id)

    sql = compiled.compiled_once("test.kept", linked, key=organisation.pk, partner_id=partner.pk)
    assert len(compiled.fetch_all(sql)) == 1
    sql = compiled.compiled_once("test.kept", linked, key=organisation.pk, partner_id=organisation.pk)
    assert compiled.fetch_all(sql) == []


@pytest.mark.django_db
def test_under_a_key_a_value_the_query_does_not_read_is_still_refused():
    with pytest.raises(ValueError, match="does not read"):
        compiled.compiled_once(
            "test.keyed_unread",
            lambda code, departement: Commune.objects.filter(code=code),
            key="x",
            code="1",
            departement="2",
        )


@pytest.mark.django_db
def test_queries_kept_under_keys_are_bounded_and_the_others_stay(monkeypatch):
    monkeypatch.setattr(compiled, "_KEYED_BOUND", 2)
    compiled.compiled_once("test.links", _active_links, organisation_id=1, day=datetime.date(2025, 1, 1))
    for organisation_id in (1, 2, 3):
        compiled.compiled_once(
            "test.keyed", _links_from(organisation_id), key=organisation_id, day=datetime.date(2025, 1, 1)
        )
    assert {key[2] for key in compiled._COMPILED} == {None, 3}


@pytest.mark.django_db
def test_a_query_kept_under_a_key_that_misses_what_it_reads_fails_when_checked():
    """The test suite's check (VERIFY): the organisation read by the query is not in the key, the second call's query
    is not the one kept."""
    a, b = OrganisationFactory.create_batch(2)
    day = datetime.date(2025, 1, 1)
    compiled.compiled_once("test.incomplete", _links_from(a.pk), key="same", day=day)
    with pytest.raises(AssertionError, match="not the query compiled afresh"):
        compiled.compiled_once("test.incomplete", _links_from(b.pk), key="same", day=day)


@pytest.mark.django_db
def test_a_value_built_as_unread_is_refused_if_the_query_reads_it():
    with pytest.raises(ValueError, match="unread"):
        compiled.compiled_once(
            "test.unread_built", lambda day: _communes(compiled.UNREAD, "67").filter(name__lte=day), key="k", day="x"
        )


def test_what_was_compiled_under_a_key_can_be_forgotten():
    compiled._COMPILED[("test.forget", "sqlite", "k")] = ("SELECT 1", (), ())
    compiled._COMPILED[("test.forget", "postgresql", "k")] = ("SELECT 1", (), ())
    compiled.forget("test.forget", "k")
    assert len(compiled._COMPILED) == 1
