"""Every write about barrier-lifting actions: the catalogue (create, change, close) and the people referred to an
action (a place or the waiting list, leaving, completing).

Each service checks the caller's right itself (tandem.barrier_actions.permissions), whatever the channel (page, API
token): anyone else gets PermissionDenied, which pages and the API answer with a 404. A rule of the current state
(the action closed, the person already there, a place already freed) is a Conflict (409); a bad value is a
ValidationError (422).

The places: every write that takes or frees one runs in one transaction with the action's row locked
(`select_for_update`), so two advisers taking the last place at once cannot both get it, and a freed place goes to
the first person waiting in the same transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import Membership, User
from tandem.barrier_actions.enums import ACTIVE_STATUSES, ActionStatus, EnrolmentStatus
from tandem.barrier_actions.models import BarrierAction, Enrolment
from tandem.barrier_actions.permissions import (
    can_create_actions,
    can_end_enrolment,
    can_enrol_person,
    can_manage_action,
)
from tandem.core.errors import Conflict
from tandem.events.enums import EventKind
from tandem.events.services import event_record
from tandem.people.models import Person
from tandem.service_catalogue.models import Service
from tandem.territories.models import Commune

ACTION_FIELDS = ("title", "barrier_kind", "description", "capacity", "starts_on", "ends_on", "service")


@dataclass(frozen=True, kw_only=True)
class ActionData:
    """An action as typed in the form or sent by the API (communes already resolved)."""

    title: str
    barrier_kind: str
    capacity: int
    starts_on: datetime.date
    ends_on: datetime.date | None = None
    description: str = ""
    service: Service | None = None
    communes: Sequence[Commune] = field(default=())

    def fields(self) -> dict[str, object]:
        return {
            "title": self.title.strip(),
            "barrier_kind": self.barrier_kind,
            "description": self.description.strip(),
            "capacity": self.capacity,
            "starts_on": self.starts_on,
            "ends_on": self.ends_on,
            "service": self.service,
        }


def _refuse() -> PermissionDenied:
    return PermissionDenied(_("Seuls les responsables de l'organisation qui porte l'action la tiennent à jour."))


def action_payload(action: BarrierAction) -> dict[str, object]:
    """Codes only: the action, its owner, its kind of barrier and its places."""
    return {
        "action": action.pk,
        "organisation": action.organisation_id,
        "barrier_kind": action.barrier_kind,
        "capacity": action.capacity,
    }


def places_taken(action: BarrierAction) -> int:
    return Enrolment.objects.filter(action=action, status=EnrolmentStatus.ENROLLED).count()


def _locked(action: BarrierAction) -> BarrierAction:
    """The action's row, locked until the transaction ends (fresh values: capacity, status)."""
    return BarrierAction.objects.select_for_update().get(pk=action.pk)


def _open(action: BarrierAction) -> None:
    if action.status != ActionStatus.OPEN:
        raise Conflict(_("Cette action est close : elle ne change plus."), code="barrier_action_closed")


@transaction.atomic
def action_create(*, membership: Membership | None, by: User | None, data: ActionData) -> BarrierAction:
    """An open action of the manager's organisation."""
    if not can_create_actions(membership):
        raise _refuse()
    action = BarrierAction(organisation=membership.organisation, created_by=by, **data.fields())
    action.full_clean()
    action.save()
    action.communes.set(list(data.communes))
    event_record(
        kind=EventKind.BARRIER_ACTION_CREATED,
        by=by,
        organisation=membership.organisation,
        subject=action,
        payload=action_payload(action),
    )
    return action


@transaction.atomic
def action_update(
    *, action: BarrierAction, membership: Membership | None, by: User | None, data: ActionData
) -> BarrierAction:
    """Change an open action. Its capacity never goes below the places taken; more places go at once to the people
    waiting, first come first served."""
    if not can_manage_action(membership, action):
        raise _refuse()
    current = _locked(action)
    _open(current)
    taken = places_taken(current)
    if data.capacity < taken:
        raise ValidationError(
            {
                "capacity": _(
                    "%(count)s personnes ont déjà une place : l'action ne peut pas en compter moins. "
                    "Enregistrez d'abord leur sortie."
                )
                % {"count": taken}
            },
            code="capacity_below_places_taken",
        )
    fields = data.fields()
    changed = sorted(name for name in ACTION_FIELDS if getattr(current, name) != fields[name])
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean()
    current.save()
    communes = sorted({commune.pk for commune in data.communes})
    if sorted(current.communes.values_list("pk", flat=True)) != communes:
        current.communes.set(list(data.communes))
        changed.append("communes")
    if changed:
        event_record(
            kind=EventKind.BARRIER_ACTION_UPDATED,
            by=by,
            organisation=membership.organisation,
            subject=current,
            payload=action_payload(current) | {"fields": sorted(changed)},
        )
    _promote(current, by=by, membership=membership)
    return current


@transaction.atomic
def action_close(*, action: BarrierAction, membership: Membership | None, by: User | None) -> BarrierAction:
    """Nobody is referred to it any more; those in it stay until they leave or complete it."""
    if not can_manage_action(membership, action):
        raise _refuse()
    # A conditional update: two managers closing at once do not both write the event.
    updated = BarrierAction.objects.filter(pk=action.pk, status=ActionStatus.OPEN).update(
        status=ActionStatus.CLOSED, updated_at=timezone.now()
    )
    if not updated:
        raise Conflict(_("Cette action est déjà close."), code="barrier_action_closed")
    action.refresh_from_db()
    event_record(
        kind=EventKind.BARRIER_ACTION_CLOSED,
        by=by,
        organisation=membership.organisation,
        subject=action,
        payload=action_payload(action),
    )
    return action


def _enrolment_payload(enrolment: Enrolment, action: BarrierAction) -> dict[str, object]:
    return action_payload(action) | {"enrolment": enrolment.pk, "referred_by": enrolment.organisation_id}


@transaction.atomic
def enrolment_create(
    *, action: BarrierAction, person: Person, membership: Membership | None, by: User | None
) -> Enrolment:
    """Refer a person the caller may see: a place while there is one, else the waiting list."""
    if not can_enrol_person(membership, person):
        raise PermissionDenied(_("Vous ne pouvez pas consulter le dossier de cette personne."))
    current = _locked(action)
    _open(current)
    if Enrolment.objects.filter(action=current, person=person, status__in=ACTIVE_STATUSES).exists():
        raise Conflict(
            _("Cette personne a déjà une place dans cette action ou attend déjà la sienne."),
            code="already_enrolled",
        )
    has_place = places_taken(current) < current.capacity
    enrolment = Enrolment(
        action=current,
        person=person,
        organisation=membership.organisation,
        adviser=by,
        status=EnrolmentStatus.ENROLLED if has_place else EnrolmentStatus.WAITLISTED,
        placed_at=timezone.now() if has_place else None,
    )
    enrolment.full_clean(exclude=["person", "action"], validate_constraints=False)
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError as error:  # the database's own guard, should the check above ever be bypassed
        raise Conflict(
            _("Cette personne a déjà une place dans cette action ou attend déjà la sienne."), code="already_enrolled"
        ) from error
    event_record(
        kind=EventKind.BARRIER_ACTION_ENROLLED if has_place else EventKind.BARRIER_ACTION_WAITLISTED,
        by=by,
        organisation=membership.organisation,
        person=person,
        subject=enrolment,
        payload=_enrolment_payload(enrolment, current),
    )
    return enrolment


def _promote(action: BarrierAction, *, by: User | None, membership: Membership) -> list[Enrolment]:
    """Give the free places of an open action to the people waiting, first come first served (the caller holds the
    action's lock)."""
    if action.status != ActionStatus.OPEN:
        return []
    free = action.capacity - places_taken(action)
    if free <= 0:
        return []
    waiting = list(
        Enrolment.objects.filter(action=action, status=EnrolmentStatus.WAITLISTED)
        .select_related("person")
        .order_by("created_at", "pk")[:free]
    )
    now = timezone.now()
    for enrolment in waiting:
        Enrolment.objects.filter(pk=enrolment.pk, status=EnrolmentStatus.WAITLISTED).update(
            status=EnrolmentStatus.ENROLLED, placed_at=now, updated_at=now
        )
        enrolment.status, enrolment.placed_at = EnrolmentStatus.ENROLLED, now
        event_record(
            kind=EventKind.BARRIER_ACTION_PROMOTED,
            by=by,
            organisation=membership.organisation,
            person=enrolment.person,
            subject=enrolment,
            payload=_enrolment_payload(enrolment, action),
        )
    return waiting


def _end(enrolment: Enrolment, membership: Membership | None, by: User | None, *, status: str, kind: str) -> Enrolment:
    if not can_end_enrolment(membership, enrolment):
        raise PermissionDenied(
            _("Seuls l'organisation qui a orienté la personne et les responsables de l'action enregistrent sa sortie.")
        )
    action = _locked(enrolment.action)
    allowed = ACTIVE_STATUSES if status == EnrolmentStatus.LEFT else (EnrolmentStatus.ENROLLED,)
    now = timezone.now()
    # A conditional update on the expected states: a second click, or a colleague's, changes nothing.
    updated = Enrolment.objects.filter(pk=enrolment.pk, status__in=allowed).update(
        status=status, ended_at=now, updated_at=now
    )
    if not updated:
        enrolment.refresh_from_db()
        if enrolment.status == EnrolmentStatus.WAITLISTED:
            message = _("Cette personne attend encore sa place : elle ne peut pas avoir suivi l'action.")
        else:
            message = _("Cette orientation est déjà terminée (« %(status)s »).") % {
                "status": enrolment.get_status_display()
            }
        raise Conflict(message, code="enrolment_not_active")
    enrolment.refresh_from_db()
    event_record(
        kind=kind,
        by=by,
        organisation=membership.organisation,
        person=enrolment.person,
        subject=enrolment,
        payload=_enrolment_payload(enrolment, action),
    )
    _promote(action, by=by, membership=membership)
    return enrolment


@transaction.atomic
def enrolment_leave(*, enrolment: Enrolment, membership: Membership | None, by: User | None) -> Enrolment:
    """The person leaves the action or the waiting list; a freed place goes to the first person waiting."""
    return _end(enrolment, membership, by, status=EnrolmentStatus.LEFT, kind=EventKind.BARRIER_ACTION_LEFT)


@transaction.atomic
def enrolment_complete(*, enrolment: Enrolment, membership: Membership | None, by: User | None) -> Enrolment:
    """The person followed the action to its end; the place goes to the first person waiting."""
    return _end(enrolment, membership, by, status=EnrolmentStatus.COMPLETED, kind=EventKind.BARRIER_ACTION_COMPLETED)
