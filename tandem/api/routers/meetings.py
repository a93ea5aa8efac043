"""API of a convention's meetings and joint action plan.

The same rules as the pages (tandem.meetings.permissions): whoever sees the convention reads its meetings and plan
(404 for anyone else, also on writes); the managers of a party write them (a manager's token of that organisation,
with write scope; else 404, and 403 for a read-only token). Like the conventions' API, it acts for the caller's
organisation only, never with a platform administrator's rights. 409: refused by a meeting's or an action's state
(minutes of a meeting not held, a decision already an action); 422: a value that breaks a rule (a pilot that is no
party, an axis that is not the convention's).
"""

# No postponed annotations here: django-ninja reads the types at run time.

import datetime
from collections.abc import Callable
from typing import Annotated

from django.db.models import QuerySet
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from tandem.accounts.models import Membership, User
from tandem.api.auth import ApiHttpRequest, acting_user, membership_of, require_write
from tandem.api.errors import refused_as_not_found
from tandem.api.pagination import BoundedLimitOffsetPagination
from tandem.api.schemas import Day, Moment, RecordId, RecordRef, Row, Whole, one_of
from tandem.meetings import selectors, services
from tandem.meetings.enums import ActionStatus, Attendance, MeetingKind, MeetingStatus
from tandem.meetings.models import Decision, Invitee, Meeting, PlanAction
from tandem.organisations.models import Organisation
from tandem.partnerships.enums import Indicator
from tandem.partnerships.models import Convention
from tandem.partnerships.selectors import convention_get_for

router = Router(tags=["meetings"])
actions_router = Router(tags=["joint action plan"])

KindValue = one_of(MeetingKind)
MeetingStatusValue = one_of(MeetingStatus)
AttendanceValue = one_of(Attendance, "")
ActionStatusValue = one_of(ActionStatus)
IndicatorValue = one_of(Indicator, "")


def _caller(request: ApiHttpRequest) -> tuple[User | None, Membership | None]:
    """The user and membership the API acts as: never with a platform administrator's rights."""
    user = acting_user(request)
    return (None if user is not None and user.is_administrator else user), membership_of(request)


def _convention(request: ApiHttpRequest, pk: int) -> Convention:
    user, membership = _caller(request)
    try:
        return convention_get_for(user=user, membership=membership, pk=pk)
    except Convention.DoesNotExist as error:
        raise HttpError(404, "Not found") from error


def _meeting(request: ApiHttpRequest, pk: int) -> Meeting:
    user, membership = _caller(request)
    try:
        return selectors.meeting_get_for(user=user, membership=membership, pk=pk)
    except Meeting.DoesNotExist as error:
        raise HttpError(404, "Not found") from error


def _action(request: ApiHttpRequest, pk: int) -> PlanAction:
    user, membership = _caller(request)
    try:
        return selectors.action_get_for(user=user, membership=membership, pk=pk)
    except PlanAction.DoesNotExist as error:
        raise HttpError(404, "Not found") from error


def _aware(moment: datetime.datetime) -> datetime.datetime:
    """A moment without a time zone is the platform's local time (Europe/Paris)."""
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class InviteeOut(Schema):
    id: int
    organisation_id: int | None
    user_id: int | None
    name: str
    attendance: AttendanceValue


class DecisionOut(Schema):
    id: int
    text: str
    action_id: int | None

    @staticmethod
    def resolve_action_id(decision: Decision) -> int | None:
        action = getattr(decision, "action", None)
        return action.pk if action is not None else None


class MeetingOut(Schema):
    id: int
    convention_id: int
    kind: KindValue
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str
    video_url: str
    agenda: list[str]
    minutes: str
    status: MeetingStatusValue


class MeetingDetailOut(MeetingOut):
    invitees: list[InviteeOut]
    decisions: list[DecisionOut]

    @staticmethod
    def resolve_invitees(meeting: Meeting) -> list[Invitee]:
        return selectors.meeting_invitees(meeting=meeting)

    @staticmethod
    def resolve_decisions(meeting: Meeting) -> list[Decision]:
        return list(selectors.meeting_decisions(meeting=meeting))


class MeetingIn(Schema):
    kind: KindValue
    title: Annotated[str, Field(min_length=1, max_length=200)]
    starts_at: Moment
    ends_at: Moment
    place: str = Field("", max_length=255)
    video_url: str = Field("", max_length=500)
    agenda: list[Annotated[str, Field(max_length=300)]] = Field(default_factory=list, max_length=30)


class MeetingCreateIn(MeetingIn):
    convention_id: RecordRef


class InvitationsIn(Schema):
    organisation_ids: list[RecordRef] = Field(default_factory=list, description="Parties to the convention")
    user_ids: list[RecordRef] = Field(default_factory=list, description="Members of the parties")


class AttendanceRow(Row):
    invitee_id: RecordRef
    attendance: AttendanceValue


class AttendanceIn(Schema):
    rows: list[AttendanceRow] = Field(max_length=500)


class MinutesIn(Schema):
    minutes: str = Field(max_length=20000)


class DecisionIn(Schema):
    text: Annotated[str, Field(min_length=1, max_length=2000)]


class ReviewIn(Schema):
    action_id: RecordRef
    note: str = Field("", max_length=2000)


class CadenceOut(Schema):
    kind: KindValue
    per_year: int
    year: int
    required: int
    due: int
    held: int
    planned: int
    missing: int
    late: int
    behind: bool
    source: str


class CadenceIn(Schema):
    kind: KindValue
    per_year: Annotated[Whole, Field(ge=0, le=52)]


class ActionOut(Schema):
    id: int
    convention_id: int
    year: int
    title: str
    axis: str
    owner_organisation_id: int
    owner_id: int | None
    due_on: datetime.date | None
    status: ActionStatusValue
    indicator: str
    decision_id: int | None
    overdue: bool

    @staticmethod
    def resolve_overdue(action: PlanAction) -> bool:
        return action.is_overdue(today=timezone.localdate())


class ActionIn(Schema):
    year: Annotated[Whole, Field(ge=2000, le=2100)]
    title: Annotated[str, Field(min_length=1, max_length=200)]
    axis: str = Field("", max_length=200)
    owner_organisation_id: RecordRef
    owner_id: RecordRef | None = None
    due_on: Day | None = None
    indicator: IndicatorValue = ""


class ActionCreateIn(ActionIn):
    convention_id: RecordRef


class DecisionActionIn(Schema):
    title: str = Field("", max_length=200, description="Empty: the decision's text")
    axis: str = Field("", max_length=200)
    owner_organisation_id: RecordRef | None = Field(None, description="Empty: the caller's organisation")
    owner_id: RecordRef | None = None
    due_on: Day | None = None
    indicator: IndicatorValue = ""


def _meeting_data(payload: MeetingIn) -> services.MeetingData:
    return services.MeetingData(
        kind=payload.kind,
        title=payload.title,
        starts_at=_aware(payload.starts_at),
        ends_at=_aware(payload.ends_at),
        place=payload.place,
        video_url=payload.video_url,
        agenda=payload.agenda,
    )


def _organisation(pk: int) -> Organisation:
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None:
        raise HttpError(404, "Not found")
    return organisation


def _user_ref(pk: int | None) -> User | None:
    if pk is None:
        return None
    user = User.objects.filter(pk=pk).first()
    if user is None:
        raise HttpError(404, "Not found")
    return user


# Meetings ---------------------------------------------------------------------------------------------------------


@router.get(
    "/convention/{int:convention_id}",
    response=list[MeetingOut],
    summary="A convention's meetings, newest first",
)
@paginate(BoundedLimitOffsetPagination)
def meeting_list(request: ApiHttpRequest, convention_id: RecordId, kind: KindValue | None = None) -> QuerySet[Meeting]:
    return selectors.meeting_list(convention=_convention(request, convention_id), kind=kind or "")


@router.get(
    "/convention/{int:convention_id}/cadence",
    response=list[CadenceOut],
    summary="Where each kind of meeting stands against the cadence the convention asks for, this year",
)
def cadence_list(request: ApiHttpRequest, convention_id: RecordId) -> list[selectors.Cadence]:
    return selectors.cadences_for(convention=_convention(request, convention_id))


@router.post(
    "/convention/{int:convention_id}/cadence",
    response=list[CadenceOut],
    summary="Set how many meetings of a kind a year the convention asks for (0: none)",
    description="Steering committees' is the convention's target 'steering meetings per year' for this year.",
)
def cadence_set(request: ApiHttpRequest, convention_id: RecordId, payload: CadenceIn) -> list[selectors.Cadence]:
    require_write(request)
    convention = _convention(request, convention_id)
    user, membership = _caller(request)
    refused_as_not_found(
        lambda: services.cadence_set(
            convention=convention, user=user, membership=membership, kind=payload.kind, per_year=payload.per_year
        )
    )
    return selectors.cadences_for(convention=convention)


@router.post("", response={201: MeetingDetailOut}, summary="Plan a meeting of a convention (its parties invited)")
def meeting_create(request: ApiHttpRequest, payload: MeetingCreateIn):
    require_write(request)
    convention = _convention(request, payload.convention_id)
    user, membership = _caller(request)
    meeting = refused_as_not_found(
        lambda: services.meeting_create(
            convention=convention, user=user, membership=membership, data=_meeting_data(payload)
        )
    )
    return 201, meeting


@router.get("/{int:pk}", response=MeetingDetailOut, summary="A meeting, its invitations and decisions")
def meeting_detail(request: ApiHttpRequest, pk: RecordId) -> Meeting:
    return _meeting(request, pk)


@router.put("/{int:pk}", response=MeetingDetailOut, summary="Change a planned meeting")
def meeting_update(request: ApiHttpRequest, pk: RecordId, payload: MeetingIn) -> Meeting:
    require_write(request)
    meeting = _meeting(request, pk)
    user, membership = _caller(request)
    updated, _changed = refused_as_not_found(
        lambda: services.meeting_update(meeting=meeting, user=user, membership=membership, data=_meeting_data(payload))
    )
    return updated


def _step(request: ApiHttpRequest, pk: int, step: Callable[..., Meeting]) -> Meeting:
    require_write(request)
    meeting = _meeting(request, pk)
    user, membership = _caller(request)
    return refused_as_not_found(lambda: step(meeting=meeting, user=user, membership=membership))


@router.post("/{int:pk}/hold", response=MeetingDetailOut, summary="Declare the meeting held (once started)")
def meeting_hold(request: ApiHttpRequest, pk: RecordId) -> Meeting:
    return _step(request, pk, services.meeting_hold)


@router.post("/{int:pk}/approve", response=MeetingDetailOut, summary="Approve the minutes of a held meeting")
def meeting_approve(request: ApiHttpRequest, pk: RecordId) -> Meeting:
    return _step(request, pk, services.meeting_approve)


@router.post("/{int:pk}/cancel", response=MeetingDetailOut, summary="Cancel a planned meeting")
def meeting_cancel(request: ApiHttpRequest, pk: RecordId) -> Meeting:
    return _step(request, pk, services.meeting_cancel)


@router.post(
    "/{int:pk}/invitations",
    response=MeetingDetailOut,
    summary="Who is invited: the convention's parties and their members (replaces the list)",
)
def meeting_invitations(request: ApiHttpRequest, pk: RecordId, payload: InvitationsIn) -> Meeting:
    require_write(request)
    meeting = _meeting(request, pk)
    user, membership = _caller(request)
    organisations = list(Organisation.objects.filter(pk__in=payload.organisation_ids))
    people = list(User.objects.filter(pk__in=payload.user_ids))
    if len(organisations) != len(set(payload.organisation_ids)) or len(people) != len(set(payload.user_ids)):
        raise HttpError(404, "Not found")
    refused_as_not_found(
        lambda: services.meeting_invitations_set(
            meeting=meeting, user=user, membership=membership, organisations=organisations, people=people
        )
    )
    return meeting


@router.post("/{int:pk}/attendance", response=MeetingDetailOut, summary="Who came (the meeting held)")
def meeting_attendance(request: ApiHttpRequest, pk: RecordId, payload: AttendanceIn) -> Meeting:
    require_write(request)
    meeting = _meeting(request, pk)
    user, membership = _caller(request)
    attendance = {row.invitee_id: row.attendance for row in payload.rows}
    refused_as_not_found(
        lambda: services.meeting_attendance_record(
            meeting=meeting, user=user, membership=membership, attendance=attendance
        )
    )
    return meeting


@router.post("/{int:pk}/minutes", response=MeetingDetailOut, summary="Write the minutes of a held meeting")
def meeting_minutes(request: ApiHttpRequest, pk: RecordId, payload: MinutesIn) -> Meeting:
    require_write(request)
    meeting = _meeting(request, pk)
    user, membership = _caller(request)
    return refused_as_not_found(
        lambda: services.meeting_minutes_write(
            meeting=meeting, user=user, membership=membership, minutes=payload.minutes
        )
    )


@router.post("/{int:pk}/decisions", response={201: DecisionOut}, summary="Record a decision of a held meeting")
def decision_create(request: ApiHttpRequest, pk: RecordId, payload: DecisionIn):
    require_write(request)
    meeting = _meeting(request, pk)
    user, membership = _caller(request)
    decision = refused_as_not_found(
        lambda: services.decision_record(meeting=meeting, user=user, membership=membership, text=payload.text)
    )
    return 201, decision


@router.post(
    "/decisions/{int:pk}/action",
    response={201: ActionOut},
    summary="Make a decision an action of the joint plan, in one call",
    description="409: the decision is already an action.",
)
def decision_action(request: ApiHttpRequest, pk: RecordId, payload: DecisionActionIn):
    require_write(request)
    user, membership = _caller(request)
    try:
        decision = selectors.decision_get_for(user=user, membership=membership, pk=pk)
    except Decision.DoesNotExist as error:
        raise HttpError(404, "Not found") from error
    owner_organisation = (
        _organisation(payload.owner_organisation_id) if payload.owner_organisation_id is not None else None
    )
    action = refused_as_not_found(
        lambda: services.decision_to_action(
            decision=decision,
            user=user,
            membership=membership,
            owner_organisation=owner_organisation,
            title=payload.title,
            axis=payload.axis,
            owner=_user_ref(payload.owner_id),
            due_on=payload.due_on,
            indicator=payload.indicator,
        )
    )
    return 201, action


@router.post("/{int:pk}/reviews", response=MeetingDetailOut, summary="Review an action of the plan, with a note")
def review_create(request: ApiHttpRequest, pk: RecordId, payload: ReviewIn) -> Meeting:
    require_write(request)
    meeting = _meeting(request, pk)
    user, membership = _caller(request)
    action = PlanAction.objects.filter(pk=payload.action_id, convention=meeting.convention_id).first()
    if action is None:
        raise HttpError(404, "Not found")
    refused_as_not_found(
        lambda: services.action_review(
            meeting=meeting, action=action, user=user, membership=membership, note=payload.note
        )
    )
    return meeting


# The joint action plan --------------------------------------------------------------------------------------------


def _action_data(payload: ActionIn) -> services.ActionData:
    return services.ActionData(
        year=payload.year,
        title=payload.title,
        axis=payload.axis,
        owner_organisation=_organisation(payload.owner_organisation_id),
        owner=_user_ref(payload.owner_id),
        due_on=payload.due_on,
        indicator=payload.indicator,
    )


@actions_router.get(
    "/convention/{int:convention_id}",
    response=list[ActionOut],
    summary="A convention's actions (a year's, by status, overdue only), by due date",
)
@paginate(BoundedLimitOffsetPagination)
def action_list(
    request: ApiHttpRequest,
    convention_id: RecordId,
    year: int | None = None,
    status: ActionStatusValue | None = None,
    overdue: bool = False,
) -> QuerySet[PlanAction]:
    convention = _convention(request, convention_id)
    if overdue:
        user, membership = _caller(request)
        return selectors.action_overdue_for(user=user, membership=membership, convention=convention)
    return selectors.action_list(convention=convention, year=year, status=status or "")


@actions_router.post("", response={201: ActionOut}, summary="Add an action to a convention's plan")
def action_create(request: ApiHttpRequest, payload: ActionCreateIn):
    require_write(request)
    convention = _convention(request, payload.convention_id)
    user, membership = _caller(request)
    action = refused_as_not_found(
        lambda: services.action_create(
            convention=convention, user=user, membership=membership, data=_action_data(payload)
        )
    )
    return 201, action


@actions_router.get("/{int:pk}", response=ActionOut, summary="An action of the plan")
def action_detail(request: ApiHttpRequest, pk: RecordId) -> PlanAction:
    return _action(request, pk)


@actions_router.put("/{int:pk}", response=ActionOut, summary="Change an action of the plan")
def action_update(request: ApiHttpRequest, pk: RecordId, payload: ActionIn) -> PlanAction:
    require_write(request)
    action = _action(request, pk)
    user, membership = _caller(request)
    updated, _changed = refused_as_not_found(
        lambda: services.action_update(action=action, user=user, membership=membership, data=_action_data(payload))
    )
    return updated


def _action_step(request: ApiHttpRequest, pk: int, step: Callable[..., PlanAction]) -> PlanAction:
    require_write(request)
    action = _action(request, pk)
    user, membership = _caller(request)
    return refused_as_not_found(lambda: step(action=action, user=user, membership=membership))


@actions_router.post("/{int:pk}/start", response=ActionOut, summary="The action is under way")
def action_start(request: ApiHttpRequest, pk: RecordId) -> PlanAction:
    return _action_step(request, pk, services.action_start)


@actions_router.post("/{int:pk}/complete", response=ActionOut, summary="The action is done")
def action_complete(request: ApiHttpRequest, pk: RecordId) -> PlanAction:
    return _action_step(request, pk, services.action_complete)


@actions_router.post("/{int:pk}/drop", response=ActionOut, summary="The action is dropped")
def action_drop(request: ApiHttpRequest, pk: RecordId) -> PlanAction:
    return _action_step(request, pk, services.action_drop)
