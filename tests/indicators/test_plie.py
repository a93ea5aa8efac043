"""The PLIE family on hand-built histories written through the people, exits and barrier-lifting actions' services:
every figure below is counted by hand from the scenario."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.barrier_actions import services as barrier_services
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.exits import services as exit_services
from tandem.indicators.periods import period_parse
from tandem.indicators.registry import CATALOGUE
from tandem.indicators.scopes import Scope
from tandem.indicators.selectors import indicator_value
from tandem.people.enums import Scheme
from tandem.people.services import scheme_end, scheme_start
from tests.barrier_actions.factories import BarrierActionFactory
from tests.exits.factories import followed_person

pytestmark = pytest.mark.django_db

NATION = Scope("nation")
LED_SINCE = datetime.date(2025, 1, 1)
CODES = [code for code, item in CATALOGUE.items() if item.family == "plie"]


def value(code, period, scope=NATION):
    return indicator_value(code=code, period=period_parse(period), scope=scope)


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def noon(text: str) -> datetime.datetime:
    return period_parse(text[:7]).starts_at.replace(day=int(text[8:]), hour=12)


def person(cast, name):
    return followed_person(cast, since=LED_SINCE, last_name=name)


def plie(cast, someone, starts_on, ends_on=None, *, by=None):
    by = by or cast.adviser_a
    enrolment = scheme_start(
        person=someone, scheme=Scheme.PLIE, starts_on=day(starts_on), by=by, organisation=cast.ml_a
    )
    if ends_on:
        scheme_end(enrolment=enrolment, ends_on=day(ends_on), by=by, organisation=cast.ml_a)
    return enrolment


def leave(cast, someone, exited_on, reason, **contract):
    return exit_services.exit_record(
        person=someone, exited_on=day(exited_on), reason=reason, by=cast.adviser_a, organisation=cast.ml_a, **contract
    )


@pytest.fixture
def march(cast):
    """Mission Locale A's PLIE:
    - Ambre, in the PLIE since 10 January 2026; leaves for a CDI on 20 March (positive);
    - Basile, enters on 5 March 2026; leaves, no longer in contact, on 25 March (not positive);
    - Chloé, in from June 2025 to 20 February 2026; leaves for a training on 10 March (no longer in the PLIE);
    - Dylan, in from May to 31 December 2025, enters again on 15 March 2026 (no new participant);
    - Emma, enters on 1 April 2026; Félix, never in the PLIE, leaves for a training on 12 March.
    March: participants Ambre, Basile, Dylan (3); new: Basile (1); positive exits of participants: Ambre's (1).
    February: Ambre, Chloé (2). January: Ambre, Chloé (2), new Ambre (1)."""
    people = {name: person(cast, name) for name in ("Ambre", "Basile", "Chloé", "Dylan", "Emma", "Félix")}
    plie(cast, people["Ambre"], "2026-01-10")
    plie(cast, people["Basile"], "2026-03-05")
    plie(cast, people["Chloé"], "2025-06-01", "2026-02-20")
    plie(cast, people["Dylan"], "2025-05-01", "2025-12-31")
    plie(cast, people["Dylan"], "2026-03-15")
    plie(cast, people["Emma"], "2026-04-01")
    leave(cast, people["Ambre"], "2026-03-20", "employment", contract_type="cdi")
    leave(cast, people["Basile"], "2026-03-25", "no_contact")
    leave(cast, people["Chloé"], "2026-03-10", "training")
    leave(cast, people["Félix"], "2026-03-12", "training")
    return people


def test_participants_are_the_people_in_the_plie_at_some_point_of_the_period(march):
    assert value("plie_participants", "2026-03").value == 3
    assert value("plie_participants", "2026-02").value == 2
    assert value("plie_participants", "2026-01").value == 2
    assert value("plie_participants", "2026-Q1").value == 4  # Ambre, Basile, Chloé, Dylan
    assert value("plie_participants", "2026-04").value == 4  # Ambre, Basile, Dylan, Emma


def test_new_participants_entered_in_the_period_for_the_first_time(march):
    assert value("plie_new_participants", "2026-03").value == 1
    assert value("plie_new_participants", "2026-01").value == 1
    assert value("plie_new_participants", "2026-04").value == 1
    assert value("plie_new_participants", "2025").value == 2  # Chloé, Dylan


def test_positive_exits_of_plie_participants(cast, march):
    figure = value("plie_positive_exits", "2026-03")
    assert figure.value == 1
    assert figure.breakdown == {"employment": 1, "training": 0, "other_positive": 0}
    # Cancelled: no longer counts.
    exit = march["Ambre"].exits.get()
    exit_services.exit_cancel(exit=exit, reason="duplicate", by=cast.adviser_a, organisation=cast.ml_a)
    assert value("plie_positive_exits", "2026-03").value == 0


def test_a_start_on_the_last_day_and_one_on_the_first_of_the_next_fall_in_their_own_quarters(cast):
    plie(cast, person(cast, "Gaspard"), "2026-03-31")
    plie(cast, person(cast, "Hugo"), "2026-04-01")
    # A start is dated at the first instant of its day (midnight): the first of April is April's.
    assert value("plie_new_participants", "2026-03").value == 1
    assert value("plie_new_participants", "2026-Q1").value == 1
    assert value("plie_new_participants", "2026-Q2").value == 1
    assert value("plie_participants", "2026-03").value == 1
    Event.objects.filter(kind=EventKind.SCHEME_STARTED).update(
        occurred_at=period_parse("2026-04").starts_at - datetime.timedelta(seconds=1)
    )
    assert value("plie_new_participants", "2026-03").value == 2
    assert value("plie_new_participants", "2026-04").value == 0


def test_a_late_enrolment_counts_in_the_period_it_started(cast):
    """Recorded in May (here: later still) about March: March's figure takes it, May's new participants do not."""
    enrolment = plie(cast, person(cast, "Inès"), "2026-03-10")
    Event.objects.filter(subject_id=enrolment.pk, kind=EventKind.SCHEME_STARTED).update(
        recorded_at=period_parse("2026-05").starts_at
    )
    assert value("plie_new_participants", "2026-03").value == 1
    assert value("plie_new_participants", "2026-05").value == 0


def test_a_scope_holds_the_participants_its_organisations_enrolled(cast, march):
    assert value("plie_participants", "2026-03", Scope("organisation", str(cast.ml_a.pk))).value == 3
    assert value("plie_participants", "2026-03", Scope("organisation", str(cast.ml_c.pk))).value == 0
    assert value("plie_participants", "2026-03", Scope("departement", "67")).value == 3
    assert value("plie_positive_exits", "2026-03", Scope("organisation", str(cast.ml_c.pk))).value == 0
    assert value("plie_participants", "2026-03", Scope("adviser", str(cast.adviser_a.pk))).value == 3
    assert value("plie_participants", "2026-03", Scope("adviser", str(cast.director_a.pk))).value == 0


def _membership(user):
    return user.memberships.select_related("organisation").get()


def _move(kind, subject_id, when):
    Event.objects.filter(kind=kind, subject_id=subject_id).update(occurred_at=when)


def test_barrier_actions_count_the_places_and_completions_of_plie_participants(cast, march):
    """A's mobility action: Ambre and Dylan get a place on 12 and 16 March, Félix (never in the PLIE) on 13 March;
    Ambre completes it on 30 March. March: 2 places, 1 completed (Félix is not counted)."""
    action = BarrierActionFactory(organisation=cast.ml_a, capacity=5, starts_on=day("2026-03-01"))
    membership = _membership(cast.adviser_a)
    places = {}
    for name, when in (("Ambre", "2026-03-12"), ("Dylan", "2026-03-16"), ("Félix", "2026-03-13")):
        places[name] = barrier_services.enrolment_create(
            action=action, person=march[name], membership=membership, by=cast.adviser_a
        )
        _move(EventKind.BARRIER_ACTION_ENROLLED, places[name].pk, noon(when))
    barrier_services.enrolment_complete(enrolment=places["Ambre"], membership=membership, by=cast.adviser_a)
    _move(EventKind.BARRIER_ACTION_COMPLETED, places["Ambre"].pk, noon("2026-03-30"))
    figure = value("plie_barrier_actions", "2026-03")
    assert (figure.value, figure.breakdown) == (2, {"placed": 2, "completed": 1})
    assert value("plie_barrier_actions", "2026-03", Scope("organisation", str(cast.ml_a.pk))).value == 2
    assert value("plie_barrier_actions", "2026-03", Scope("organisation", str(cast.ml_c.pk))).value == 0
    assert value("plie_barrier_actions", "2026-03", Scope("adviser", str(cast.adviser_a.pk))).value == 2
    assert value("plie_barrier_actions", "2026-03", Scope("adviser", str(cast.director_a.pk))).value == 0
    assert value("plie_barrier_actions", "2026-04").value == 0


def _queries(code, scope):
    with CaptureQueriesContext(connection) as queries:
        value(code, "2026", scope)
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_participants(cast):
    """Each indicator is one aggregate query, whether the year holds 2 participants or 20."""
    scope = Scope("departement", "67")

    def participants(count, month, start):
        for index in range(count):
            someone = person(cast, f"P{start + index}")
            plie(cast, someone, f"2026-{month:02d}-{index % 27 + 1:02d}")
            leave(cast, someone, f"2026-{month + 1:02d}-{index % 27 + 1:02d}", "training")

    participants(2, 1, 0)
    before = {code: _queries(code, scope) for code in CODES}
    participants(20, 3, 100)
    after = {code: _queries(code, scope) for code in CODES}
    assert after == before
    assert max(before.values()) <= 1
    assert value("plie_participants", "2026", scope).value == 22
    assert value("plie_positive_exits", "2026", scope).value == 22
