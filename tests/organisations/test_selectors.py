import datetime

import pytest

from tandem.organisations import selectors
from tandem.organisations.enums import OrganisationKind
from tests.organisations.factories import OrganisationFactory


def test_it_finds_the_mission_locale_and_agency_covering_a_commune(cast, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert selectors.mission_locale_covering_commune(commune_code="67180") == cast.ml_a
    with django_assert_num_queries(1):
        assert selectors.agency_covering_commune(commune_code="67180") == cast.agency_b
    assert selectors.mission_locale_covering_commune(commune_code="33063") == cast.ml_c


def test_it_answers_none_when_no_mission_locale_covers_the_commune(cast):
    assert selectors.mission_locale_covering_commune(commune_code="75056") is None


@pytest.mark.django_db
def test_it_ignores_an_organisation_that_is_no_longer_active():
    OrganisationFactory(
        kind=OrganisationKind.MISSION_LOCALE,
        coverage=["38185"],
        active_from=datetime.date(2010, 1, 1),
        active_until=datetime.date(2015, 12, 31),
    )
    assert selectors.mission_locale_covering_commune(commune_code="38185") is None
    assert selectors.mission_locale_covering_commune(commune_code="38185", day=datetime.date(2014, 6, 1)) is not None


def test_partners_of_an_organisation_are_those_of_its_active_links(cast):
    partners = set(selectors.partner_organisations_of(organisation=cast.ml_a))
    assert partners == {cast.agency_b, cast.temp_agency}
    assert set(selectors.partner_organisations_of(organisation=cast.ml_c)) == set()


def test_coverage_is_summarised_by_epci(cast):
    rows = selectors.coverage_by_epci(organisation=cast.ml_a)
    assert sum(row["communes"] for row in rows) == 2
    assert {row["epci_name"] for row in rows} == {"CA de Haguenau", "CC du Pays de Wissembourg"}
