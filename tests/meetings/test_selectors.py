"""Reads of meetings and action plans: the cadence rule (docs/meetings.md), the overdue actions, the plan's filters
and the scoping of one meeting, decision or action to who sees the convention."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tandem.meetings import selectors, services
from tandem.meetings.enums import ActionStatus, MeetingKind
from tandem.meetings.models import Decision, Meeting, PlanAction
from tandem.partnerships.models import Convention
from tests.meetings.factories import action, at, convention_of, meeting
from tests.partnerships.factories import membership_of


def _convention(**terms) -> Convention:
    return Convention(starts_on=terms.get("starts_on", datetime.date(2020, 1, 1)), ends_on=terms.get("ends_on"))


def test_the_cadence_counts_held_and_planned_meetings_of_the_year_against_the_prorated_requirement():
    # 5 a year, on 2 December 2026: 4 should have been held by now at an even pace (5 × 336 / 365 = 4.6).
    cadence = selectors.cadence_of(
        kind=MeetingKind.STEERING,
        per_year=5,
        year=2026,
        today=datetime.date(2026, 12, 2),
        convention=_convention(),
        held=3,
        planned=1,
        source="target",
    )
    assert (cadence.required, cadence.due, cadence.held, cadence.planned) == (5, 4, 3, 1)
    assert (cadence.missing, cadence.late, cadence.behind) == (1, 1, True)


def test_the_cadence_is_not_behind_when_the_planned_meetings_complete_the_year_at_the_pace():
    # Every two months (6), on 1 May: 1 due by then (6 × 121 / 365 = 1.99), 2 held, 4 planned.
    cadence = selectors.cadence_of(
        kind=MeetingKind.DIRECTORS,
        per_year=6,
        year=2026,
        today=datetime.date(2026, 5, 1),
        convention=_convention(),
        held=2,
        planned=4,
        source="cadence",
    )
    assert (cadence.required, cadence.due, cadence.missing, cadence.late, cadence.behind) == (6, 1, 0, 0, False)


def test_a_convention_in_force_for_part_of_the_year_asks_for_its_share_of_the_meetings():
    # From 1 July: 184 days of 365, 5 a year → 3 (rounded up), none due on 1 July.
    cadence = selectors.cadence_of(
        kind=MeetingKind.STEERING,
        per_year=5,
        year=2026,
        today=datetime.date(2026, 7, 1),
        convention=_convention(starts_on=datetime.date(2026, 7, 1)),
        held=0,
        planned=3,
        source="target",
    )
    assert (cadence.required, cadence.due, cadence.behind) == (3, 0, False)


def test_cadences_read_the_steering_target_and_the_kinds_cadences_against_this_year_s_meetings(cast):
    convention = convention_of(cast)
    director = {"user": cast.director_a, "membership": membership_of(cast.director_a)}
    services.cadence_set(convention=convention, kind=MeetingKind.STEERING, per_year=5, **director)
    services.cadence_set(convention=convention, kind=MeetingKind.DIRECTORS, per_year=6, **director)
    today = timezone.localdate()
    year_start = datetime.date(today.year, 1, 1)
    for days in (10, 40):
        meeting(cast, convention, starts_at=at(year_start + datetime.timedelta(days=days)), held=True)
    cancelled = meeting(cast, convention, starts_at=at(year_start + datetime.timedelta(days=60)))
    services.meeting_cancel(meeting=cancelled, **director)
    meeting(cast, convention, starts_at=timezone.now() + datetime.timedelta(days=1))
    meeting(cast, convention, starts_at=at(datetime.date(today.year - 1, 6, 1)), held=True)  # last year
    cadences = selectors.cadences_for(convention=convention, today=today)
    steering, directors = cadences
    assert (steering.kind, steering.per_year, steering.source) == (MeetingKind.STEERING, 5, "target")
    planned = 1 if (timezone.now() + datetime.timedelta(days=1)).year == today.year else 0
    assert (steering.held, steering.planned) == (2, planned)
    assert (directors.kind, directors.per_year, directors.held, directors.source) == (
        MeetingKind.DIRECTORS,
        6,
        0,
        "cadence",
    )


def test_a_convention_without_cadence_has_no_warning(cast):
    assert selectors.cadences_for(convention=convention_of(cast)) == []


def test_overdue_actions_are_past_due_and_neither_done_nor_dropped(cast):
    convention = convention_of(cast)
    today = timezone.localdate()
    late = action(cast, convention, title="En retard", due_on=today - datetime.timedelta(days=1))
    action(cast, convention, title="Due aujourd'hui", due_on=today)
    action(cast, convention, title="Sans échéance")
    done = action(cast, convention, title="Faite", due_on=today - datetime.timedelta(days=5))
    services.action_complete(action=done, user=cast.director_a, membership=membership_of(cast.director_a))
    overdue = selectors.action_overdue_for(user=cast.adviser_a, membership=membership_of(cast.adviser_a))
    assert list(overdue) == [late]
    assert list(PlanAction.objects.overdue(today=today)) == [late]
    assert late.is_overdue(today=today) and not done.is_overdue(today=today)
    assert list(selectors.action_overdue_for(user=cast.adviser_c, membership=membership_of(cast.adviser_c))) == []


def test_the_plan_filters_by_year_status_axis_and_pilot(cast):
    convention = convention_of(cast)
    first = action(cast, convention, axis="Mobilité", year=2026)
    second = action(cast, convention, owner_organisation=cast.agency_b, year=2026)
    action(cast, convention, year=2027)
    services.action_start(action=second, user=cast.director_a, membership=membership_of(cast.director_a))
    assert set(selectors.action_list(convention=convention, year=2026)) == {first, second}
    assert list(selectors.action_list(convention=convention, year=2026, axis="Mobilité")) == [first]
    assert list(selectors.action_list(convention=convention, year=2026, status=ActionStatus.IN_PROGRESS)) == [second]
    assert list(selectors.action_list(convention=convention, year=2026, owner_organisation=cast.agency_b.pk)) == [
        second
    ]
    assert selectors.action_years(convention=convention) == [2027, 2026]


def test_a_meeting_its_decisions_and_actions_are_read_only_by_who_sees_the_convention(cast):
    convention = convention_of(cast)
    row = meeting(cast, convention, starts_at=timezone.now() - datetime.timedelta(days=1), held=True)
    decision = services.decision_record(
        meeting=row, text="Décision", user=cast.director_a, membership=membership_of(cast.director_a)
    )
    created = action(cast, convention)
    for persona in ("adviser_a", "agent_b", "director_a", "admin"):
        user = getattr(cast, persona)
        assert selectors.meeting_get_for(user=user, membership=membership_of(user), pk=row.pk) == row
    for persona in ("adviser_c", "observer", "temp_contact"):
        user = getattr(cast, persona)
        membership = membership_of(user)
        with pytest.raises(Meeting.DoesNotExist):
            selectors.meeting_get_for(user=user, membership=membership, pk=row.pk)
        with pytest.raises(Decision.DoesNotExist):
            selectors.decision_get_for(user=user, membership=membership, pk=decision.pk)
        with pytest.raises(PlanAction.DoesNotExist):
            selectors.action_get_for(user=user, membership=membership, pk=created.pk)
