"""Bordeaux's governance in the demo (loaded once): steering committees one short of their five a year, so the
cadence's warning shows; the directors' committee every two months, on pace; minutes, decisions, one made an
action; a joint action plan with one action overdue; a second load adds nothing."""

from __future__ import annotations

from django.utils import timezone

from tandem.demo.meetings import bordeaux_convention, bordeaux_meetings_load
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.meetings.enums import MeetingKind, MeetingStatus
from tandem.meetings.models import Decision, Meeting, PlanAction
from tandem.meetings.selectors import action_overdue_for, cadences_for


def test_bordeaux_s_steering_committees_are_one_short_and_its_directors_meet_every_two_months(demo):
    convention = bordeaux_convention()
    cadences = {cadence.kind: cadence for cadence in cadences_for(convention=convention)}
    steering, directors = cadences[MeetingKind.STEERING], cadences[MeetingKind.DIRECTORS]
    assert (steering.per_year, steering.source, directors.per_year) == (5, "target", 6)
    assert steering.behind and steering.missing >= 1
    assert not directors.behind or directors.late == 0
    held = convention.meetings.filter(
        kind=MeetingKind.STEERING, status__in=[MeetingStatus.HELD, MeetingStatus.APPROVED]
    )
    assert all(meeting.minutes for meeting in held)
    assert convention.meetings.filter(kind=MeetingKind.STEERING, status=MeetingStatus.PLANNED).exists()
    assert convention.meetings.filter(kind=MeetingKind.DIRECTORS).count() == 6


def test_bordeaux_s_joint_plan_has_an_overdue_action_and_one_born_of_a_decision(demo):
    convention = bordeaux_convention()
    year = timezone.localdate().year
    actions = PlanAction.objects.filter(convention=convention, year=year)
    assert actions.count() >= 3
    overdue = action_overdue_for(user=None, membership=None, convention=convention)
    assert overdue.count() == 1
    if Decision.objects.filter(meeting__convention=convention).exists():
        assert actions.filter(decision__isnull=False).exists()
    assert Event.objects.filter(
        subject_type="convention", subject_id=convention.pk, kind=EventKind.CONVENTION_ACTION_CREATED
    ).exists()


def test_a_second_load_adds_nothing(demo):
    before = (Meeting.objects.count(), Decision.objects.count(), PlanAction.objects.count(), Event.objects.count())
    bordeaux_meetings_load()
    assert (
        Meeting.objects.count(),
        Decision.objects.count(),
        PlanAction.objects.count(),
        Event.objects.count(),
    ) == before
