"""Meetings' and action plans' services: the meeting's workflow, invitations, attendance, minutes, decisions that
become actions, the plan's actions and their workflow, reviews, the cadence's storage, the events they write on
the convention, and who may write (a party's managers, the action's owner for its status; nobody else)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tandem.core.errors import Conflict
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.meetings import services
from tandem.meetings.enums import ActionStatus, Attendance, MeetingKind, MeetingStatus
from tandem.meetings.models import ActionReview, Decision, Invitee, Meeting, MeetingCadence, PlanAction
from tandem.partnerships.enums import Indicator
from tandem.partnerships.models import Target
from tests.meetings.factories import action, convention_of, meeting, other_convention
from tests.partnerships.factories import manager_of, membership_of

PAST = timezone.now() - datetime.timedelta(days=3)


def _rows() -> list:
    return [
        list(model.objects.order_by("pk").values_list())
        for model in (Meeting, Invitee, Decision, PlanAction, ActionReview, MeetingCadence, Target, Event)
    ]


def _as(user):
    return {"user": user, "membership": membership_of(user)}


def test_a_manager_plans_a_meeting_with_the_parties_invited_on_the_convention_s_timeline(cast):
    convention = convention_of(cast)
    row = meeting(cast, convention, title="Comité de pilotage de mars")
    assert row.status == MeetingStatus.PLANNED
    assert row.agenda == ["Bilan des orientations", "Plan d'action"]
    assert {i.organisation_id for i in row.invitees.all()} == {cast.ml_a.pk, cast.agency_b.pk}
    event = Event.objects.get(kind=EventKind.CONVENTION_MEETING_PLANNED)
    assert (event.subject_type, event.subject_id) == ("convention", convention.pk)
    assert event.payload["meeting"] == row.pk and event.payload["meeting_kind"] == MeetingKind.STEERING
    assert event.actor_organisation == cast.ml_a


def test_a_meeting_is_held_once_started_then_its_minutes_are_approved(cast):
    convention = convention_of(cast)
    upcoming = meeting(cast, convention)
    with pytest.raises(ValidationError, match="à venir"):
        services.meeting_hold(meeting=upcoming, **_as(cast.director_a))
    row = meeting(cast, convention, starts_at=PAST)
    row = services.meeting_hold(meeting=row, **_as(cast.director_a))
    assert row.status == MeetingStatus.HELD
    with pytest.raises(ValidationError, match="Rédigez le compte rendu"):
        services.meeting_approve(meeting=row, **_as(cast.director_a))
    row = services.meeting_minutes_write(meeting=row, minutes="  Le comité a fait le point.  ", **_as(cast.director_a))
    assert row.minutes == "Le comité a fait le point."
    row = services.meeting_approve(meeting=row, **_as(cast.director_a))
    assert row.status == MeetingStatus.APPROVED
    # Approved minutes no longer change, nor do its decisions.
    with pytest.raises(Conflict):
        services.meeting_minutes_write(meeting=row, minutes="Autre chose", **_as(cast.director_a))
    with pytest.raises(Conflict):
        services.decision_record(meeting=row, text="Trop tard", **_as(cast.director_a))
    kinds = list(
        Event.objects.filter(subject_type="convention", subject_id=convention.pk).values_list("kind", flat=True)
    )
    assert EventKind.CONVENTION_MEETING_HELD in kinds
    assert EventKind.CONVENTION_MEETING_MINUTES in kinds
    assert EventKind.CONVENTION_MEETING_APPROVED in kinds


def test_a_planned_meeting_is_changed_or_cancelled_but_a_cancelled_one_no_longer_changes(cast):
    convention = convention_of(cast)
    row = meeting(cast, convention)
    data = services.MeetingData(
        kind=MeetingKind.STEERING,
        title="Comité de pilotage (visio)",
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        video_url="https://visio.example.org/copil",
        agenda=["Bilan"],
    )
    row, changed = services.meeting_update(meeting=row, data=data, **_as(cast.director_a))
    assert changed == ["title", "place", "video_url", "agenda"]
    row = services.meeting_cancel(meeting=row, **_as(cast.director_a))
    assert row.status == MeetingStatus.CANCELLED
    with pytest.raises(Conflict):
        services.meeting_update(meeting=row, data=data, **_as(cast.director_a))
    with pytest.raises(Conflict):
        services.meeting_cancel(meeting=row, **_as(cast.director_a))


def test_a_meeting_invites_parties_and_their_members_only_and_records_who_came(cast):
    convention = convention_of(cast)
    row = meeting(cast, convention, starts_at=PAST)
    with pytest.raises(ValidationError, match="pas parties"):
        services.meeting_invitations_set(meeting=row, organisations=[cast.ml_c], people=[], **_as(cast.director_a))
    with pytest.raises(ValidationError, match="membres d'aucune partie"):
        services.meeting_invitations_set(
            meeting=row, organisations=[cast.ml_a], people=[cast.adviser_c], **_as(cast.director_a)
        )
    invitees = services.meeting_invitations_set(
        meeting=row, organisations=[cast.ml_a, cast.agency_b], people=[cast.agent_b], **_as(cast.director_a)
    )
    assert len(invitees) == 3
    by_who = {(i.organisation_id, i.user_id): i.pk for i in invitees}
    with pytest.raises(Conflict):  # attendance once held
        services.meeting_attendance_record(
            meeting=row, attendance={by_who[(cast.ml_a.pk, None)]: Attendance.PRESENT}, **_as(cast.director_a)
        )
    row = services.meeting_hold(meeting=row, **_as(cast.director_a))
    services.meeting_attendance_record(
        meeting=row,
        attendance={
            by_who[(cast.ml_a.pk, None)]: Attendance.PRESENT,
            by_who[(cast.agency_b.pk, None)]: Attendance.EXCUSED,
            by_who[(None, cast.agent_b.pk)]: Attendance.ABSENT,
        },
        **_as(cast.director_a),
    )
    assert dict(row.invitees.values_list("pk", "attendance")) == {
        by_who[(cast.ml_a.pk, None)]: "present",
        by_who[(cast.agency_b.pk, None)]: "excused",
        by_who[(None, cast.agent_b.pk)]: "absent",
    }
    event = Event.objects.get(kind=EventKind.CONVENTION_MEETING_ATTENDANCE)
    assert (event.payload["present"], event.payload["excused"], event.payload["absent"]) == (1, 1, 1)


def test_a_decision_becomes_an_action_of_the_joint_plan_in_one_call(cast):
    convention = convention_of(cast)
    row = meeting(cast, convention, starts_at=PAST, held=True)
    decision = services.decision_record(
        meeting=row, text="Organiser un job dating commun\nau printemps", **_as(cast.director_a)
    )
    created = services.decision_to_action(decision=decision, due_on=datetime.date(2027, 4, 30), **_as(cast.director_a))
    assert created.title == "Organiser un job dating commun au printemps"
    assert created.decision == decision and created.convention == convention
    assert created.owner_organisation == cast.ml_a  # the caller's organisation, a party
    assert (created.year, created.status) == (2027, ActionStatus.TODO)
    with pytest.raises(Conflict):
        services.decision_to_action(decision=decision, **_as(cast.director_a))
    event = Event.objects.get(kind=EventKind.CONVENTION_ACTION_CREATED)
    assert event.payload["decision"] == decision.pk and event.payload["meeting"] == row.pk
    assert Event.objects.filter(kind=EventKind.CONVENTION_DECISION_RECORDED, subject_id=convention.pk).exists()


def test_an_action_s_pilot_is_a_party_its_owner_a_member_of_one_and_its_axis_one_of_the_convention_s(cast):
    convention = convention_of(cast)
    with pytest.raises(ValidationError) as error:
        action(cast, convention, owner_organisation=cast.ml_c, owner=cast.adviser_c, axis="Logement")
    assert set(error.value.message_dict) == {"owner_organisation", "owner", "axis"}
    created = action(
        cast,
        convention,
        owner_organisation=cast.agency_b,
        owner=cast.agent_b,
        axis="Mobilité",
        indicator=Indicator.REFERRALS_PER_YEAR,
        due_on=datetime.date(2026, 6, 30),
    )
    assert created.owner == cast.agent_b and created.indicator == Indicator.REFERRALS_PER_YEAR


def test_an_action_moves_through_its_workflow_and_its_owner_person_may_move_it(cast):
    convention = convention_of(cast)
    created = action(cast, convention, owner_organisation=cast.agency_b, owner=cast.agent_b)
    # agent_b is an adviser, not a manager: the status of the action they own, nothing else.
    created = services.action_start(action=created, **_as(cast.agent_b))
    assert created.status == ActionStatus.IN_PROGRESS
    data = services.ActionData(year=created.year, title="Autre titre", owner_organisation=cast.agency_b)
    with pytest.raises(PermissionDenied):
        services.action_update(action=created, data=data, **_as(cast.agent_b))
    created = services.action_complete(action=created, **_as(cast.agent_b))
    assert created.status == ActionStatus.DONE
    with pytest.raises(Conflict):
        services.action_drop(action=created, **_as(cast.director_a))
    other = action(cast, convention, title="Autre action")
    with pytest.raises(PermissionDenied):  # not theirs
        services.action_start(action=other, **_as(cast.agent_b))
    kinds = set(Event.objects.filter(subject_id=convention.pk).values_list("kind", flat=True))
    assert {EventKind.CONVENTION_ACTION_STARTED, EventKind.CONVENTION_ACTION_DONE} <= kinds


def test_an_action_is_reviewed_in_a_held_meeting_with_a_note_written_again_the_second_time(cast):
    convention = convention_of(cast)
    created = action(cast, convention)
    row = meeting(cast, convention, starts_at=PAST, held=True)
    services.action_review(meeting=row, action=created, note="Lancée", **_as(cast.director_a))
    review = services.action_review(
        meeting=row, action=created, note="Lancée, deux entreprises", **_as(cast.director_a)
    )
    assert ActionReview.objects.get().note == "Lancée, deux entreprises" == review.note
    other = other_convention(cast)
    foreign = action(cast, other, owner_organisation=cast.ml_c, by=cast.admin)
    with pytest.raises(ValidationError):
        services.action_review(meeting=row, action=foreign, **_as(cast.director_a))


def test_the_steering_committees_cadence_is_the_convention_s_target_and_the_others_are_kept_per_kind(cast):
    convention = convention_of(cast)
    today = timezone.localdate()
    services.cadence_set(convention=convention, kind=MeetingKind.STEERING, per_year=5, **_as(cast.director_a))
    target = Target.objects.get(convention=convention, indicator=Indicator.STEERING_MEETINGS_PER_YEAR)
    assert (target.year, target.value) == (today.year, Decimal(5))
    services.cadence_set(convention=convention, kind=MeetingKind.DIRECTORS, per_year=6, **_as(cast.director_a))
    assert MeetingCadence.objects.get(convention=convention).per_year == 6
    assert not MeetingCadence.objects.filter(kind=MeetingKind.STEERING).exists()
    services.cadence_set(convention=convention, kind=MeetingKind.DIRECTORS, per_year=0, **_as(cast.director_a))
    assert not MeetingCadence.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingCadence.objects.create(convention=convention, kind=MeetingKind.STEERING, per_year=5)


@pytest.mark.parametrize("persona", ["adviser_a", "agent_b", "adviser_c", "observer", "outsider_manager"])
def test_nobody_but_a_party_s_managers_writes_meetings_or_the_plan_and_nothing_changes(cast, persona):
    convention = convention_of(cast)
    row = meeting(cast, convention, starts_at=PAST, held=True)
    decision = services.decision_record(meeting=row, text="Une décision", **_as(cast.director_a))
    created = action(cast, convention)
    planned = meeting(cast, convention, title="Prochain comité")
    user = manager_of(cast.ml_c, "director.c@example.org") if persona == "outsider_manager" else getattr(cast, persona)
    who = _as(user)
    before = _rows()
    data = services.MeetingData(
        kind=MeetingKind.STEERING, title="Intrus", starts_at=PAST, ends_at=PAST + datetime.timedelta(hours=1)
    )
    action_data = services.ActionData(year=2026, title="Intrus", owner_organisation=cast.ml_a)
    writes = [
        lambda: services.meeting_create(convention=convention, data=data, **who),
        lambda: services.meeting_update(meeting=planned, data=data, **who),
        lambda: services.meeting_hold(meeting=planned, **who),
        lambda: services.meeting_cancel(meeting=planned, **who),
        lambda: services.meeting_approve(meeting=row, **who),
        lambda: services.meeting_invitations_set(meeting=row, organisations=[], people=[], **who),
        lambda: services.meeting_attendance_record(meeting=row, attendance={}, **who),
        lambda: services.meeting_minutes_write(meeting=row, minutes="Intrus", **who),
        lambda: services.decision_record(meeting=row, text="Intrus", **who),
        lambda: services.decision_to_action(decision=decision, **who),
        lambda: services.action_create(convention=convention, data=action_data, **who),
        lambda: services.action_update(action=created, data=action_data, **who),
        lambda: services.action_start(action=created, **who),
        lambda: services.action_complete(action=created, **who),
        lambda: services.action_drop(action=created, **who),
        lambda: services.action_review(meeting=row, action=created, **who),
        lambda: services.cadence_set(convention=convention, kind=MeetingKind.DIRECTORS, per_year=6, **who),
    ]
    for write in writes:
        with pytest.raises(PermissionDenied):
            write()
    assert _rows() == before


def test_a_platform_administrator_writes_as_the_platform(cast):
    convention = convention_of(cast)
    row = services.meeting_create(
        convention=convention,
        data=services.MeetingData(
            kind=MeetingKind.DIRECTORS,
            title="Comité des directeurs",
            starts_at=PAST,
            ends_at=PAST + datetime.timedelta(hours=1),
        ),
        **_as(cast.admin),
    )
    services.meeting_hold(meeting=row, **_as(cast.admin))
    assert Event.objects.filter(kind=EventKind.CONVENTION_MEETING_HELD).get().actor_organisation is None
