"""The offers family on hand-built histories: every figure below is counted by hand from the scenario. Every event
is recorded today (December) about earlier months: each figure read on its month is a late event's."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.indicators.registry import CATALOGUE
from tandem.indicators.scopes import Scope
from tandem.offers import services as offer_services
from tandem.offers.enums import ContractType, OfferSource
from tests.indicators.activity import at, happened, hire, pair_of, propose, send, shared, value, visit
from tests.indicators.scenarios import convention_of
from tests.prospecting.factories import EmployerFactory

CODES = [code for code, item in CATALOGUE.items() if item.family == "offers"]


@pytest.fixture
def march(cast):
    """Mission Locale A (A), France Travail B (B), the temp agency (T):
    - shared in March: o1 by A (adviser A, 2 March), o2 by A (31 March 23:59:59), o4 by T (10 March); o3 by B on
      28 February at noon, o6 by B on 1 March at noon, o5 by B on 1 April at 00:00:00;
    - A puts people forward on B's o3 (adviser A, 5 March; hired 20 March at noon: o3 filled in 20 days) and o6
      (2 March; hired 11 March at noon: o6 filled in 10 days); B puts someone forward on T's o4 (15 March);
    - o1 withdrawn on 25 March.
    March: shared 4 (partner 3, temp agency 1); positionings 3, sent 2; hires 2 (CDD); fill rate 2 of 3 closed;
    median time to fill 15 days."""
    a, b, t = cast.ml_a, cast.agency_b, cast.temp_agency
    o1 = shared(a, at("2026-03-02"), by=cast.adviser_a)
    shared(a, at("2026-03-31", "23:59:59"))
    o3 = shared(b, at("2026-02-28"))
    o4 = shared(t, at("2026-03-10"))
    shared(b, at("2026-04-01", "00:00:00"))
    o6 = shared(b, at("2026-03-01"))
    hire(propose(o3, a, at("2026-03-05"), by=cast.adviser_a), at("2026-03-20"))
    hire(propose(o6, a, at("2026-03-02")), at("2026-03-11"))
    propose(o4, b, at("2026-03-15"))
    offer_services.offer_withdraw(offer=o1, by=None, organisation=a)
    happened(EventKind.OFFER_WITHDRAWN, o1, at("2026-03-25"))


def test_offers_shared_are_counted_by_their_creation_and_split_by_source(march):
    figure = value("offers_shared", "2026-03")
    assert figure.value == 4
    assert figure.breakdown[OfferSource.PARTNER] == 3
    assert figure.breakdown[OfferSource.TEMP_AGENCY] == 1
    assert set(figure.breakdown) == set(OfferSource.values)
    assert value("offers_shared", "2026-02").value == 1
    assert value("offers_shared", "2026-04").value == 1
    assert value("offers_shared", "2026-Q1").value == 5


def test_positionings_and_hires(march):
    figure = value("offers_positionings", "2026-03")
    assert (figure.value, figure.breakdown) == (3, {"proposed": 3, "sent": 2})
    hires = value("offers_hires", "2026-03")
    assert hires.value == 2
    assert hires.breakdown[ContractType.CDD] == 2
    assert set(hires.breakdown) == set(ContractType.values)
    assert value("offers_hires", "2026-04").value == 0


def test_the_fill_rate_is_filled_over_closed_and_the_median_time_to_fill_is_in_days(march):
    figure = value("offers_fill_rate", "2026-03")
    assert (figure.value, figure.numerator, figure.denominator) == (66.7, 2, 3)
    assert value("offers_time_to_fill", "2026-03").value == 15.0
    assert value("offers_fill_rate", "2025").value is None
    assert value("offers_time_to_fill", "2025").value is None


def test_the_last_second_of_march_and_the_first_of_april_fall_in_their_own_months(march, cast):
    a = Scope("organisation", str(cast.ml_a.pk))
    b = Scope("organisation", str(cast.agency_b.pk))
    assert value("offers_shared", "2026-03", a).value == 2  # o1 and o2 (23:59:59)
    assert value("offers_shared", "2026-04", a).value == 0
    assert value("offers_shared", "2026-04", b).value == 1  # o5 (00:00:00)
    assert value("offers_shared", "2026-03", b).value == 1  # o6


def test_a_late_event_counts_in_the_period_it_happened(cast):
    """Recorded in May about March: March's figure takes it, May's does not."""
    offer = shared(cast.ml_a, at("2026-03-12"))
    Event.objects.filter(kind=EventKind.OFFER_CREATED, subject_id=offer.pk).update(recorded_at=at("2026-05-12"))
    assert value("offers_shared", "2026-03").value == 1
    assert value("offers_shared", "2026-05").value == 0


def test_scopes_select_the_offers_shared_and_the_positionings_of_either_side(march, cast):
    a, b, t = cast.ml_a, cast.agency_b, cast.temp_agency
    convention = convention_of(cast, a, b)
    positionings = lambda scope: value("offers_positionings", "2026-03", scope).value  # noqa: E731
    assert positionings(Scope("organisation", str(a.pk))) == 2  # A proposed them
    assert positionings(Scope("organisation", str(b.pk))) == 3  # B shares two offers, proposed on the third
    assert positionings(Scope("organisation", str(t.pk))) == 1  # on T's offer
    assert positionings(Scope("convention", str(convention.pk))) == 2  # A → B only: T is not a party
    assert positionings(Scope("departement", "67")) == 3
    assert positionings(Scope("departement", "33")) == 0
    assert value("offers_fill_rate", "2026-03", Scope("organisation", str(a.pk))).denominator == 1  # o1 withdrawn
    assert value("offers_fill_rate", "2026-03", Scope("organisation", str(b.pk))).value == 100.0
    assert value("offers_time_to_fill", "2026-03", Scope("convention", str(convention.pk))).value == 15.0


def test_an_adviser_s_scope_holds_the_offers_they_created_and_the_positionings_they_proposed(march, cast):
    adviser = Scope("adviser", str(cast.adviser_a.pk))
    assert value("offers_shared", "2026-03", adviser).value == 1
    assert value("offers_positionings", "2026-03", adviser).breakdown == {"proposed": 1, "sent": 1}
    assert value("offers_hires", "2026-03", adviser).value == 1
    assert value("offers_positionings", "2026-03", Scope("adviser", str(cast.adviser_c.pk))).value == 0


def test_offers_collected_by_pairs_are_those_of_their_visits(cast):
    pair = pair_of(cast)
    visit(EmployerFactory(), "2026-03-10", by=cast.agent_b, pair=pair, offers=2)  # shared by B
    visit(EmployerFactory(), "2026-04-01", by=cast.adviser_c, offers=1)  # no pair
    shared(cast.ml_a, at("2026-03-11"))  # not from a visit
    figure = lambda scope=None: value("offers_collected_by_pairs", "2026-03", scope or Scope("nation")).value  # noqa: E731
    assert figure() == 2
    assert value("offers_collected_by_pairs", "2026-04").value == 0
    assert value("offers_shared", "2026-Q2").value == 1
    assert figure(Scope("organisation", str(cast.ml_a.pk))) == 2  # A is in the pair
    assert figure(Scope("organisation", str(cast.ml_c.pk))) == 0
    assert figure(Scope("convention", str(convention_of(cast, cast.ml_a, cast.agency_b).pk))) == 2
    assert figure(Scope("convention", str(convention_of(cast, cast.ml_c, cast.agency_b).pk))) == 0
    assert figure(Scope("adviser", str(cast.adviser_a.pk))) == 2
    assert figure(Scope("adviser", str(cast.adviser_c.pk))) == 0


def test_positionings_hires_and_closures_at_the_turn_of_the_month(cast):
    """Proposed, hired (filling the offer) and withdrawn at 23:59:59 on 31 March, or at 00:00:00 on 1 April."""
    a, b = cast.ml_a, cast.agency_b
    for moment in (at("2026-03-31", "23:59:59"), at("2026-04-01", "00:00:00")):
        hire(propose(shared(b, at("2026-03-01")), a, moment - datetime.timedelta(days=3)), moment)
        withdrawn = shared(b, at("2026-03-01"))
        offer_services.offer_withdraw(offer=withdrawn, by=None, organisation=b)
        happened(EventKind.OFFER_WITHDRAWN, withdrawn, moment)
        propose(shared(b, at("2026-03-01")), a, moment)
    # Proposed: the hired ones three days before (28 March 23:59:59, 29 March 00:00:00), sent two days before.
    assert value("offers_positionings", "2026-03").breakdown == {"proposed": 3, "sent": 2}
    assert value("offers_positionings", "2026-04").breakdown == {"proposed": 1, "sent": 0}
    assert value("offers_positionings", "2026-Q2").value == 1
    for month in ("2026-03", "2026-04"):
        assert value("offers_hires", month).value == 1
        fill = value("offers_fill_rate", month)
        assert (fill.numerator, fill.denominator) == (1, 2)


def test_an_adviser_s_fill_rate_and_time_to_fill_are_those_of_the_offers_they_created(cast):
    a, b = cast.ml_a, cast.agency_b
    theirs = shared(b, at("2026-03-01"), by=cast.agent_b)
    hire(propose(theirs, a, at("2026-03-02")), at("2026-03-05"))  # 4 days
    other = shared(b, at("2026-03-01"))
    hire(propose(other, a, at("2026-03-02")), at("2026-03-09"))  # 8 days, created by nobody in particular
    agent = Scope("adviser", str(cast.agent_b.pk))
    assert value("offers_time_to_fill", "2026-03", agent).value == 4.0
    assert value("offers_time_to_fill", "2026-03").value == 6.0
    assert value("offers_fill_rate", "2026-03", agent).denominator == 1
    assert value("offers_fill_rate", "2026-03", Scope("adviser", str(cast.adviser_a.pk))).value is None


def _queries(code, scope):
    with CaptureQueriesContext(connection) as queries:
        value(code, "2026", scope)
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_events(cast):
    a, b = cast.ml_a, cast.agency_b
    scope = Scope("departement", "67")

    def histories(count, month):
        for index in range(count):
            day = f"2026-{month:02d}-{index % 27 + 1:02d}"
            offer = shared(b, at(day, "08:00:00"))
            positioning = propose(offer, a, at(day, "09:00:00"))
            if index % 2:
                hire(positioning, at(day, "16:00:00"), contract=ContractType.CDI)
            else:
                send(positioning, at(day, "10:00:00"))

    histories(3, 1)
    before = {code: _queries(code, scope) for code in CODES}
    histories(30, 2)
    after = {code: _queries(code, scope) for code in CODES}
    assert after == before
    assert max(before.values()) <= 2
    assert value("offers_shared", "2026", scope).value == 33
