"""The access rule the candidates' page checks its rows with is compiled once per organisation and day
(queries._seen_by_the_rule): the cached text must be the rule compiled afresh, whatever changed."""

import datetime

from django.utils import timezone

from tandem.offers.matching import queries
from tandem.organisations.enums import OrganisationKind
from tests.organisations.factories import OrganisationFactory


def _fresh(user):
    return user.memberships.select_related("organisation").get()


def _afresh(user) -> tuple[str, list]:
    sql, params = queries._compiled_rule_on_page_row(_fresh(user))
    return sql, list(params)


def test_the_cached_rule_is_the_rule_compiled_afresh_for_each_organisation_and_day(cast, monkeypatch):
    users = [cast.adviser_a, cast.agent_b, cast.adviser_c, cast.temp_contact]
    texts = set()
    for day in (datetime.date(2026, 3, 1), datetime.date(2026, 3, 2)):
        monkeypatch.setattr(timezone, "localdate", lambda day=day: day)
        for user in users:
            cached = queries._seen_by_the_rule(_fresh(user))
            assert cached == _afresh(user)
            assert queries._seen_by_the_rule(_fresh(user)) == cached  # read from the cache this time
            texts.add((cached[0], tuple(cached[1])))
    # Four organisations; the temp agency's rule (a consent stands from the day it was given) changes with the day.
    assert len(texts) == 5


def test_a_site_added_to_the_mission_locale_is_in_its_rule_at_once(cast):
    before = queries._seen_by_the_rule(_fresh(cast.adviser_a))
    site = OrganisationFactory(kind=OrganisationKind.ML_SITE, parent=cast.ml_a)
    after = queries._seen_by_the_rule(_fresh(cast.adviser_a))
    assert site.pk not in before[1]
    assert site.pk in after[1]
    assert after == _afresh(cast.adviser_a)
