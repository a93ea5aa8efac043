"""Every read of a convention's meetings and joint action plan, scoped to the caller (tandem.meetings.permissions):
the meetings and their cadence, one meeting with its invitations, decisions and the actions it reviewed, the plan
of a year with its filters, and the overdue actions."""

from __future__ import annotations

import calendar
import datetime
import math
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tandem.accounts.models import Membership, User
from tandem.meetings.enums import HELD_STATES, MeetingKind, MeetingStatus
from tandem.meetings.models import ActionReview, Decision, Invitee, Meeting, MeetingCadence, PlanAction, overdue_q
from tandem.organisations.models import Organisation
from tandem.partnerships.enums import Indicator
from tandem.partnerships.models import Convention, Target
from tandem.partnerships.permissions import can_see_convention
from tandem.partnerships.selectors import convention_visible_to


def meeting_list(*, convention: Convention, kind: str = "") -> QuerySet[Meeting]:
    """The convention's meetings (the caller sees the convention), newest first, with their counts."""
    meetings = convention.meetings.all()
    if kind:
        meetings = meetings.filter(kind=kind)
    return meetings.annotate(
        decision_count=Count("decisions", distinct=True), invitee_count=Count("invitees", distinct=True)
    ).order_by("-starts_at", "-pk")


def meeting_get_for(*, user: User | None, membership: Membership | None, pk: int) -> Meeting:
    """One meeting of a convention the caller may see; Meeting.DoesNotExist otherwise (404)."""
    meeting = Meeting.objects.select_related("convention").get(pk=pk)
    if not can_see_convention(user, membership, meeting.convention):
        raise Meeting.DoesNotExist
    return meeting


def meeting_invitees(*, meeting: Meeting) -> list[Invitee]:
    """Organisations first, then people, by name."""
    rows = meeting.invitees.select_related("organisation", "user")
    return sorted(
        rows,
        key=lambda row: (
            row.organisation_id is None,
            row.organisation.name if row.organisation else (row.user.get_full_name() if row.user else ""),
            row.pk,
        ),
    )


def meeting_decisions(*, meeting: Meeting) -> QuerySet[Decision]:
    return meeting.decisions.select_related("action").order_by("pk")


def meeting_reviews(*, meeting: Meeting) -> QuerySet[ActionReview]:
    return meeting.reviews.select_related("action", "action__owner_organisation").order_by("pk")


# The cadence ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cadence:
    """Where a kind of meeting stands against the convention's cadence this year (docs/meetings.md).

    required: the meetings the year asks for (per_year, prorated to the part of the year the convention is in
    force); due: those that should have been held by today at an even pace; held: held so far (held or minutes
    approved); planned: planned and not cancelled in the rest of the year; missing: how many the year will lack if
    only the planned ones are held; late: how many are behind today's pace.
    """

    kind: str
    label: str
    year: int
    per_year: int
    required: int
    due: int
    held: int
    planned: int
    source: str  # "target" (the convention's target) or "cadence"

    @property
    def missing(self) -> int:
        return max(0, self.required - self.held - self.planned)

    @property
    def late(self) -> int:
        return max(0, self.due - self.held)

    @property
    def behind(self) -> bool:
        return self.missing > 0 or self.late > 0


def _days(start: datetime.date, end: datetime.date) -> int:
    return max(0, (end - start).days + 1)


def cadence_of(
    *,
    kind: str,
    per_year: int,
    year: int,
    today: datetime.date,
    convention: Convention,
    held: int,
    planned: int,
    source: str,
) -> Cadence:
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    year_days = 366 if calendar.isleap(year) else 365
    start = max(first, convention.starts_on)
    end = min(last, convention.ends_on) if convention.ends_on else last
    covered = _days(start, end)
    elapsed = _days(start, min(today, end))
    required = math.ceil(per_year * covered / year_days - 1e-9) if covered else 0
    due = math.floor(per_year * elapsed / year_days + 1e-9) if elapsed else 0
    return Cadence(
        kind=kind,
        label=str(MeetingKind(kind).label),
        year=year,
        per_year=per_year,
        required=required,
        due=min(due, required),
        held=held,
        planned=planned,
        source=source,
    )


def cadences_for(*, convention: Convention, today: datetime.date | None = None) -> list[Cadence]:
    """Each kind of meeting the convention asks a cadence for, against this year's meetings: three queries (the
    steering target, the other cadences, the year's counts)."""
    today = today or timezone.localdate()
    year = today.year
    asked: dict[str, tuple[int, str]] = {}
    target = (
        Target.objects.filter(convention=convention.pk, indicator=Indicator.STEERING_MEETINGS_PER_YEAR, year=year)
        .values_list("value", flat=True)
        .first()
    )
    if target:
        asked[MeetingKind.STEERING] = (int(target), "target")
    for kind, per_year in MeetingCadence.objects.filter(convention=convention.pk).values_list("kind", "per_year"):
        asked[kind] = (per_year, "cadence")
    if not asked:
        return []
    now = timezone.now()
    counts = (
        Meeting.objects.filter(convention=convention.pk, kind__in=list(asked), starts_at__year=year)
        .values("kind")
        .annotate(
            held=Count("pk", filter=Q(status__in=list(HELD_STATES))),
            planned=Count("pk", filter=Q(status=MeetingStatus.PLANNED, starts_at__gte=now)),
        )
        .order_by()
    )
    by_kind = {row["kind"]: (row["held"], row["planned"]) for row in counts}
    return [
        cadence_of(
            kind=kind,
            per_year=per_year,
            year=year,
            today=today,
            convention=convention,
            held=by_kind.get(kind, (0, 0))[0],
            planned=by_kind.get(kind, (0, 0))[1],
            source=source,
        )
        for kind in MeetingKind.values
        if kind in asked
        for per_year, source in [asked[kind]]
    ]


# The joint action plan --------------------------------------------------------------------------------------------


def action_list(
    *,
    convention: Convention,
    year: int | None = None,
    status: str = "",
    axis: str = "",
    owner_organisation: int | None = None,
) -> QuerySet[PlanAction]:
    """The convention's actions (the caller sees the convention) for a year, by due date, with their pilot, owner
    and the decision they come from."""
    actions = convention.plan_actions.all()
    if year is not None:
        actions = actions.filter(year=year)
    if status:
        actions = actions.filter(status=status)
    if axis:
        actions = actions.filter(axis=axis)
    if owner_organisation is not None:
        actions = actions.filter(owner_organisation=owner_organisation)
    return actions.select_related("owner_organisation", "owner", "decision", "decision__meeting").order_by(
        "due_on", "pk"
    )


def action_years(*, convention: Convention) -> list[int]:
    return list(convention.plan_actions.order_by("-year").values_list("year", flat=True).distinct())


def action_get_for(*, user: User | None, membership: Membership | None, pk: int) -> PlanAction:
    action = PlanAction.objects.select_related("convention", "owner_organisation", "owner").get(pk=pk)
    if not can_see_convention(user, membership, action.convention):
        raise PlanAction.DoesNotExist
    return action


def action_overdue_for(
    *,
    user: User | None,
    membership: Membership | None,
    convention: Convention | None = None,
    today: datetime.date | None = None,
) -> QuerySet[PlanAction]:
    """The overdue actions (due date passed, neither done nor dropped) of one convention, or of every convention
    the caller may see."""
    today = today or timezone.localdate()
    if convention is not None:
        actions = convention.plan_actions.all()
    else:
        actions = PlanAction.objects.filter(
            convention__in=convention_visible_to(user=user, membership=membership).values("pk")
        )
    return (
        actions.filter(overdue_q(today))
        .select_related("convention", "owner_organisation", "owner")
        .order_by("due_on", "pk")
    )


def decision_get_for(*, user: User | None, membership: Membership | None, pk: int) -> Decision:
    decision = Decision.objects.select_related("meeting", "meeting__convention").get(pk=pk)
    if not can_see_convention(user, membership, decision.meeting.convention):
        raise Decision.DoesNotExist
    return decision


def convention_party_organisations(*, convention: Convention) -> QuerySet[Organisation]:
    """The convention's parties (the pilots an action may have, the organisations a meeting invites)."""
    return Organisation.objects.filter(convention_parties__convention=convention.pk).order_by("name")


def convention_members(*, convention: Convention) -> QuerySet[User]:
    """The active members of the convention's parties (the people a meeting invites, an action's owner)."""
    ids = (
        Membership.objects.active().filter(organisation__convention_parties__convention=convention.pk).values("user_id")
    )
    return User.objects.filter(pk__in=ids, is_active=True).order_by("last_name", "first_name", "email")
