"""API of the exits from accompaniment and the situation six months later (docs/exits.md).

The same rules as the pages (tandem.exits.permissions): whoever may see the person reads their exits; the
organisation that leads the person (or led them on the exit's day) records the exit; the exit's organisation, or
the person's lead now, corrects it, cancels it and records the situation six months later. A person or an exit out
of the caller's reach is 404 (also on writes, the refusal audited); a read-only token gets 403 on writes; 422 for a
value that is not valid (a day in the future or outside the lead follow, a contract missing, a follow-up observed
too early); 409 for a refused state change (a standing exit already there, a cancelled exit, a follow-up already
recorded).
"""

# No postponed annotations here: django-ninja reads the types at run time.

import datetime
from typing import Annotated, Any

from django.http import Http404
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from tandem.api.auth import ApiHttpRequest, acting_user, nominative_membership, require_write
from tandem.api.errors import refused_as_not_found
from tandem.api.schemas import Day, ErrorOut, RecordId, RecordRef, one_of
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record, audit_row
from tandem.exits import permissions, selectors, services
from tandem.exits.enums import CancelReason, ContractType, ExitReason, ExitStatus, Situation
from tandem.exits.models import Exit, ExitFollowUp
from tandem.people.models import Person

router = Router(tags=["exits"])

StatusValue = one_of(ExitStatus)
ReasonValue = one_of(ExitReason)
ContractValue = one_of(ContractType, "")
SituationValue = one_of(Situation)
CancelReasonValue = one_of(CancelReason, "")
ExitCancelReasonValue = one_of(CancelReason)
Months = Annotated[int, Field(ge=1, le=120)]
AUDIT_EXITS = "person_exits"
AUDIT_EXIT = "exit"
AUDIT_FOLLOW_UP = "exitfollowup"


class ExitFollowUpOut(Schema):
    id: int
    observed_on: datetime.date
    situation: SituationValue
    contract_type: ContractValue
    contract_months: int | None
    is_durable: bool
    organisation_id: int


class ExitOut(Schema):
    id: int
    person_id: int
    organisation_id: int
    organisation: str
    exited_on: datetime.date
    reason: ReasonValue
    contract_type: ContractValue
    contract_months: int | None
    is_positive: bool = Field(description="Employment, training or another positive exit")
    is_durable: bool = Field(description="A CDI, or a fixed-term contract of 6 months or more")
    status: StatusValue
    cancel_reason: CancelReasonValue
    follow_up_due_on: datetime.date = Field(description="Six months after the exit")
    follow_up: ExitFollowUpOut | None

    @staticmethod
    def resolve_organisation(exit: Exit) -> str:
        return exit.organisation.name

    @staticmethod
    def resolve_follow_up(exit: Exit) -> ExitFollowUp | None:
        return getattr(exit, "follow_up", None)


class PersonExitsOut(Schema):
    person_id: int
    exits: list[ExitOut] = Field(description="Newest first; cancelled ones included")


class ExitIn(Schema):
    person_id: RecordRef
    exited_on: Day
    reason: ReasonValue
    contract_type: ContractValue = Field("", description="For an employment")
    contract_months: Months | None = Field(None, description="Required for a CDD, a temp mission, a PEC")


class ExitChangeIn(Schema):
    exited_on: Day | None = None
    reason: ReasonValue | None = None
    contract_type: ContractValue | None = None
    contract_months: Months | None = None


class ExitCancelIn(Schema):
    reason: ExitCancelReasonValue


class ExitFollowUpIn(Schema):
    observed_on: Day = Field(description="Six months after the exit or later (15 days earlier at most)")
    situation: SituationValue
    contract_type: ContractValue = Field("", description="For an employment")
    contract_months: Months | None = None


def _denied(request: ApiHttpRequest, object_type: str, pk: int) -> HttpError:
    audit_record(
        request=request, action=AuditAction.DENIED, person_id=None, object_type=object_type, object_id=pk, detail="api"
    )
    return HttpError(404, "Not found")


def _exit(request: ApiHttpRequest, pk: int, *, change: bool = False) -> Exit:
    membership = nominative_membership(request)
    try:
        exit = selectors.exit_get_for(membership=membership, pk=pk)
    except Http404 as error:
        raise _denied(request, AUDIT_EXIT, pk) from error
    if change and not permissions.can_change_exit(membership, exit):
        raise _denied(request, AUDIT_EXIT, pk)
    return exit


@router.get(
    "/person/{int:person_id}", response={200: PersonExitsOut, 404: ErrorOut}, summary="A person's exits, newest first"
)
def person_exits(request: ApiHttpRequest, person_id: RecordId):
    membership = nominative_membership(request)
    person = Person.objects.filter(pk=person_id).first()
    if person is None or not permissions.can_see_person_exits(membership, person):
        raise _denied(request, AUDIT_EXITS, person_id)
    listed = selectors.person_exits_for(person, membership)
    audit_record(
        request=request,
        action=AuditAction.READ,
        person_id=person.pk,
        object_type=AUDIT_EXITS,
        detail=f"api exits: {len(listed.exits)}",
    )
    return {"person_id": person.pk, "exits": listed.exits}


@router.post(
    "",
    response={201: ExitOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Record a person's exit from accompaniment",
    description="404: a person the caller's organisation does not lead and never led. 409: a standing exit of the "
    "person by the caller's organisation already there (correct it). 422: a day in the future or outside the "
    "organisation's lead follow, an employment without its contract, a CDD/temp/PEC without its months.",
)
def exit_record(request: ApiHttpRequest, payload: ExitIn):
    require_write(request)
    membership = nominative_membership(request)
    person = Person.objects.filter(pk=payload.person_id).first()
    if person is None or not permissions.can_record_exit(membership, person):
        raise _denied(request, AUDIT_EXITS, payload.person_id)
    exit = refused_as_not_found(
        lambda: services.exit_record(
            person=person,
            exited_on=payload.exited_on,
            reason=payload.reason,
            contract_type=payload.contract_type,
            contract_months=payload.contract_months,
            by=acting_user(request),
            organisation=membership.organisation,
            membership=membership,
        )
    )
    audit_row(request=request, action=AuditAction.CREATE, row=exit, object_type=AUDIT_EXIT, detail="api")
    return 201, exit


@router.get("/{int:pk}", response={200: ExitOut, 404: ErrorOut}, summary="An exit")
def exit_detail(request: ApiHttpRequest, pk: RecordId):
    exit = _exit(request, pk)
    audit_row(request=request, action=AuditAction.READ, row=exit, object_type=AUDIT_EXIT, detail="api")
    return exit


@router.patch(
    "/{int:pk}",
    response={200: ExitOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Correct an exit (its organisation, or the person's lead now)",
    description="Only the fields given change. 404: an exit out of the caller's reach or of which it is no party. "
    "409: a cancelled exit. 422: as when recording.",
)
def exit_change(request: ApiHttpRequest, pk: RecordId, payload: ExitChangeIn):
    require_write(request)
    membership = nominative_membership(request)
    exit = _exit(request, pk, change=True)
    given = payload.model_dump(exclude_unset=True)
    values: dict[str, Any] = {
        "exited_on": exit.exited_on,
        "reason": exit.reason,
        "contract_type": exit.contract_type,
        "contract_months": exit.contract_months,
    }
    values |= {name: value for name, value in given.items() if value is not None or name == "contract_months"}
    exit = refused_as_not_found(
        lambda: services.exit_update(
            exit=exit, by=acting_user(request), organisation=membership.organisation, membership=membership, **values
        )
    )
    audit_row(request=request, action=AuditAction.UPDATE, row=exit, object_type=AUDIT_EXIT, detail="api")
    return exit


@router.post(
    "/{int:pk}/cancel",
    response={200: ExitOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Cancel an exit recorded by mistake, with its reason: it no longer counts",
)
def exit_cancel(request: ApiHttpRequest, pk: RecordId, payload: ExitCancelIn):
    require_write(request)
    membership = nominative_membership(request)
    exit = _exit(request, pk, change=True)
    exit = refused_as_not_found(
        lambda: services.exit_cancel(
            exit=exit,
            reason=payload.reason,
            by=acting_user(request),
            organisation=membership.organisation,
            membership=membership,
        )
    )
    audit_row(request=request, action=AuditAction.UPDATE, row=exit, object_type=AUDIT_EXIT, detail="api cancel")
    return exit


@router.post(
    "/{int:pk}/follow-up",
    response={201: ExitOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Record the situation six months after an exit",
    description="404: an exit out of the caller's reach or of which it is no party. 409: a cancelled exit, a "
    "follow-up already recorded. 422: observed before six months after the exit less 15 days, or in the future; "
    "an employment without its contract.",
)
def follow_up_record(request: ApiHttpRequest, pk: RecordId, payload: ExitFollowUpIn):
    require_write(request)
    membership = nominative_membership(request)
    exit = _exit(request, pk, change=True)
    follow_up = refused_as_not_found(
        lambda: services.follow_up_record(
            exit=exit,
            observed_on=payload.observed_on,
            situation=payload.situation,
            contract_type=payload.contract_type,
            contract_months=payload.contract_months,
            by=acting_user(request),
            organisation=membership.organisation,
            membership=membership,
        )
    )
    audit_record(
        request=request,
        action=AuditAction.CREATE,
        person_id=exit.person_id,
        object_type=AUDIT_FOLLOW_UP,
        object_id=follow_up.pk,
        detail="api",
    )
    return 201, selectors.exit_get_for(membership=membership, pk=exit.pk)
