import datetime

import pytest

from tandem.designations.enums import Ineligibility
from tandem.designations.services import designation_check
from tandem.territories.models import Commune
from tests.designations.factories import born

DAY = datetime.date(2026, 6, 15)


@pytest.fixture
def wissembourg(cast) -> Commune:
    return Commune.objects.get(code="67544")


def check(years_or_birth, commune, *, has_rqth=False):
    birth_date = years_or_birth if isinstance(years_or_birth, datetime.date) else born(years_or_birth, day=DAY)
    return designation_check(birth_date=birth_date, has_rqth=has_rqth, commune=commune, day=DAY)


def test_a_young_person_of_16_living_in_wissembourg_goes_to_mission_locale_a(cast, wissembourg):
    eligibility = check(16, wissembourg)
    assert eligibility.eligible and eligibility.age == 16
    assert eligibility.mission_locale == cast.ml_a
    assert "Wissembourg (67544)" in eligibility.reason


def test_one_day_before_16_is_too_young(cast, wissembourg):
    eligibility = check(born(16, day=DAY) + datetime.timedelta(days=1), wissembourg)
    assert not eligibility.eligible and eligibility.age == 15
    assert eligibility.code == Ineligibility.TOO_YOUNG
    assert eligibility.reason == "Trop jeune : 15 ans, la Mission Locale accompagne à partir de 16 ans."
    assert eligibility.mission_locale is None


def test_25_until_the_eve_of_the_26th_birthday_is_eligible(cast, wissembourg):
    eligibility = check(born(26, day=DAY) + datetime.timedelta(days=1), wissembourg)
    assert eligibility.eligible and eligibility.age == 25


def test_26_is_too_old_and_the_reason_mentions_the_rqth_bound(cast, wissembourg):
    eligibility = check(26, wissembourg)
    assert not eligibility.eligible and eligibility.code == Ineligibility.TOO_OLD
    assert eligibility.reason == "Trop âgé·e : 26 ans, au-delà de 25 ans (29 ans avec une RQTH)."


def test_26_with_an_rqth_is_eligible(cast, wissembourg):
    eligibility = check(26, wissembourg, has_rqth=True)
    assert eligibility.eligible and eligibility.mission_locale == cast.ml_a


def test_30_is_too_old_even_with_an_rqth(cast, wissembourg):
    eligibility = check(30, wissembourg, has_rqth=True)
    assert not eligibility.eligible
    assert eligibility.reason == "Trop âgé·e : 30 ans, au-delà de 29 ans, la limite avec une RQTH."


def test_without_a_commune_no_mission_locale_can_be_found(cast):
    eligibility = check(20, None)
    assert not eligibility.eligible and eligibility.code == Ineligibility.NO_COMMUNE
    assert "Commune de résidence inconnue" in eligibility.reason


def test_a_commune_no_mission_locale_covers_is_said_with_its_name(cast):
    eligibility = check(20, Commune.objects.get(code="67482"))
    assert not eligibility.eligible and eligibility.code == Ineligibility.NOT_COVERED
    assert eligibility.reason == "Aucune Mission Locale ne couvre la commune Strasbourg (67482)."


def test_the_age_bounds_come_from_the_settings(cast, wissembourg, settings):
    settings.TANDEM_DESIGNATION_MIN_AGE = 18
    settings.TANDEM_DESIGNATION_MAX_AGE = 30
    assert not check(17, wissembourg).eligible
    assert check(30, wissembourg).eligible


def test_a_mission_locale_no_longer_active_on_the_day_is_not_proposed(cast, wissembourg):
    cast.ml_a.active_until = DAY - datetime.timedelta(days=1)
    cast.ml_a.save()
    assert check(20, wissembourg).code == Ineligibility.NOT_COVERED
