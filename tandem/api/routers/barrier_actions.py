"""API of barrier-lifting actions: the catalogue of actions with their places, and the people referred to them.

The same rules as the pages (tandem.barrier_actions.permissions): every partner's token or member reads the actions
and their counts (observers too: no personal data); the owner's managers (a manager's token with the write scope)
add, change and close its actions; a person is referred only by a caller who may see them, and the answer says
whether they got a place or went on the waiting list; leaving and completing are recorded by the referring
organisation or the owner's managers. Anyone else gets 404 and nothing changes; a read-only token 403 on a write;
409: refused by the current state (the action closed, already referred, already out); 422: a bad value (a capacity
below the places taken, an unknown commune).
"""

# No postponed annotations here: django-ninja reads the types at run time.

import datetime
from typing import Annotated

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from tandem.access.selectors import person_list_for
from tandem.accounts.models import Membership
from tandem.api.auth import ApiHttpRequest, acting_user, membership_of, nominative_membership, require_write
from tandem.api.errors import refused_as_not_found
from tandem.api.pagination import BoundedLimitOffsetPagination
from tandem.api.schemas import Day, ErrorOut, RecordId, RecordRef, Whole, one_of
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record, audit_row
from tandem.barrier_actions import permissions, selectors, services
from tandem.barrier_actions.enums import ActionStatus, EnrolmentStatus
from tandem.barrier_actions.models import BarrierAction, Enrolment
from tandem.people.enums import BarrierKind
from tandem.service_catalogue.models import Service
from tandem.territories.models import Commune

router = Router(tags=["barrier actions"])

KindValue = one_of(BarrierKind)
KindFilter = one_of(BarrierKind, "")
ActionStatusValue = one_of(ActionStatus)
EnrolmentStatusValue = one_of(EnrolmentStatus)
AUDIT_ENROLMENT = "barrier_enrolment"


def _reader(request: ApiHttpRequest) -> Membership:
    membership = membership_of(request)
    if not permissions.can_read_actions(membership):
        raise HttpError(404, "Not found")
    return membership


def _action(membership: Membership, pk: int) -> BarrierAction:
    return refused_as_not_found(lambda: selectors.action_get_for(membership=membership, pk=pk))


class BarrierActionOut(Schema):
    id: int
    organisation_id: int
    title: str
    barrier_kind: KindValue
    description: str
    commune_codes: list[str] = Field(description="INSEE codes of the communes served; empty: the owner's territory")
    capacity: int
    places_taken: int
    places_left: int
    waiting: int = Field(description="Length of the waiting list")
    starts_on: datetime.date
    ends_on: datetime.date | None
    status: ActionStatusValue
    service_id: int | None

    @staticmethod
    def resolve_commune_codes(action: BarrierAction) -> list[str]:
        return sorted(commune.pk for commune in action.communes.all())

    @staticmethod
    def resolve_places_taken(action: BarrierAction) -> int:
        return int(getattr(action, "taken", 0))

    @staticmethod
    def resolve_places_left(action: BarrierAction) -> int:
        return max(action.capacity - int(getattr(action, "taken", 0)), 0)

    @staticmethod
    def resolve_waiting(action: BarrierAction) -> int:
        return int(getattr(action, "waiting", 0))


class BarrierActionIn(Schema):
    title: Annotated[str, Field(min_length=1, max_length=200)]
    barrier_kind: KindValue
    description: str = Field("", max_length=5000)
    capacity: Annotated[Whole, Field(ge=1, le=10000)]
    starts_on: Day
    ends_on: Day | None = None
    commune_codes: list[Annotated[str, Field(min_length=5, max_length=5)]] = Field(
        default_factory=list, max_length=200, description="INSEE codes; empty: the owner's territory"
    )
    service_id: RecordRef | None = Field(None, description="A service of the owner's in the catalogue")


class EnrolmentOut(Schema):
    id: int
    action_id: int
    person_id: int
    status: EnrolmentStatusValue
    organisation_id: int = Field(description="The referring organisation")
    created_at: datetime.datetime
    placed_at: datetime.datetime | None
    ended_at: datetime.datetime | None


class EnrolmentIn(Schema):
    person_id: RecordRef


def _data(payload: BarrierActionIn) -> services.ActionData:
    service = None
    if payload.service_id is not None:
        service = Service.objects.filter(pk=payload.service_id).first()
        if service is None:
            raise HttpError(404, "Not found")
    communes = list(Commune.objects.filter(code__in=payload.commune_codes))
    if len(communes) != len(set(payload.commune_codes)):
        raise ValidationError({"commune_codes": _("Un code de commune est inconnu.")})
    return services.ActionData(
        title=payload.title,
        barrier_kind=payload.barrier_kind,
        description=payload.description,
        capacity=payload.capacity,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        service=service,
        communes=communes,
    )


@router.get("", response={200: list[BarrierActionOut], 404: ErrorOut}, summary="The actions, with their places")
@paginate(BoundedLimitOffsetPagination)
def action_list(
    request: ApiHttpRequest,
    barrier_kind: KindFilter = "",
    commune: str = Query("", max_length=5, description="Offered in this commune (INSEE code)"),
    include_closed: bool = False,
) -> QuerySet[BarrierAction]:
    membership = _reader(request)
    place = Commune.objects.filter(code=commune).first() if commune else None
    if commune and place is None:
        raise ValidationError({"commune": _("Commune inconnue.")})
    filters = selectors.ActionFilters(barrier_kind=barrier_kind, commune=place, include_closed=include_closed)
    return selectors.action_list_for(membership=membership, filters=filters).prefetch_related("communes")


@router.get("/{int:pk}", response=BarrierActionOut, summary="An action, with its places")
def action_detail(request: ApiHttpRequest, pk: RecordId):
    return _action(_reader(request), pk)


@router.post(
    "",
    response={201: BarrierActionOut},
    summary="Add an action of the caller's organisation (its managers)",
    description="404: the caller is no manager, or the service is unknown. 422: a service of another organisation, "
    "an unknown commune, an end before the start.",
)
def action_create(request: ApiHttpRequest, payload: BarrierActionIn):
    require_write(request)
    membership = _reader(request)
    data = _data(payload)
    action = refused_as_not_found(
        lambda: services.action_create(membership=membership, by=acting_user(request), data=data)
    )
    return 201, _action(membership, action.pk)


@router.put(
    "/{int:pk}",
    response={200: BarrierActionOut, 409: ErrorOut},
    summary="Replace an action's description and places (its owner's managers)",
    description="404: an action the caller does not keep. 409: the action is closed. 422: a capacity below the "
    "places taken, a bad value. More places go at once to the people waiting.",
)
def action_update(request: ApiHttpRequest, pk: RecordId, payload: BarrierActionIn):
    require_write(request)
    membership = _reader(request)
    action = _action(membership, pk)
    data = _data(payload)
    refused_as_not_found(
        lambda: services.action_update(action=action, membership=membership, by=acting_user(request), data=data)
    )
    return _action(membership, pk)


@router.post(
    "/{int:pk}/close",
    response={200: BarrierActionOut, 409: ErrorOut},
    summary="Close an action: nobody is referred to it any more (its owner's managers)",
)
def action_close(request: ApiHttpRequest, pk: RecordId):
    require_write(request)
    membership = _reader(request)
    action = _action(membership, pk)
    refused_as_not_found(lambda: services.action_close(action=action, membership=membership, by=acting_user(request)))
    return _action(membership, pk)


@router.post(
    "/{int:pk}/enrolments",
    response={201: EnrolmentOut, 409: ErrorOut},
    summary="Refer a person the caller may see: a place if one is left, else the waiting list",
    description="The answer's status says which: `enrolled` or `waitlisted`. 404: an unknown action, a person the "
    "caller may not see. 409: the action is closed, the person already has a place or waits for one.",
)
def enrolment_create(request: ApiHttpRequest, pk: RecordId, payload: EnrolmentIn):
    require_write(request)
    membership = nominative_membership(request)
    action = _action(membership, pk)
    person = person_list_for(membership=membership).filter(pk=payload.person_id).first()
    if person is None:
        audit_record(
            request=request,
            action=AuditAction.DENIED,
            person_id=None,
            object_type=AUDIT_ENROLMENT,
            detail=f"api barrier action {pk}",
        )
        raise HttpError(404, "Not found")
    enrolment = refused_as_not_found(
        lambda: services.enrolment_create(action=action, person=person, membership=membership, by=acting_user(request))
    )
    audit_row(request=request, action=AuditAction.CREATE, row=enrolment, object_type=AUDIT_ENROLMENT)
    return 201, enrolment


def _end(request: ApiHttpRequest, pk: int, step: str) -> Enrolment:
    require_write(request)
    membership = nominative_membership(request)
    enrolment = Enrolment.objects.select_related("action", "person").filter(pk=pk).first()
    if enrolment is None or not permissions.can_end_enrolment(membership, enrolment):
        audit_record(
            request=request, action=AuditAction.DENIED, person_id=None, object_type=AUDIT_ENROLMENT, object_id=pk
        )
        raise HttpError(404, "Not found")
    write = services.enrolment_leave if step == "leave" else services.enrolment_complete
    ended = refused_as_not_found(lambda: write(enrolment=enrolment, membership=membership, by=acting_user(request)))
    audit_row(request=request, action=AuditAction.UPDATE, row=ended, object_type=AUDIT_ENROLMENT, detail=step)
    return ended


@router.post(
    "/enrolments/{int:pk}/leave",
    response={200: EnrolmentOut, 409: ErrorOut},
    summary="The person leaves the action or its waiting list; a freed place goes to the first person waiting",
    description="404: an enrolment the caller neither referred nor keeps (owner's managers). 409: already out.",
)
def enrolment_leave(request: ApiHttpRequest, pk: RecordId):
    return _end(request, pk, "leave")


@router.post(
    "/enrolments/{int:pk}/complete",
    response={200: EnrolmentOut, 409: ErrorOut},
    summary="The person followed the action to its end; the place goes to the first person waiting",
    description="404: an enrolment the caller neither referred nor keeps (owner's managers). 409: already out, or "
    "still waiting for a place.",
)
def enrolment_complete(request: ApiHttpRequest, pk: RecordId):
    return _end(request, pk, "complete")


@router.get(
    "/people/{int:person_id}/enrolments",
    response={200: list[EnrolmentOut], 404: ErrorOut},
    summary="A person's actions, latest first (a caller who may see the person)",
)
@paginate(BoundedLimitOffsetPagination)
def person_enrolments(request: ApiHttpRequest, person_id: RecordId) -> QuerySet[Enrolment]:
    membership = nominative_membership(request)
    person = person_list_for(membership=membership).filter(pk=person_id).first()
    if person is None:
        audit_record(
            request=request,
            action=AuditAction.DENIED,
            person_id=None,
            object_type=AUDIT_ENROLMENT,
            detail=f"api person {person_id}",
        )
        raise HttpError(404, "Not found")
    enrolments = selectors.enrolments_for_person(person=person, membership=membership)
    audit_record(
        request=request, action=AuditAction.READ, person_id=person.pk, object_type=AUDIT_ENROLMENT, detail="api list"
    )
    return enrolments
