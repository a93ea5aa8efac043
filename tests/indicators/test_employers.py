"""The employers family on hand-built histories: every figure below is counted by hand from the scenario."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.employer_events import services as employer_events
from tandem.employer_events.enums import EventFormat
from tandem.indicators.registry import CATALOGUE
from tandem.indicators.scopes import Scope
from tandem.offers.enums import CvKind
from tandem.people.enums import ConsentRecipient
from tandem.people.services import consent_give
from tandem.prospecting.enums import VisitOutcome
from tests.employer_events.factories import EmployerEventFactory
from tests.indicators.activity import at, membership, pair_of, person_of, propose, send, shared, value, visit
from tests.indicators.scenarios import convention_of
from tests.prospecting.factories import EmployerFactory

CODES = [code for code, item in CATALOGUE.items() if item.family == "employers"]


@pytest.fixture
def visits(cast):
    """The pair of adviser A and agent B visits company E1 on 10 March (2 offers, reported by agent B) and again on 31
    March (no need); adviser C (Mission Locale C, Gironde) visits E2 alone on 1 April (1 offer). Every report is
    typed today, months after the visits. March: 1 company, 2 visits, 2 offers → 1 per visit; April: 1, 1, 1."""
    pair = pair_of(cast)
    first = EmployerFactory(name="Supermarché Mériadeck")
    visit(first, "2026-03-10", by=cast.agent_b, pair=pair, offers=2)
    visit(first, "2026-03-31", by=cast.adviser_a, pair=pair)
    visit(EmployerFactory(name="Hôtel des Quais"), "2026-04-01", by=cast.adviser_c, offers=1)


def test_companies_visits_and_offers_per_visit_are_dated_by_the_day_of_the_visit(visits):
    assert value("employers_companies_visited", "2026-03").value == 1
    march = value("employers_visits", "2026-03")
    assert march.value == 2
    assert march.breakdown[VisitOutcome.OFFERS_COLLECTED] == 1
    assert march.breakdown[VisitOutcome.NO_NEED] == 1
    assert set(march.breakdown) == set(VisitOutcome.values)
    per_visit = value("employers_offers_per_visit", "2026-03")
    assert (per_visit.value, per_visit.numerator, per_visit.denominator) == (1.0, 2, 2)
    assert value("employers_visits", "2026-04").value == 1  # the first day of April
    assert value("employers_companies_visited", "2026").value == 2
    year = value("employers_offers_per_visit", "2026")
    assert (year.value, year.numerator, year.denominator) == (1.0, 3, 3)
    assert value("employers_offers_per_visit", "2025").value is None


def test_a_planned_visit_without_a_report_does_not_count(cast):
    from tandem.prospecting import services as prospecting

    prospecting.visit_plan(
        membership=membership(cast.adviser_a),
        by=cast.adviser_a,
        employer=EmployerFactory(),
        planned_on=datetime.date(2026, 3, 10),
    )
    assert value("employers_visits", "2026-03").value == 0


def test_a_visit_belongs_to_its_pair_s_and_its_planner_s_organisations(visits, cast):
    visits_in = lambda period, scope: value("employers_visits", period, scope).value  # noqa: E731
    a, b, c = (Scope("organisation", str(o.pk)) for o in (cast.ml_a, cast.agency_b, cast.ml_c))
    assert (visits_in("2026-03", a), visits_in("2026-03", b), visits_in("2026-03", c)) == (2, 2, 0)
    assert visits_in("2026-04", c) == 1
    assert visits_in("2026", Scope("departement", "67")) == 2
    assert visits_in("2026", Scope("departement", "33")) == 1
    assert visits_in("2026", Scope("region", "75")) == 1
    convention = Scope("convention", str(convention_of(cast, cast.ml_a, cast.agency_b).pk))
    assert visits_in("2026", convention) == 2
    other = Scope("convention", str(convention_of(cast, cast.ml_c, cast.agency_b).pk))
    assert visits_in("2026", other) == 1  # C's visit (no pair, planned by C); not the pair's: A is not a party
    assert visits_in("2026", Scope("adviser", str(cast.adviser_a.pk))) == 2
    assert visits_in("2026", Scope("adviser", str(cast.adviser_c.pk))) == 1
    assert visits_in("2026", Scope("adviser", str(cast.director_a.pk))) == 0


def test_anonymous_cvs_are_the_applications_sent_with_one(cast):
    """Three applications sent in March by Mission Locale A on B's offers, two with an anonymous CV, one with the
    full CV (the person consented); one sent on 1 April."""
    offer = shared(cast.agency_b, at("2026-03-01"))
    send(propose(offer, cast.ml_a, at("2026-03-02"), by=cast.adviser_a), at("2026-03-03"))
    send(propose(offer, cast.ml_a, at("2026-03-02")), at("2026-03-31", "23:59:59"))
    consenting = person_of(cast.ml_a)
    consent_give(
        person=consenting,
        recipient_kind=ConsentRecipient.EMPLOYER,
        recipient=None,
        given_on=datetime.date(2026, 3, 1),
        by=cast.adviser_a,
        organisation=cast.ml_a,
    )
    send(propose(offer, cast.ml_a, at("2026-03-02"), person=consenting), at("2026-03-04"), CvKind.FULL)
    send(propose(offer, cast.ml_a, at("2026-03-02")), at("2026-04-01", "00:00:00"))
    figure = value("employers_anonymous_cvs_sent", "2026-03")
    assert (figure.value, figure.breakdown) == (2, {CvKind.ANONYMOUS: 2, CvKind.FULL: 1})
    assert value("employers_anonymous_cvs_sent", "2026-04").value == 1
    assert value("employers_anonymous_cvs_sent", "2026-03", Scope("adviser", str(cast.adviser_a.pk))).value == 1
    assert value("employers_anonymous_cvs_sent", "2026-03", Scope("organisation", str(cast.ml_c.pk))).value == 0


def test_employer_events_are_counted_on_the_day_they_were_held(cast):
    ours = EmployerEventFactory(organisation=cast.ml_a, held_on=datetime.date(2026, 3, 31))
    theirs = EmployerEventFactory(
        organisation=cast.ml_c, held_on=datetime.date(2026, 4, 1), format=EventFormat.GROUP_SESSION
    )
    EmployerEventFactory(organisation=cast.ml_a, held_on=datetime.date(2026, 3, 20))  # never declared held
    employer_events.employer_event_hold(event=ours, membership=membership(cast.adviser_a), by=cast.adviser_a)
    employer_events.employer_event_hold(event=theirs, membership=membership(cast.adviser_c), by=cast.adviser_c)
    march = value("employers_events_held", "2026-03")
    assert (march.value, march.breakdown[EventFormat.JOB_DATING]) == (1, 1)
    assert value("employers_events_held", "2026-04").breakdown[EventFormat.GROUP_SESSION] == 1
    assert value("employers_events_held", "2026-Q1", Scope("organisation", str(cast.ml_c.pk))).value == 0
    assert value("employers_events_held", "2026", Scope("organisation", str(cast.ml_c.pk))).value == 1
    assert value("employers_events_held", "2026", Scope("adviser", str(cast.adviser_a.pk))).value == 1


def _queries(code, scope):
    with CaptureQueriesContext(connection) as queries:
        value(code, "2026", scope)
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_events(cast):
    pair = pair_of(cast)
    scope = Scope("departement", "67")

    def histories(count, month):
        for index in range(count):
            day = f"2026-{month:02d}-{index % 27 + 1:02d}"
            visit(EmployerFactory(), day, by=cast.adviser_a, pair=pair, offers=index % 3)
            send(propose(shared(cast.agency_b, at(day)), cast.ml_a, at(day)), at(day, "15:00:00"))

    histories(3, 1)
    before = {code: _queries(code, scope) for code in CODES}
    histories(30, 2)
    after = {code: _queries(code, scope) for code in CODES}
    assert after == before
    assert max(before.values()) <= 2
    assert value("employers_visits", "2026", scope).value == 33
