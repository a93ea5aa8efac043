import datetime

import pytest

from tandem.organisations import selectors
from tandem.organisations.enums import OrganisationKind
from tests.organisations.factories import OrganisationFactory, PartnershipLinkFactory


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


def test_partner_ids_are_those_of_the_partners_from_either_end_of_an_active_link(cast):
    ended = PartnershipLinkFactory(
        organisation_a=cast.ml_c,
        organisation_b=cast.ml_a,
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2021, 1, 1),
    )
    PartnershipLinkFactory(organisation_a=cast.agency_b, organisation_b=cast.ml_c, starts_on=datetime.date(2020, 1, 1))
    for organisation in (cast.ml_a, cast.ml_c, cast.agency_b):
        expected = {partner.pk for partner in selectors.partner_organisations_of(organisation=organisation)}
        assert selectors.partner_ids_of(organisation=organisation) == expected
    assert selectors.partner_ids_of(organisation=cast.ml_c) == {cast.agency_b.pk}
    on_the_day = selectors.partner_ids_of(organisation=cast.ml_c, day=datetime.date(2020, 6, 1))
    assert on_the_day == {cast.agency_b.pk, ended.organisation_b_id}


def test_coverage_is_summarised_by_epci(cast):
    rows = selectors.coverage_by_epci(organisation=cast.ml_a)
    assert sum(row["communes"] for row in rows) == 2
    assert {row["epci_name"] for row in rows} == {"CA de Haguenau", "CC du Pays de Wissembourg"}
