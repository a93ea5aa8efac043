"""Every write about a convention's meetings and its joint action plan: meetings and their steps, invitations,
attendance, minutes, decisions (and the action a decision becomes), the cadence, actions and their steps, and the
actions reviewed in a meeting.

Each service checks the caller's right itself (tandem.meetings.permissions), whatever the channel (page, API
token): a caller who may not write gets PermissionDenied, which pages and the API answer with a 404. A rule of a
meeting's state is a Conflict (409); a value that breaks a rule, a ValidationError. Every change writes an event on
the convention (its timeline).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import Membership, User
from tandem.core.errors import Conflict
from tandem.events.enums import EventKind
from tandem.events.services import event_record
from tandem.meetings.enums import Attendance, MeetingKind, MeetingStatus
from tandem.meetings.models import ActionReview, Decision, Invitee, Meeting, MeetingCadence, PlanAction
from tandem.meetings.permissions import can_move_action, can_write_governance, convention_party_ids
from tandem.meetings.workflow import ACTION, MEETING, action_payload, meeting_payload
from tandem.organisations.models import Organisation
from tandem.partnerships.enums import ConventionStatus, Indicator
from tandem.partnerships.models import Convention
from tandem.partnerships.services import target_set
from tandem.partnerships.workflow import convention_payload

MEETING_FIELDS = ("kind", "title", "starts_at", "ends_at", "place", "video_url", "agenda")
ACTION_FIELDS = ("year", "title", "axis", "owner_organisation", "owner", "due_on", "indicator")


@dataclass(frozen=True, kw_only=True)
class MeetingData:
    """A meeting as typed in the form or sent by the API."""

    kind: str
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str = ""
    video_url: str = ""
    agenda: Sequence[str] = ()

    def fields(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title.strip(),
            "starts_at": self.starts_at,
            "ends_at": self.ends_at,
            "place": self.place.strip(),
            "video_url": self.video_url.strip(),
            "agenda": [item.strip() for item in self.agenda if item.strip()],
        }


@dataclass(frozen=True, kw_only=True)
class ActionData:
    """An action of the plan as typed in the form or sent by the API."""

    year: int
    title: str
    owner_organisation: Organisation
    axis: str = ""
    owner: User | None = None
    due_on: datetime.date | None = None
    indicator: str = ""

    def fields(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "title": self.title.strip(),
            "axis": self.axis.strip(),
            "owner_organisation": self.owner_organisation,
            "owner": self.owner,
            "due_on": self.due_on,
            "indicator": self.indicator,
        }


def _refuse() -> PermissionDenied:
    return PermissionDenied(_("Vous ne pouvez pas modifier les réunions ni le plan d'action de cette convention."))


def _require_write(user: User | None, membership: Membership | None, convention: Convention) -> None:
    if not can_write_governance(user, membership, convention):
        raise _refuse()


def _acting(user: User | None, membership: Membership | None, convention: Convention) -> Organisation | None:
    """The organisation an event is recorded for, and a step taken for: the caller's when it is a party; None for
    a platform administrator acting from outside."""
    if membership is not None and membership.organisation_id in convention_party_ids(convention):
        return membership.organisation
    return None


def _not_ended(convention: Convention) -> None:
    if convention.status == ConventionStatus.ENDED:
        raise Conflict(_("Cette convention est terminée : elle ne change plus."), code="convention_ended")


def _record(
    kind: str, convention: Convention, *, user: User | None, membership: Membership | None, **payload: Any
) -> None:
    event_record(
        kind=kind,
        by=user,
        organisation=_acting(user, membership, convention),
        subject=convention,
        payload=convention_payload(convention) | payload,
    )


def _meeting_is(meeting: Meeting, states: set[str], message: str, code: str) -> None:
    if meeting.status not in states:
        raise Conflict(message % {"status": meeting.get_status_display()}, code=code)


def _planned(meeting: Meeting) -> None:
    _meeting_is(
        meeting,
        {MeetingStatus.PLANNED},
        _("Cette réunion est « %(status)s » : elle ne se modifie plus."),
        "meeting_not_planned",
    )


def _held(meeting: Meeting) -> None:
    _meeting_is(
        meeting,
        {MeetingStatus.HELD},
        _(
            "Cette réunion est « %(status)s » : présences, compte rendu et décisions se notent une fois tenue, "
            "avant l'approbation du compte rendu."
        ),
        "meeting_not_held",
    )


# Meetings ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *, convention: Convention, user: User | None, membership: Membership | None, data: MeetingData
) -> Meeting:
    """A planned meeting of the convention; its parties are invited by default (one invitation each)."""
    _require_write(user, membership, convention)
    _not_ended(convention)
    if data.kind not in MeetingKind.values:
        raise ValidationError({"kind": _("Instance inconnue.")})
    meeting = Meeting(convention=convention, created_by=user, **data.fields())
    meeting.full_clean()
    meeting.save()
    parties = convention.parties.values_list("organisation_id", flat=True).order_by("pk")
    Invitee.objects.bulk_create([Invitee(meeting=meeting, organisation_id=pk) for pk in parties])
    event_record(
        kind=EventKind.CONVENTION_MEETING_PLANNED,
        by=user,
        organisation=_acting(user, membership, convention),
        subject=convention,
        payload=meeting_payload(meeting),
    )
    return meeting


@transaction.atomic
def meeting_update(
    *, meeting: Meeting, user: User | None, membership: Membership | None, data: MeetingData
) -> tuple[Meeting, list[str]]:
    """Change a planned meeting (its day, place, agenda…). Returns the names of the fields that changed."""
    convention = meeting.convention
    _require_write(user, membership, convention)
    current = Meeting.objects.select_for_update().select_related("convention").get(pk=meeting.pk)
    _planned(current)
    fields = data.fields()
    if fields["kind"] not in MeetingKind.values:
        raise ValidationError({"kind": _("Instance inconnue.")})
    changed = [name for name in MEETING_FIELDS if getattr(current, name) != fields[name]]
    if not changed:
        return current, []
    for name in changed:
        setattr(current, name, fields[name])
    current.full_clean()
    current.save()
    event_record(
        kind=EventKind.CONVENTION_MEETING_UPDATED,
        by=user,
        organisation=_acting(user, membership, convention),
        subject=convention,
        payload=meeting_payload(current) | {"fields": sorted(changed)},
    )
    return current, changed


def _meeting_step(name: str, meeting: Meeting, user: User | None, membership: Membership | None) -> Meeting:
    convention = meeting.convention
    _require_write(user, membership, convention)
    organisation = _acting(user, membership, convention)
    return MEETING.run(name, meeting, by=user, organisation=organisation)


def meeting_hold(*, meeting: Meeting, user: User | None, membership: Membership | None) -> Meeting:
    """Held (once it has started): then its attendance, minutes and decisions are written."""
    return _meeting_step("hold", meeting, user, membership)


def meeting_approve(*, meeting: Meeting, user: User | None, membership: Membership | None) -> Meeting:
    """Its minutes approved (they must be written): the meeting no longer changes."""
    return _meeting_step("approve", meeting, user, membership)


def meeting_cancel(*, meeting: Meeting, user: User | None, membership: Membership | None) -> Meeting:
    return _meeting_step("cancel", meeting, user, membership)


@transaction.atomic
def meeting_invitations_set(
    *,
    meeting: Meeting,
    user: User | None,
    membership: Membership | None,
    organisations: Sequence[Organisation],
    people: Sequence[User],
) -> list[Invitee]:
    """Who is invited: organisations among the convention's parties, people among their members. Attendance
    already noted for someone who stays invited is kept."""
    convention = meeting.convention
    _require_write(user, membership, convention)
    _meeting_is(
        meeting,
        {MeetingStatus.PLANNED, MeetingStatus.HELD},
        _("Cette réunion est « %(status)s » : ses invitations ne changent plus."),
        "meeting_closed",
    )
    parties = convention_party_ids(convention)
    strangers = sorted(o.name for o in organisations if o.pk not in parties)
    if strangers:
        raise ValidationError(
            {
                "organisations": _("Ces organisations ne sont pas parties à la convention : %(names)s.")
                % {"names": ", ".join(strangers)}
            }
        )
    members = set(
        Membership.objects.active()
        .filter(user__in=[p.pk for p in people], organisation__in=parties)
        .values_list("user_id", flat=True)
    )
    outsiders = sorted(p.get_full_name() or p.email for p in people if p.pk not in members)
    if outsiders:
        raise ValidationError(
            {
                "people": _("Ces personnes ne sont membres d'aucune partie à la convention : %(names)s.")
                % {"names": ", ".join(outsiders)}
            }
        )
    wanted_orgs = {o.pk for o in organisations}
    wanted_people = {p.pk for p in people}
    current = list(meeting.invitees.all())
    stale = [
        row.pk
        for row in current
        if (row.organisation_id is not None and row.organisation_id not in wanted_orgs)
        or (row.user_id is not None and row.user_id not in wanted_people)
    ]
    Invitee.objects.filter(pk__in=stale).delete()
    have_orgs = {row.organisation_id for row in current if row.organisation_id is not None}
    have_people = {row.user_id for row in current if row.user_id is not None}
    Invitee.objects.bulk_create(
        [Invitee(meeting=meeting, organisation_id=pk) for pk in sorted(wanted_orgs - have_orgs)]
        + [Invitee(meeting=meeting, user_id=pk) for pk in sorted(wanted_people - have_people)]
    )
    event_record(
        kind=EventKind.CONVENTION_MEETING_UPDATED,
        by=user,
        organisation=_acting(user, membership, convention),
        subject=convention,
        payload=meeting_payload(meeting)
        | {"fields": ["invitations"], "organisations": sorted(wanted_orgs), "people": len(wanted_people)},
    )
    return list(meeting.invitees.select_related("organisation", "user").order_by("pk"))


@transaction.atomic
def meeting_attendance_record(
    *, meeting: Meeting, user: User | None, membership: Membership | None, attendance: Mapping[int, str]
) -> list[Invitee]:
    """Who came, by invitation: present, excused or absent ("" to clear), once the meeting is held."""
    convention = meeting.convention
    _require_write(user, membership, convention)
    _held(meeting)
    if any(value not in {"", *Attendance.values} for value in attendance.values()):
        raise ValidationError({"attendance": _("Présence inconnue.")})
    rows = {row.pk: row for row in meeting.invitees.all()}
    unknown = set(attendance) - set(rows)
    if unknown:
        raise ValidationError({"attendance": _("Cette personne ou organisation n'est pas invitée à la réunion.")})
    changed = [rows[pk] for pk, value in attendance.items() if rows[pk].attendance != value]
    for row in changed:
        row.attendance = attendance[row.pk]
    Invitee.objects.bulk_update(changed, ["attendance"])
    if changed:
        counts = {value: 0 for value in Attendance.values}
        for row in rows.values():
            if row.attendance:
                counts[row.attendance] += 1
        event_record(
            kind=EventKind.CONVENTION_MEETING_ATTENDANCE,
            by=user,
            organisation=_acting(user, membership, convention),
            subject=convention,
            payload=meeting_payload(meeting) | counts,
        )
    return sorted(rows.values(), key=lambda row: row.pk)


@transaction.atomic
def meeting_minutes_write(
    *, meeting: Meeting, user: User | None, membership: Membership | None, minutes: str
) -> Meeting:
    """The minutes of a held meeting (until they are approved)."""
    convention = meeting.convention
    _require_write(user, membership, convention)
    current = Meeting.objects.select_for_update().select_related("convention").get(pk=meeting.pk)
    _held(current)
    text = minutes.strip()
    if text == current.minutes:
        return current
    current.minutes = text
    current.full_clean()
    current.save(update_fields=["minutes", "updated_at"])
    event_record(
        kind=EventKind.CONVENTION_MEETING_MINUTES,
        by=user,
        organisation=_acting(user, membership, convention),
        subject=convention,
        payload=meeting_payload(current),
    )
    return current


@transaction.atomic
def decision_record(*, meeting: Meeting, user: User | None, membership: Membership | None, text: str) -> Decision:
    """A decision taken in a held meeting."""
    convention = meeting.convention
    _require_write(user, membership, convention)
    _held(meeting)
    decision = Decision(meeting=meeting, text=text.strip(), created_by=user)
    decision.full_clean()
    decision.save()
    event_record(
        kind=EventKind.CONVENTION_DECISION_RECORDED,
        by=user,
        organisation=_acting(user, membership, convention),
        subject=convention,
        payload=meeting_payload(meeting) | {"decision": decision.pk},
    )
    return decision


# The cadence ------------------------------------------------------------------------------------------------------


@transaction.atomic
def cadence_set(
    *,
    convention: Convention,
    user: User | None,
    membership: Membership | None,
    kind: str,
    per_year: int,
    today: datetime.date | None = None,
) -> None:
    """How many meetings of a kind a year the convention asks for (0: none). Steering committees' is the
    convention's target "steering meetings per year" for the year (set by its signing parties, as every target);
    the other kinds' is kept here."""
    _require_write(user, membership, convention)
    _not_ended(convention)
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": _("Instance inconnue.")})
    if not 0 <= per_year <= 52:
        raise ValidationError({"per_year": _("Entre 0 et 52 réunions par an.")})
    if kind == MeetingKind.STEERING:
        year = (today or timezone.localdate()).year
        target_set(
            convention=convention,
            user=user,
            membership=membership,
            indicator=Indicator.STEERING_MEETINGS_PER_YEAR,
            value=Decimal(per_year),
            year=year,
        )
        return
    current = MeetingCadence.objects.select_for_update().filter(convention=convention, kind=kind).first()
    if per_year == 0:
        if current is None:
            return
        current.delete()
    elif current is not None and current.per_year == per_year:
        return
    else:
        cadence = current or MeetingCadence(convention=convention, kind=kind)
        cadence.per_year = per_year
        cadence.full_clean()
        cadence.save()
    _record(
        EventKind.CONVENTION_UPDATED,
        convention,
        user=user,
        membership=membership,
        fields=["meeting_cadence"],
        meeting_kind=kind,
        per_year=per_year,
    )


# The joint action plan --------------------------------------------------------------------------------------------


def _check_action(convention: Convention, fields: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    if fields["owner_organisation"].pk not in convention_party_ids(convention):
        errors["owner_organisation"] = _("Le pilote de l'action est une partie à la convention.")
    owner = fields["owner"]
    if owner is not None and not (
        Membership.objects.active().filter(user=owner, organisation_id__in=convention_party_ids(convention)).exists()
    ):
        errors["owner"] = _("Le responsable de l'action est membre d'une partie à la convention.")
    if fields["axis"] and fields["axis"] not in convention.axes:
        errors["axis"] = _("Choisissez l'un des axes de la convention.")
    if fields["indicator"] and fields["indicator"] not in Indicator.values:
        errors["indicator"] = _("Indicateur inconnu.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def action_create(
    *,
    convention: Convention,
    user: User | None,
    membership: Membership | None,
    data: ActionData,
    decision: Decision | None = None,
) -> PlanAction:
    """An action of the convention's plan for a year, maybe from a meeting's decision."""
    _require_write(user, membership, convention)
    _not_ended(convention)
    fields = data.fields()
    _check_action(convention, fields)
    if decision is not None:
        if decision.meeting.convention_id != convention.pk:
            raise ValidationError({"decision": _("Cette décision n'est pas une décision de cette convention.")})
        if PlanAction.objects.filter(decision=decision).exists():
            raise Conflict(_("Cette décision est déjà une action du plan."), code="decision_already_an_action")
    action = PlanAction(convention=convention, created_by=user, decision=decision, **fields)
    action.full_clean()
    action.save()
    payload = action_payload(action)
    if decision is not None:
        payload |= {"decision": decision.pk, "meeting": decision.meeting_id}
    event_record(
        kind=EventKind.CONVENTION_ACTION_CREATED,
        by=user,
        organisation=_acting(user, membership, convention),
        subject=convention,
        payload=payload,
    )
    return action


def decision_to_action(
    *,
    decision: Decision,
    user: User | None,
    membership: Membership | None,
    owner_organisation: Organisation | None = None,
    title: str = "",
    axis: str = "",
    owner: User | None = None,
    due_on: datetime.date | None = None,
    indicator: str = "",
) -> PlanAction:
    """A decision becomes an action of the joint plan in one call: its text is the action's title unless one is
    given, its pilot the caller's organisation when it is a party (else the first signing party), its year the
    due date's (else the meeting's)."""
    meeting = decision.meeting
    convention = meeting.convention
    if owner_organisation is None:
        _require_write(user, membership, convention)
        if membership is not None and membership.organisation_id in convention_party_ids(convention):
            party = convention.parties.filter(organisation_id=membership.organisation_id).first()
            owner_organisation = party.organisation if party is not None else membership.organisation
        else:
            first = convention.parties.select_related("organisation").order_by("pk").first()
            if first is None:
                raise ValidationError({"owner_organisation": _("Cette convention n'a pas encore de partie.")})
            owner_organisation = first.organisation
    year = due_on.year if due_on is not None else timezone.localtime(meeting.starts_at).year
    data = ActionData(
        year=year,
        title=(title.strip() or " ".join(decision.text.split()))[:200],
        owner_organisation=owner_organisation,
        axis=axis,
        owner=owner,
        due_on=due_on,
        indicator=indicator,
    )
    return action_create(convention=convention, user=user, membership=membership, data=data, decision=decision)


@transaction.atomic
def action_update(
    *, action: PlanAction, user: User | None, membership: Membership | None, data: ActionData
) -> tuple[PlanAction, list[str]]:
    convention = action.convention
    _require_write(user, membership, convention)
    _not_ended(convention)
    current = PlanAction.objects.select_for_update().select_related("convention").get(pk=action.pk)
    fields = data.fields()
    _check_action(convention, fields)
    changed = [name for name in ACTION_FIELDS if getattr(current, name) != fields[name]]
    if not changed:
        return current, []
    for name in changed:
        setattr(current, name, fields[name])
    current.full_clean()
    current.save()
    event_record(
        kind=EventKind.CONVENTION_ACTION_UPDATED,
        by=user,
        organisation=_acting(user, membership, convention),
        subject=convention,
        payload=action_payload(current) | {"fields": sorted(changed)},
    )
    return current, changed


def _action_step(name: str, action: PlanAction, user: User | None, membership: Membership | None) -> PlanAction:
    if not can_move_action(user, membership, action):
        raise _refuse()
    return ACTION.run(name, action, by=user, organisation=_acting(user, membership, action.convention))


def action_start(*, action: PlanAction, user: User | None, membership: Membership | None) -> PlanAction:
    return _action_step("start", action, user, membership)


def action_complete(*, action: PlanAction, user: User | None, membership: Membership | None) -> PlanAction:
    return _action_step("complete", action, user, membership)


def action_drop(*, action: PlanAction, user: User | None, membership: Membership | None) -> PlanAction:
    return _action_step("drop", action, user, membership)


@transaction.atomic
def action_review(
    *, meeting: Meeting, action: PlanAction, user: User | None, membership: Membership | None, note: str = ""
) -> ActionReview:
    """An action of the convention's plan reviewed in a held meeting, with a note (written again if reviewed
    twice in the same meeting)."""
    convention = meeting.convention
    _require_write(user, membership, convention)
    _held(meeting)
    if action.convention_id != meeting.convention_id:
        raise ValidationError({"action": _("Cette action n'est pas une action de cette convention.")})
    review = ActionReview.objects.filter(meeting=meeting, action=action).first() or ActionReview(
        meeting=meeting, action=action, created_by=user
    )
    review.note = note.strip()
    review.full_clean()
    review.save()
    event_record(
        kind=EventKind.CONVENTION_ACTION_REVIEWED,
        by=user,
        organisation=_acting(user, membership, convention),
        subject=convention,
        payload=meeting_payload(meeting) | {"action": action.pk, "action_title": action.title},
    )
    return review
