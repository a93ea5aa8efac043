"""The priority publics family on hand-built histories: every figure below is counted by hand from the scenario."""

import datetime

import pytest

from tandem.indicators.scopes import Scope
from tandem.people.enums import QualificationLevel
from tandem.people.services import job_profile_save
from tandem.territories.models import Commune, ZrrStatus
from tests.indicators.people_scenarios import adviser, colleague, late, lead, of, queries_of, value, young
from tests.indicators.scenarios import at

STRASBOURG, SCHIRMECK, HAGUENAU, BORDEAUX = "67482", "67544", "67180", "33063"


def status(commune: str, *, qpv: bool | None, zrr: str) -> None:
    assert Commune.objects.filter(pk=commune).update(has_qpv=qpv, zrr=zrr) == 1


def born(day: str, commune: str = HAGUENAU):
    return young(birth_date=datetime.date.fromisoformat(day), commune_id=commune)


def qualified(cast, person, level):
    job_profile_save(person=person, by=cast.adviser_a, organisation=cast.ml_a, qualification_level=level)


@pytest.fixture
def march(cast):
    """Communes: Strasbourg has a QPV, not in ZRR; the second Bas-Rhin commune is partly in ZRR; Haguenau is
    unknown on both; Bordeaux has a QPV. Entrants of March:
    - into A: p1 (Strasbourg, 17 on the day, no diploma), p2 (ZRR, 18 that very day, level 3), p3 (Haguenau, 17
      by one day, level not given), p4 (ZRR, adult, no diploma), p4 handed over inside A later (still once);
    - into C: p5 (Bordeaux, adult).
    A: 4 entrants, QPV 1, ZRR 2, minors 2, no diploma 2 (1 unknown). Nation: 5 entrants, QPV 2."""
    status(STRASBOURG, qpv=True, zrr=ZrrStatus.NON_CLASSEE)
    status(SCHIRMECK, qpv=False, zrr=ZrrStatus.PARTIELLEMENT)
    status(HAGUENAU, qpv=None, zrr="")
    status(BORDEAUX, qpv=True, zrr=ZrrStatus.NON_CLASSEE)
    p1 = born("2008-06-01", STRASBOURG)
    p2 = born("2008-03-10", SCHIRMECK)
    p3 = born("2008-03-11", HAGUENAU)
    p4 = born("2000-01-01", SCHIRMECK)
    p5 = born("2001-01-01", BORDEAUX)
    for person in (p1, p2, p3, p4):
        lead(person, cast.ml_a, cast.adviser_a, at("2026-03-10"))
    lead(p4, cast.ml_a, colleague(cast.ml_a, "a2@example.org"), at("2026-03-25"))  # no new entry into A
    lead(p5, cast.ml_c, cast.adviser_c, at("2026-03-12"))
    lead(young(commune_id=STRASBOURG), cast.ml_a, cast.adviser_a, at("2026-02-12"))  # February's
    qualified(cast, p1, QualificationLevel.NONE)
    qualified(cast, p2, QualificationLevel.LEVEL_3)
    qualified(cast, p4, QualificationLevel.NONE)


def triple(code, period, scope=None):
    figure = value(code, period, scope) if scope else value(code, period)
    return figure.value, figure.numerator, figure.denominator


def test_the_shares_of_each_public_among_the_entrants(cast, march):
    a = of(cast.ml_a)
    assert triple("publics_qpv", "2026-03", a) == (25.0, 1, 4)
    assert triple("publics_zrr", "2026-03", a) == (50.0, 2, 4)
    assert triple("publics_minors", "2026-03", a) == (50.0, 2, 4)
    assert triple("publics_no_qualification", "2026-03", a) == (50.0, 2, 4)
    assert value("publics_no_qualification", "2026-03", a).breakdown == {"none": 2, "unknown": 1}
    assert triple("publics_qpv", "2026-03") == (40.0, 2, 5)
    assert triple("publics_qpv", "2026-02") == (100.0, 1, 1)


def test_the_scope_and_the_adviser_select_the_entrants(cast, march):
    assert triple("publics_qpv", "2026-03", of(cast.ml_c)) == (100.0, 1, 1)
    assert triple("publics_zrr", "2026-03", of(cast.ml_c)) == (0.0, 0, 1)
    assert triple("publics_minors", "2026-03", Scope("departement", "67")) == (50.0, 2, 4)
    assert triple("publics_minors", "2026-03", adviser(cast.adviser_a)) == (50.0, 2, 4)
    assert triple("publics_minors", "2026-03", adviser(cast.adviser_c)) == (0.0, 0, 1)
    assert triple("publics_minors", "2026-03", Scope("departement", "75")) == (None, 0, 0)


def test_an_empty_period_has_no_share(cast, march):
    for code in ("publics_qpv", "publics_zrr", "publics_minors", "publics_no_qualification"):
        assert triple(code, "2025") == (None, 0, 0)


def test_the_last_second_of_march_and_the_first_of_april_in_paris_time(cast):
    """Both born on 1 April 2008: 17 on 31 March at 23:59:59, 18 on 1 April at midnight."""
    lead(born("2008-04-01"), cast.ml_a, cast.adviser_a, at("2026-03-31", "23:59:59"))
    lead(born("2008-04-01"), cast.ml_a, cast.adviser_a, at("2026-04-01", "00:00:00"))
    assert triple("publics_minors", "2026-03") == (100.0, 1, 1)
    assert triple("publics_minors", "2026-04") == (0.0, 0, 1)


def test_a_late_entry_counts_in_the_period_it_happened(cast):
    status(STRASBOURG, qpv=True, zrr=ZrrStatus.NON_CLASSEE)
    person = born("2009-01-01", STRASBOURG)
    lead(person, cast.ml_a, cast.adviser_a, at("2026-03-20"))
    late(person, at("2026-05-12"))
    assert triple("publics_qpv", "2026-03") == (100.0, 1, 1)
    assert triple("publics_minors", "2026-03") == (100.0, 1, 1)
    assert triple("publics_qpv", "2026-05") == (None, 0, 0)


def test_the_number_of_queries_does_not_grow_with_the_events(cast):
    queries_of("publics", cast)
