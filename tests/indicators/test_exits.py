"""The exits family on hand-built histories written through the exits' services: every figure below is counted by
hand from the scenario."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.exits import services
from tandem.indicators.periods import period_parse
from tandem.indicators.registry import CATALOGUE
from tandem.indicators.scopes import Scope
from tandem.indicators.selectors import indicator_value
from tests.exits.factories import followed_person

pytestmark = pytest.mark.django_db

NATION = Scope("nation")
LED_SINCE = datetime.date(2025, 1, 1)
CODES = [code for code, item in CATALOGUE.items() if item.family == "exits"]


def value(code, period, scope=NATION):
    return indicator_value(code=code, period=period_parse(period), scope=scope)


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def leave(cast, name, exited_on, reason="employment", *, organisation=None, by=None, **contract):
    """A young person led by Mission Locale A since 2025 (or C's, for C), leaving on that day."""
    organisation = organisation or cast.ml_a
    by = by or (cast.adviser_a if organisation == cast.ml_a else cast.adviser_c)
    person = followed_person(cast, since=LED_SINCE, last_name=name)
    if organisation != cast.ml_a:
        from tandem.people.services import follow_set_lead
        from tests.exits.factories import led_since

        follow_set_lead(person=person, organisation=organisation, adviser=by, by=by, reason="move")
        led_since(person, LED_SINCE)
        from tandem.people.models import Follow

        Follow.objects.filter(person=person, organisation=cast.ml_a).delete()
    return services.exit_record(
        person=person, exited_on=day(exited_on), reason=reason, by=by, organisation=organisation, **contract
    )


def follow_up(cast, exit, observed_on, situation="employment", **contract):
    return services.follow_up_record(
        exit=exit,
        observed_on=day(observed_on),
        situation=situation,
        by=cast.adviser_a,
        organisation=cast.ml_a,
        **contract,
    )


@pytest.fixture
def march(cast):
    """Mission Locale A's exits in March 2026:
    - Ambre, 2 March, employment on a CDI (durable);
    - Basile, 10 March, employment on a 3-month CDD (not durable);
    - Chloé, 15 March, training;
    - Dylan, 31 March, no longer in contact;
    - Emma, 20 March, moved away, then cancelled (a mistake): no longer counts;
    - Félix, 25 March, employment on a 3-month CDD corrected to 8 months (durable).
    Exits 5: employment 3 (60 %), durable 2 (40 %), positive 4 (80 %).
    Six months later (September 2026): Ambre on a CDI (durable), Chloé in training, Basile not reached → 1 of 5
    (20 %)."""
    exits = {
        "ambre": leave(cast, "Ambre", "2026-03-02", contract_type="cdi"),
        "basile": leave(cast, "Basile", "2026-03-10", contract_type="cdd", contract_months=3),
        "chloe": leave(cast, "Chloé", "2026-03-15", "training"),
        "dylan": leave(cast, "Dylan", "2026-03-31", "no_contact"),
        "emma": leave(cast, "Emma", "2026-03-20", "moved_away"),
        "felix": leave(cast, "Félix", "2026-03-25", contract_type="cdd", contract_months=3),
    }
    services.exit_cancel(exit=exits["emma"], reason="typing_error", by=cast.adviser_a, organisation=cast.ml_a)
    services.exit_update(
        exit=exits["felix"],
        exited_on=day("2026-03-25"),
        reason="employment",
        contract_type="cdd",
        contract_months=8,
        by=cast.adviser_a,
        organisation=cast.ml_a,
    )
    follow_up(cast, exits["ambre"], "2026-09-02", contract_type="cdi")
    follow_up(cast, exits["chloe"], "2026-09-15", "training")
    follow_up(cast, exits["basile"], "2026-09-10", "not_reached")
    return exits


def test_exits_are_split_by_reason_and_a_cancelled_one_no_longer_counts(march):
    figure = value("exits_by_reason", "2026-03")
    assert figure.value == 5
    assert figure.breakdown == {
        "employment": 3,
        "training": 1,
        "other_positive": 0,
        "moved_away": 0,
        "no_contact": 1,
        "scheme_end": 0,
        "other": 0,
    }
    assert value("exits_by_reason", "2026-02").value == 0


def test_the_rates_at_exit(march):
    employment = value("exits_employment_rate", "2026-03")
    assert (employment.value, employment.numerator, employment.denominator) == (60.0, 3, 5)
    durable = value("exits_durable_employment_rate", "2026-03")  # the corrected CDD counts as corrected
    assert (durable.value, durable.numerator, durable.denominator) == (40.0, 2, 5)
    positive = value("exits_positive_rate", "2026-03")
    assert (positive.value, positive.numerator, positive.denominator) == (80.0, 4, 5)
    assert value("exits_positive_rate", "2026-04").value is None  # no exit: no rate


def test_durable_employment_at_six_months_reads_the_exits_six_months_earlier(march):
    figure = value("exits_durable_at_six_months_rate", "2026-09")
    assert (figure.value, figure.numerator, figure.denominator) == (20.0, 1, 5)
    quarter = value("exits_durable_at_six_months_rate", "2026-Q3")  # exits of Q1
    assert (quarter.numerator, quarter.denominator) == (1, 5)
    assert value("exits_durable_at_six_months_rate", "2026-03").denominator == 0  # exits of September 2025
    assert value("exits_durable_at_six_months_rate", "2026-10").denominator == 0


def test_a_correction_moves_an_exit_to_its_new_day(cast):
    exit = leave(cast, "Gaspard", "2026-03-31", contract_type="cdi")
    assert (value("exits_by_reason", "2026-03").value, value("exits_by_reason", "2026-04").value) == (1, 0)
    services.exit_update(
        exit=exit,
        exited_on=day("2026-04-01"),
        reason="employment",
        contract_type="cdi",
        by=cast.adviser_a,
        organisation=cast.ml_a,
    )
    assert (value("exits_by_reason", "2026-03").value, value("exits_by_reason", "2026-04").value) == (0, 1)


def test_the_last_day_of_march_and_the_first_of_april_fall_in_their_own_quarters(cast):
    leave(cast, "Hugo", "2026-03-31", "training")
    leave(cast, "Inès", "2026-04-01", "training")
    # The exits' events are dated at noon; the boundary is the period's midnight.
    events = Event.objects.filter(kind=EventKind.EXIT_RECORDED).order_by("occurred_at")
    assert [event.occurred_at.astimezone(period_parse("2026-03").starts_at.tzinfo).hour for event in events] == [12, 12]
    assert value("exits_by_reason", "2026-03").value == 1
    assert value("exits_by_reason", "2026-Q1").value == 1
    assert value("exits_by_reason", "2026-04").value == 1
    assert value("exits_by_reason", "2026-Q2").value == 1
    assert value("exits_by_reason", "2026").value == 2
    # An event at 23:59:59 on the last day is March's, one at midnight the next day April's.
    Event.objects.filter(kind=EventKind.EXIT_RECORDED).update(occurred_at=period_parse("2026-04").starts_at)
    assert value("exits_by_reason", "2026-03").value == 0
    last = period_parse("2026-04").starts_at - datetime.timedelta(seconds=1)
    Event.objects.filter(kind=EventKind.EXIT_RECORDED).update(occurred_at=last)
    assert (value("exits_by_reason", "2026-03").value, value("exits_by_reason", "2026-04").value) == (2, 0)


def test_a_late_exit_counts_in_the_period_it_happened(cast):
    """Recorded in May (here: later still) about March: March's figure takes it, May's does not."""
    leave(cast, "Jade", "2026-03-10", "training")
    assert value("exits_by_reason", "2026-03").value == 1
    late = leave(cast, "Kylian", "2026-03-20", "training")
    event = Event.objects.get(kind=EventKind.EXIT_RECORDED, subject_id=late.pk)
    Event.objects.filter(pk=event.pk).update(recorded_at=period_parse("2026-05").starts_at)
    assert value("exits_by_reason", "2026-03").value == 2
    assert value("exits_by_reason", "2026-05").value == 0


def test_a_scope_holds_the_exits_of_its_organisations_and_an_adviser_s_those_they_recorded(cast):
    leave(cast, "Léa", "2026-03-10", contract_type="cdi")
    leave(cast, "Mathis", "2026-03-11", "training", by=cast.director_a)
    leave(cast, "Nina", "2026-03-12", "training", organisation=cast.ml_c)
    assert value("exits_by_reason", "2026-03").value == 3
    assert value("exits_by_reason", "2026-03", Scope("organisation", str(cast.ml_a.pk))).value == 2
    assert value("exits_by_reason", "2026-03", Scope("organisation", str(cast.ml_c.pk))).value == 1
    assert value("exits_by_reason", "2026-03", Scope("organisation", str(cast.agency_b.pk))).value == 0
    assert value("exits_by_reason", "2026-03", Scope("departement", "67")).value == 2
    adviser = value("exits_employment_rate", "2026-03", Scope("adviser", str(cast.adviser_a.pk)))
    assert (adviser.numerator, adviser.denominator) == (1, 1)
    director = value("exits_employment_rate", "2026-03", Scope("adviser", str(cast.director_a.pk)))
    assert (director.numerator, director.denominator) == (0, 1)


def _queries(code, scope):
    with CaptureQueriesContext(connection) as queries:
        value(code, "2026", scope)
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_exits(cast):
    """Each indicator is one aggregate query, whether the year holds 2 exits or 20."""
    scope = Scope("departement", "67")

    def exits(count, month, start):
        for index in range(count):
            exit = leave(cast, f"P{start + index}", f"2026-{month:02d}-{index % 27 + 1:02d}", contract_type="cdi")
            if index % 2:
                services.exit_cancel(exit=exit, reason="duplicate", by=cast.adviser_a, organisation=cast.ml_a)

    exits(2, 1, 0)
    before = {code: _queries(code, scope) for code in CODES}
    exits(20, 2, 100)
    after = {code: _queries(code, scope) for code in CODES}
    assert after == before
    assert max(before.values()) <= 1
    assert value("exits_by_reason", "2026", scope).value == 11
