"""The referral family on hand-built histories: every figure below is counted by hand from the scenario."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.events.services import event_record
from tandem.indicators.periods import period_parse
from tandem.indicators.registry import CATALOGUE
from tandem.indicators.scopes import Scope
from tandem.indicators.selectors import convention_referrals_against_target, indicator_value
from tandem.organisations.enums import OrganisationKind
from tandem.partnerships.enums import Indicator as TargetIndicator
from tandem.partnerships.models import Target
from tandem.referrals import services
from tandem.referrals.enums import RefusalReason
from tandem.referrals.models import Referral
from tests.indicators.scenarios import accept, at, convention_of, gironde_pair, meet, propose, refuse
from tests.organisations.factories import OrganisationFactory
from tests.people.factories import PersonFactory

NATION = Scope("nation")


def value(code, period, scope=NATION):
    return indicator_value(code=code, period=period_parse(period), scope=scope)


@pytest.fixture
def march(cast):
    """Agency B → Mission Locale A, in March 2026:
    - r1 proposed 2 March, accepted 4 March (2 days), first meeting 9 March (accepted at noon on the 4th: 5 days);
    - r2 (a designation) proposed 3 March, accepted 7 March (4 days), first meeting 8 March (1 day);
    - r3 proposed 5 March, refused 14 March for lack of places (9 days);
    - r4 proposed 6 March, refused 10 March as outside the territory (4 days);
    - r5 proposed 10 March, accepted 12 March (2 days), no first meeting yet;
    - r6 proposed 20 March, never answered.
    Proposed: 6 (5 referrals, 1 designation); answered 5, accepted 3 → 60 %; entries 2 of 3 → 66.7 %;
    answer delays 2, 4, 9, 4, 2 → median 4; first-meeting delays 5 and 1 → median 3."""
    b, a = cast.agency_b, cast.ml_a
    r1 = accept(propose(b, a, at("2026-03-02")), at("2026-03-04"))
    meet(r1, "2026-03-09")
    r2 = accept(propose(b, a, at("2026-03-03"), designation=True), at("2026-03-07"))
    meet(r2, "2026-03-08")
    refuse(propose(b, a, at("2026-03-05")), at("2026-03-14"), RefusalReason.NO_CAPACITY)
    refuse(propose(b, a, at("2026-03-06")), at("2026-03-10"), RefusalReason.OUTSIDE_TERRITORY)
    accept(propose(b, a, at("2026-03-10")), at("2026-03-12"))
    propose(b, a, at("2026-03-20"))


def test_referrals_proposed_counts_referrals_and_designations(march):
    figure = value("referrals_proposed", "2026-03")
    assert figure.value == 6
    assert figure.breakdown == {"referral": 5, "designation": 1}
    assert value("referrals_proposed", "2026-02").value == 0


def test_the_acceptance_rate_is_accepted_over_answered(march):
    figure = value("referrals_acceptance_rate", "2026-03")
    assert (figure.value, figure.numerator, figure.denominator) == (60.0, 3, 5)


def test_refusals_are_split_by_reason(march):
    figure = value("referrals_refused_by_reason", "2026-Q1")
    assert figure.value == 2
    assert figure.breakdown[RefusalReason.NO_CAPACITY] == 1
    assert figure.breakdown[RefusalReason.OUTSIDE_TERRITORY] == 1
    assert sum(figure.breakdown.values()) == 2
    assert set(figure.breakdown) == set(RefusalReason.values)


def test_the_entry_rate_is_first_meetings_held_over_accepted(march):
    figure = value("referrals_entry_rate", "2026-03")
    assert (figure.value, figure.numerator, figure.denominator) == (66.7, 2, 3)


def test_the_median_delays_are_in_days(march):
    assert value("referrals_answer_delay", "2026-03").value == 4.0
    assert value("referrals_first_meeting_delay", "2026-03").value == 3.0


def test_an_empty_period_has_no_rate_and_no_median(march):
    assert value("referrals_acceptance_rate", "2025").value is None
    assert value("referrals_entry_rate", "2025").value is None
    assert value("referrals_answer_delay", "2025").value is None
    assert value("referrals_first_meeting_delay", "2025").value is None


def test_an_even_number_of_delays_has_the_mean_of_the_two_middle_ones_as_median(cast):
    b, a = cast.agency_b, cast.ml_a
    for proposed, answered in [("01", "02"), ("01", "03"), ("01", "05"), ("01", "11")]:
        accept(propose(b, a, at(f"2026-05-{proposed}")), at(f"2026-05-{answered}"))
    # Delays 1, 2, 4, 10 days: (2 + 4) / 2.
    assert value("referrals_answer_delay", "2026-05").value == 3.0


def test_the_last_second_of_march_and_the_first_of_april_fall_in_their_own_quarters(cast):
    b, a = cast.agency_b, cast.ml_a
    propose(b, a, at("2026-03-31", "23:59:59"))
    propose(b, a, at("2026-04-01", "00:00:00"))
    assert value("referrals_proposed", "2026-03").value == 1
    assert value("referrals_proposed", "2026-Q1").value == 1
    assert value("referrals_proposed", "2026-04").value == 1
    assert value("referrals_proposed", "2026-Q2").value == 1
    assert value("referrals_proposed", "2026").value == 2


def test_a_late_event_counts_in_the_period_it_happened(cast):
    """Recorded in May about March: March's figure takes it, May's does not."""
    b, a = cast.agency_b, cast.ml_a
    referral = propose(b, a, at("2026-03-02"))
    accept(referral, at("2026-03-03"))
    assert value("referrals_entry_rate", "2026-03").value == 0.0
    assert value("referrals_proposed", "2026-03").value == 1
    late = event_record(
        kind=EventKind.REFERRAL_PROPOSED,
        by=None,
        organisation=b,
        person=referral.person,
        subject=referral,
        occurred_at=at("2026-03-20"),
        payload={"from": b.name, "to": a.name},
    )
    Event.objects.filter(pk=late.pk).update(recorded_at=at("2026-05-12"))
    assert value("referrals_proposed", "2026-03").value == 2
    assert value("referrals_proposed", "2026-05").value == 0


def test_a_scope_selects_the_referrals_sent_or_received_by_its_organisations(cast):
    b, a = cast.agency_b, cast.ml_a
    d, c = gironde_pair(cast)
    propose(b, a, at("2026-03-02"))
    propose(b, a, at("2026-03-03"))
    propose(d, c, at("2026-03-04"))
    figure = lambda scope: value("referrals_proposed", "2026-03", scope).value  # noqa: E731
    assert figure(Scope("departement", "67")) == 2
    assert figure(Scope("departement", "33")) == 1
    assert figure(Scope("departement", "75")) == 0
    assert figure(Scope("region", "44")) == 2
    assert figure(Scope("region", "75")) == 1
    assert figure(NATION) == 3
    assert figure(Scope("organisation", str(a.pk))) == 2
    assert figure(Scope("organisation", str(b.pk))) == 2
    assert figure(Scope("organisation", str(c.pk))) == 1
    assert figure(Scope("commune", a.commune_id)) == 2
    assert figure(Scope("commune", "75056")) == 0


def test_an_adviser_s_scope_holds_the_referrals_they_proposed_or_answered(cast):
    person = PersonFactory(followed_by=cast.agency_b, commune_id="67180")
    services.referral_propose(
        person=person,
        from_organisation=cast.agency_b,
        to_organisation=cast.ml_a,
        by=cast.agent_b,
        proposed_at=at("2026-03-02"),
    )
    answered = propose(cast.agency_b, cast.ml_a, at("2026-03-03"))
    accept(answered, at("2026-03-04"))
    propose(cast.agency_b, cast.ml_a, at("2026-03-05"))
    figure = lambda user: value("referrals_proposed", "2026-03", Scope("adviser", str(user.pk))).value  # noqa: E731
    answerer = Referral.objects.get(pk=answered.pk).answered_by
    assert figure(cast.agent_b) == 1
    assert answerer is not None and figure(answerer) == 1
    assert figure(cast.adviser_c) == 0


def test_a_mission_locale_s_scope_holds_what_its_sites_received(cast):
    site = OrganisationFactory(
        kind=OrganisationKind.ML_SITE, name="Antenne A", parent=cast.ml_a, commune_id="67544", coverage=["67544"]
    )
    referral = propose(cast.agency_b, cast.ml_a, at("2026-03-02"), commune="67544")
    assert referral.to_organisation == site
    assert value("referrals_proposed", "2026-03", Scope("organisation", str(cast.ml_a.pk))).value == 1
    assert value("referrals_proposed", "2026-03", Scope("organisation", str(site.pk))).value == 1


def test_a_convention_is_compared_with_its_yearly_target(cast):
    convention = convention_of(cast, cast.ml_a, cast.agency_b)
    Target.objects.create(convention=convention, indicator=TargetIndicator.REFERRALS_PER_YEAR, year=2026, value=4)
    b, a = cast.agency_b, cast.ml_a
    propose(b, a, at("2026-02-01"))
    propose(b, a, at("2026-11-30"), designation=True)
    propose(b, a, at("2025-12-31", "23:00:00"))  # the year before
    d, c = gironde_pair(cast)
    propose(d, c, at("2026-03-01"))  # between others
    comparison = convention_referrals_against_target(convention=convention, year=2026)
    assert (comparison.value, comparison.target, comparison.ratio) == (2, 4, 0.5)
    without = convention_referrals_against_target(convention=convention, year=2027)
    assert (without.value, without.target, without.ratio) == (0, None, None)


def test_a_convention_counts_only_its_parties_dealings_with_each_other(cast):
    from tests.organisations.factories import PartnershipLinkFactory

    convention = convention_of(cast, cast.ml_a, cast.agency_b)
    PartnershipLinkFactory(organisation_a=cast.ml_c, organisation_b=cast.agency_b, starts_on=datetime.date(2021, 1, 1))
    propose(cast.agency_b, cast.ml_a, at("2026-03-02"))
    propose(cast.agency_b, cast.ml_c, at("2026-03-03"))  # B is a party, C is not
    assert value("referrals_proposed", "2026", Scope("convention", str(convention.pk))).value == 1
    assert value("referrals_proposed", "2026", Scope("organisation", str(cast.agency_b.pk))).value == 2


def _queries(code, scope):
    with CaptureQueriesContext(connection) as queries:
        value(code, "2026", scope)
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_events(cast):
    """Each indicator is one aggregate query (a median two on SQLite: the count, the middle rows; four for the
    young people put forward to temp agencies), whether the year holds 3 referral histories or 30."""
    b, a = cast.agency_b, cast.ml_a
    scope = Scope("departement", "67")

    def histories(count, month):
        for index in range(count):
            day = f"2026-{month:02d}-{index % 27 + 1:02d}"
            referral = accept(propose(b, a, at(day, "09:00:00")), at(day, "15:00:00"))
            refuse(propose(b, a, at(day, "10:00:00")), at(day, "16:00:00"), RefusalReason.UNREACHABLE)
            meet(referral, day)

    histories(3, 1)
    before = {code: _queries(code, scope) for code in CATALOGUE}
    histories(30, 2)
    after = {code: _queries(code, scope) for code in CATALOGUE}
    assert after == before
    # The young people put forward to temp agencies: one count per path and one for their people together.
    assert before.pop("temp_work_young_people_put_forward") == 4
    assert max(before.values()) <= 2
    assert value("referrals_proposed", "2026", scope).value == 66


def test_a_withdrawn_referral_is_proposed_but_never_answered(cast):
    b, a = cast.agency_b, cast.ml_a
    accept(propose(b, a, at("2026-06-01")), at("2026-06-02"))
    withdrawn = propose(b, a, at("2026-06-03"))
    services.referral_withdraw(referral=withdrawn, by=None, organisation=b, at=at("2026-06-04"))
    assert value("referrals_proposed", "2026-06").value == 2
    figure = value("referrals_acceptance_rate", "2026-06")
    assert (figure.value, figure.numerator, figure.denominator) == (100.0, 1, 1)


def test_a_past_period_keeps_its_figures_when_the_referrals_move_on(cast):
    b, a = cast.agency_b, cast.ml_a
    referral = accept(propose(b, a, at("2026-03-02")), at("2026-03-05"))
    before = {code: value(code, "2026-03") for code in CATALOGUE}
    services.referral_withdraw(referral=referral, by=None, organisation=b, at=at("2026-04-10"))
    assert {code: value(code, "2026-03") for code in CATALOGUE} == before
