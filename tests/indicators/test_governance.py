"""The governance family on hand-built histories: every figure below is counted by hand from the scenario."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.events.enums import EventKind
from tandem.indicators.registry import CATALOGUE
from tandem.indicators.scopes import Scope
from tandem.meetings import services as meetings
from tandem.meetings.enums import MeetingKind
from tandem.organisations.enums import OrganisationKind
from tandem.partnerships import services as partnerships
from tandem.partnerships.enums import ConventionKind, ConventionLevel, PartyRole
from tandem.partnerships.enums import Indicator as TargetIndicator
from tests.indicators.activity import at, happened, value
from tests.organisations.factories import OrganisationFactory
from tests.partnerships.factories import convention_by_admin, membership_of

CODES = [code for code, item in CATALOGUE.items() if item.family == "governance"]


def signed(cast, ml, agency, *, signed_on=datetime.date(2025, 12, 1), kind=ConventionKind.COTRAITANCE):
    """A local convention of a Mission Locale and its reference site, signed that day, in force."""
    convention = convention_by_admin(
        cast.admin,
        level=ConventionLevel.LOCAL,
        kind=kind,
        title=f"Convention {ml.name} – {agency.name}",
        parties=[(ml, PartyRole.SIGNATORY), (agency, PartyRole.REFERENCE_SITE)],
        sign=False,
    )
    admin = {"user": cast.admin, "membership": membership_of(cast.admin)}
    convention = partnerships.convention_sign(convention=convention, signed_on=signed_on, **admin)
    return partnerships.convention_activate(convention=convention, **admin)


def link_convention(cast):
    """A–B's convention: the cast's partnership link (since 1 December 2021) adopted as a convention, in force, with
    no signature day."""
    return partnerships.convention_of_link(link=cast.ml_a.links_as_a.get(organisation_b=cast.agency_b))


def gironde(cast):
    """Mission Locale C (Bordeaux) and France Travail D (Bordeaux): a convention without a steering target."""
    agency_d = OrganisationFactory(kind=OrganisationKind.FT_AGENCY, name="France Travail D", commune_id="33063")
    return signed(cast, cast.ml_c, agency_d)


def admin_of(cast):
    return {"user": cast.admin, "membership": membership_of(cast.admin)}


def held(cast, convention, starts_at, *, kind=MeetingKind.STEERING, hold=True):
    data = meetings.MeetingData(
        kind=kind, title="Comité", starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2)
    )
    meeting = meetings.meeting_create(convention=convention, data=data, **admin_of(cast))
    if hold:
        return meetings.meeting_hold(meeting=meeting, **admin_of(cast))
    return meetings.meeting_cancel(meeting=meeting, **admin_of(cast))


@pytest.fixture
def committees(cast):
    """A–B (Bas-Rhin, 4 steering committees a year for 2026) holds steering committees on 10 February and on 31 March
    at 23:00, a coordination meeting on 5 March, another steering committee on 1 April at 00:00, and cancels one on
    20 March. C–D (Gironde, no target: 5 a year) holds one on 15 March.
    Q1: A–B 2 held of 4 / 4 = 1 expected → 200 %; C–D 1 of 1.25 → 80 %; nation 3 of 2.25 → 133.3 %."""
    ours = link_convention(cast)
    partnerships.target_set(
        convention=ours,
        indicator=TargetIndicator.STEERING_MEETINGS_PER_YEAR,
        value=Decimal(4),
        year=2026,
        **admin_of(cast),
    )
    held(cast, ours, at("2026-02-10", "10:00:00"))
    held(cast, ours, at("2026-03-31", "23:00:00"))
    held(cast, ours, at("2026-03-05", "10:00:00"), kind=MeetingKind.COORDINATION)
    held(cast, ours, at("2026-04-01", "00:00:00"))
    held(cast, ours, at("2026-03-20", "10:00:00"), hold=False)
    theirs = gironde(cast)
    held(cast, theirs, at("2026-03-15", "10:00:00"))
    return ours, theirs


def test_steering_committees_are_counted_on_their_day_with_the_other_meetings_in_the_split(committees):
    q1 = value("governance_steering_meetings", "2026-Q1")
    assert q1.value == 3
    assert q1.breakdown[MeetingKind.COORDINATION] == 1
    assert set(q1.breakdown) == set(MeetingKind.values)
    assert value("governance_steering_meetings", "2026-03").value == 2  # 31 March at 23:00, C–D's
    assert value("governance_steering_meetings", "2026-04").value == 1  # 1 April at 00:00


def test_committees_are_compared_with_the_cadence_prorated_to_the_period(committees, cast):
    ours, theirs = (Scope("convention", str(convention.pk)) for convention in committees)
    figure = value("governance_steering_cadence_rate", "2026-Q1", ours)
    assert (figure.value, figure.numerator, figure.breakdown) == (200.0, 2, {"expected_per_year": 4})
    assert value("governance_steering_cadence_rate", "2026-Q1", theirs).value == 80.0
    assert value("governance_steering_cadence_rate", "2026-Q1").value == 133.3
    assert value("governance_steering_cadence_rate", "2026", ours).value == 75.0  # 3 of 4
    assert value("governance_steering_cadence_rate", "2026-Q1", Scope("departement", "33")).value == 80.0
    assert value("governance_steering_cadence_rate", "2026-Q1", Scope("departement", "67")).value == 200.0
    a = Scope("organisation", str(cast.ml_a.pk))
    assert value("governance_steering_meetings", "2026-Q1", a).value == 2
    # C–D was signed on 1 December 2025: nothing expected before; A–B's link runs since 2021.
    assert value("governance_steering_cadence_rate", "2025-11", theirs).value is None
    assert value("governance_steering_cadence_rate", "2025-11", ours).value == 0.0


def test_the_fte_seconded_is_read_on_the_period_s_last_day_against_the_target(cast):
    convention = link_convention(cast)
    for fte, ends_on in ((Decimal("0.5"), None), (Decimal("0.3"), datetime.date(2026, 2, 15))):
        partnerships.secondment_create(
            convention=convention,
            data=partnerships.SecondmentData(
                agent_name="Agent",
                from_agency=cast.agency_b,
                to_mission_locale=cast.ml_a,
                fte=fte,
                starts_on=datetime.date(2026, 1, 1),
                ends_on=ends_on,
            ),
            **admin_of(cast),
        )
    assert value("governance_fte_seconded", "2026-01").value == 0.8
    assert value("governance_fte_seconded", "2026-Q1").value == 0.5
    assert value("governance_fte_seconded", "2025-12").value == 0
    assert value("governance_fte_seconded_rate", "2026-01").value is None  # no target yet
    partnerships.target_set(
        convention=convention, indicator=TargetIndicator.FTE_SECONDED, value=Decimal(1), year=2026, **admin_of(cast)
    )
    assert value("governance_fte_seconded_rate", "2026-01").value == 80.0
    assert value("governance_fte_seconded_rate", "2026-Q1").value == 50.0
    assert value("governance_fte_seconded", "2026-Q1", Scope("departement", "33")).value == 0
    assert value("governance_fte_seconded", "2026-Q1", Scope("organisation", str(cast.agency_b.pk))).value == 0.5


def test_action_plan_completion_reads_each_action_s_state_at_the_period_s_end(cast):
    ours = link_convention(cast)

    def action(year=2026):
        data = meetings.ActionData(year=year, title="Présenter les métiers", owner_organisation=cast.ml_a)
        return meetings.action_create(convention=ours, data=data, **admin_of(cast))

    first, dropped, started, _todo = action(), action(), action(), action()
    action(year=2025)  # another year's plan
    meetings.action_complete(action=first, **admin_of(cast))
    meetings.action_drop(action=dropped, **admin_of(cast))
    meetings.action_start(action=started, **admin_of(cast))
    # The first action was added on 1 March and done on 1 May (the others were added today).
    happened(EventKind.CONVENTION_ACTION_CREATED, ours, at("2026-03-01"), action=first.pk)
    happened(EventKind.CONVENTION_ACTION_DONE, ours, at("2026-05-01"), action=first.pk)
    figure = value("governance_action_plan_completion", "2026")
    assert (figure.value, figure.numerator, figure.denominator) == (33.3, 1, 3)  # 1 done of 3 not dropped
    q1 = value("governance_action_plan_completion", "2026-Q1")
    assert (q1.value, q1.numerator, q1.denominator) == (0.0, 0, 1)  # only the first, still to do
    assert value("governance_action_plan_completion", "2026-Q2").value == 100.0
    assert value("governance_action_plan_completion", "2026-01").value is None
    assert value("governance_action_plan_completion", "2026", Scope("departement", "33")).value is None
    assert value("governance_action_plan_completion", "2026", Scope("convention", str(ours.pk))).numerator == 1


def test_an_adviser_s_conventions_are_those_they_are_the_single_contact_of(committees, cast):
    assert value("governance_steering_meetings", "2026", Scope("adviser", str(cast.adviser_a.pk))).value == 0
    ours = committees[0]
    party = ours.parties.get(organisation=cast.ml_a)
    partnerships.party_update(party=party, role=party.role, contact=cast.adviser_a, **admin_of(cast))
    assert value("governance_steering_meetings", "2026", Scope("adviser", str(cast.adviser_a.pk))).value == 3


def _queries(code, scope):
    with CaptureQueriesContext(connection) as queries:
        value(code, "2026", scope)
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_events(cast):
    ours = link_convention(cast)
    partnerships.target_set(
        convention=ours, indicator=TargetIndicator.FTE_SECONDED, value=Decimal(2), year=2026, **admin_of(cast)
    )
    scope = Scope("departement", "67")

    def histories(count, month):
        for index in range(count):
            held(cast, ours, at(f"2026-{month:02d}-{index % 27 + 1:02d}", "10:00:00"))
            data = meetings.ActionData(year=2026, title=f"Action {month}-{index}", owner_organisation=cast.ml_a)
            meetings.action_complete(
                action=meetings.action_create(convention=ours, data=data, **admin_of(cast)), **admin_of(cast)
            )

    histories(3, 1)
    before = {code: _queries(code, scope) for code in CODES}
    histories(30, 2)
    after = {code: _queries(code, scope) for code in CODES}
    assert after == before
    assert max(before.values()) <= 2
    assert value("governance_steering_meetings", "2026", scope).value == 33
