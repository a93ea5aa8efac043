"""The access rule the candidates' page checks its rows with is compiled once per organisation and day
(queries._seen_by_the_rule, tandem.core.compiled): the kept text must be the rule compiled afresh, whatever changed
(the suite compiles it again at every call and compares: tests/conftest.py)."""

import datetime

import pytest
from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import timezone

from tandem.access.selectors import person_list_for
from tandem.core import compiled
from tandem.offers.matching import queries
from tandem.organisations.enums import OrganisationKind
from tandem.people.models import Person
from tandem.people.services import consent_revoke, follow_set_lead
from tests.organisations.factories import OrganisationFactory
from tests.people.factories import PersonFactory, led_by_ml_c, referred_to_the_temp_agency


@pytest.fixture(autouse=True)
def _empty_cache(monkeypatch):
    monkeypatch.setattr(compiled, "_COMPILED", {})


def _fresh(user):
    return user.memberships.select_related("organisation").get()


def _afresh(user) -> tuple[str, list]:
    """The rule on the page's row, compiled by the ORM without the cache."""
    page_row = RawSQL("SELECT e.s_id", [])
    sql, params = (
        person_list_for(membership=_fresh(user), within=page_row).order_by().values("pk").query.sql_with_params()
    )
    return f"e.s_id IN ({sql})", list(params)


def _kept() -> int:
    return sum(1 for key in compiled._COMPILED if key[0] == "matching.seen_by_the_rule")


def test_the_cached_rule_is_the_rule_compiled_afresh_for_each_organisation_and_day(cast, monkeypatch):
    users = [cast.adviser_a, cast.agent_b, cast.adviser_c, cast.temp_contact]
    texts = set()
    for day in (datetime.date(2026, 3, 1), datetime.date(2026, 3, 2)):
        monkeypatch.setattr(timezone, "localdate", lambda day=day: day)
        for user in users:
            cached = queries._seen_by_the_rule(_fresh(user))
            assert cached == _afresh(user)
            kept = _kept()
            assert queries._seen_by_the_rule(_fresh(user)) == cached
            assert _kept() == kept  # read from what was kept this time
            texts.add((cached[0], tuple(cached[1])))
    # Four organisations; the temp agency's rule (a consent stands from the day it was given) changes with the day.
    assert len(texts) == 5
    assert _kept() == 8  # one a day for each organisation


def test_a_site_added_to_the_mission_locale_is_in_its_rule_at_once(cast):
    before = queries._seen_by_the_rule(_fresh(cast.adviser_a))
    site = OrganisationFactory(kind=OrganisationKind.ML_SITE, parent=cast.ml_a)
    after = queries._seen_by_the_rule(_fresh(cast.adviser_a))
    assert site.pk not in before[1]
    assert site.pk in after[1]
    assert after == _afresh(cast.adviser_a)


def test_the_check_of_a_page_row_keeps_exactly_the_people_the_rule_lets_each_organisation_see(cast):
    """The check, run on every person as a page row, keeps whom person_list_for gives, persona by persona: Mission
    Locale A's people, the one referred to the temp agency while the consent stands, Mission Locale C's own."""
    led = [PersonFactory() for _ in range(3)]
    for person in led:
        follow_set_lead(person=person, organisation=cast.ml_a, adviser=cast.adviser_a, by=cast.adviser_a)
    referred, withdrawn = led[1], led[2]
    consents = {person: referred_to_the_temp_agency(cast, person) for person in (referred, withdrawn)}
    consent_revoke(consent=consents[withdrawn], by=cast.adviser_a, organisation=cast.ml_a)
    led_by_ml_c(cast)
    table = connection.ops.quote_name(Person._meta.db_table)
    for user in [cast.adviser_a, cast.agent_b, cast.adviser_c, cast.temp_contact]:
        membership = _fresh(user)
        sql, params = queries._seen_by_the_rule(membership)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT e.s_id FROM (SELECT id AS s_id FROM {table}) e WHERE {sql}", params)
            checked = {row[0] for row in cursor.fetchall()}
        assert checked == set(person_list_for(membership=membership).values_list("pk", flat=True)), user
    # Whom each sees, so that the comparison above is not between two empty sets.
    assert {referred.pk} == set(person_list_for(membership=_fresh(cast.temp_contact)).values_list("pk", flat=True))
    assert {p.pk for p in led} <= set(person_list_for(membership=_fresh(cast.adviser_a)).values_list("pk", flat=True))


def test_a_rule_compiled_across_midnight_is_kept_under_the_new_day(cast, monkeypatch):
    """Compiled while the day turns, the rule may have read the next day: it is not kept under the day before."""
    before, after = datetime.date(2026, 3, 1), datetime.date(2026, 3, 2)
    days = iter([before, *[after] * 100])
    monkeypatch.setattr(timezone, "localdate", lambda: next(days))

    checked = queries._seen_by_the_rule(_fresh(cast.adviser_a))

    assert {key[2][0] for key in compiled._COMPILED if key[0] == "matching.seen_by_the_rule"} == {after}
    monkeypatch.setattr(timezone, "localdate", lambda: after)
    assert checked == _afresh(cast.adviser_a)
