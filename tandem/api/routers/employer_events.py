"""API of employer events: information meetings, job datings and forums, their companies and young people.

The same rules as the pages (tandem.employer_events.permissions): an event is seen by the staff of its organiser
and of the partners taking part (404 for anyone else, also on writes); the organiser holds or cancels it; a company
is invited by staff who may act on it; a young person is registered, and their presence recorded, by staff who may
see them (404 otherwise, the refusal audited); the list of young people holds only those the caller may see. A
partner system acts with its organisation's token and role (write scope for writes, else 403). 409: refused by
the event's, the invitation's or the registration's state.
"""

# No postponed annotations here: django-ninja reads the types at run time.

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from tandem.access.selectors import person_list_for
from tandem.accounts.models import Membership
from tandem.api.auth import ApiHttpRequest, acting_user, nominative_membership, require_write
from tandem.api.errors import refused_as_not_found
from tandem.api.pagination import BoundedLimitOffsetPagination
from tandem.api.routers.career_paths import MissionOut
from tandem.api.schemas import ClockTime, Day, ErrorOut, RecordId, RecordRef, Whole, one_of
from tandem.api.workflows import workflow_routes
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_list_read, audit_record, audit_row
from tandem.employer_events import selectors, services
from tandem.employer_events.enums import (
    EventFormat,
    EventStatus,
    EventTheme,
    InvitationStatus,
    ParticipationOutcome,
    RegistrationStatus,
)
from tandem.employer_events.models import EmployerEvent, Invitation, Registration
from tandem.employer_events.workflow import REGISTRATION
from tandem.employers.models import Employer
from tandem.offers.models import Offer
from tandem.organisations.models import Organisation
from tandem.territories.selectors import commune_resolve

router = Router(tags=["employer events"])
registrations_router = Router(tags=["employer events"])

FormatValue = one_of(EventFormat)
ThemeValue = one_of(EventTheme, "")
EventStatusValue = one_of(EventStatus)
InvitationStatusValue = one_of(InvitationStatus)
RegistrationStatusValue = one_of(RegistrationStatus)
OutcomeValue = one_of(ParticipationOutcome, "")
PeriodValue = one_of("upcoming", "past")
AUDIT_REGISTRATION = "event_registration"


def _event(membership: Membership, pk: int) -> EmployerEvent:
    return refused_as_not_found(lambda: selectors.employer_event_get_for(membership=membership, pk=pk))


class EventOut(Schema):
    id: int
    format: FormatValue
    title: str
    theme: str
    held_on: datetime.date
    starts_at: datetime.time
    ends_at: datetime.time
    street: str
    commune_code: str
    organisation_id: int
    partner_ids: list[int]
    capacity: int | None
    status: EventStatusValue

    @staticmethod
    def resolve_commune_code(event: EmployerEvent) -> str:
        return event.commune_id

    @staticmethod
    def resolve_partner_ids(event: EmployerEvent) -> list[int]:
        return sorted(partner.pk for partner in event.partners.all())


class EventIn(Schema):
    format: FormatValue
    title: Annotated[str, Field(min_length=1, max_length=200)]
    theme: ThemeValue = ""
    held_on: Day
    starts_at: ClockTime
    ends_at: ClockTime
    street: str = Field("", max_length=255)
    commune_code: str = Field(min_length=5, max_length=5, description="INSEE code of the commune")
    partner_ids: list[RecordRef] = Field(
        default_factory=list, description="Partners taking part: organisations in partnership with the organiser"
    )
    capacity: Annotated[Whole, Field(ge=1, le=10000)] | None = None


class InvitationOut(Schema):
    id: int
    event_id: int
    employer_id: int
    employer: str
    status: InvitationStatusValue
    organisation_id: int
    offer_ids: list[int]

    @staticmethod
    def resolve_employer(invitation: Invitation) -> str:
        return invitation.employer.display_name

    @staticmethod
    def resolve_offer_ids(invitation: Invitation) -> list[int]:
        return sorted(offer.pk for offer in invitation.offers.all())


class InvitationIn(Schema):
    employer_id: RecordRef
    offer_ids: list[RecordRef] = Field(default_factory=list, description="The company's offers it brings")


class RegistrationOut(Schema):
    id: int
    event_id: int
    person_id: int
    status: RegistrationStatusValue
    outcome: str
    organisation_id: int


class RegistrationIn(Schema):
    person_id: RecordRef


class OutcomeIn(Schema):
    outcome: OutcomeValue = ""


@router.get("", response={200: list[EventOut], 404: ErrorOut}, summary="The caller's events, upcoming or past")
@paginate(BoundedLimitOffsetPagination)
def event_list(request: ApiHttpRequest, period: PeriodValue = "upcoming") -> QuerySet[EmployerEvent]:
    events = selectors.employer_event_list_for(membership=nominative_membership(request), period=period)
    return events.prefetch_related("partners")


@router.post(
    "",
    response={201: EventOut},
    summary="Organise an event for the caller's organisation",
    description="422: an unknown commune, a partner that is not the organiser's, an event that ends before it starts.",
)
def event_create(request: ApiHttpRequest, payload: EventIn):
    require_write(request)
    membership = nominative_membership(request)
    partners = list(Organisation.objects.filter(pk__in=payload.partner_ids))
    if len(partners) != len(set(payload.partner_ids)):
        raise HttpError(404, "Not found")
    commune = commune_resolve(code=payload.commune_code)
    if commune is None:
        raise ValidationError({"commune_code": _("Indiquez la commune de l'événement.")})
    event = refused_as_not_found(
        lambda: services.employer_event_create(
            membership=membership,
            by=acting_user(request),
            data=services.EventData(
                format=payload.format,
                title=payload.title,
                theme=payload.theme,
                held_on=payload.held_on,
                starts_at=payload.starts_at,
                ends_at=payload.ends_at,
                street=payload.street,
                commune=commune,
                capacity=payload.capacity,
            ),
            partners=partners,
        )
    )
    return 201, event


@router.get("/{int:pk}", response=EventOut, summary="An event")
def event_detail(request: ApiHttpRequest, pk: RecordId):
    return _event(nominative_membership(request), pk)


@router.post("/{int:pk}/hold", response={200: EventOut, 409: ErrorOut}, summary="Declare the event held (organiser)")
def event_hold(request: ApiHttpRequest, pk: RecordId):
    require_write(request)
    membership = nominative_membership(request)
    event = _event(membership, pk)
    return refused_as_not_found(
        lambda: services.employer_event_hold(event=event, membership=membership, by=acting_user(request))
    )


@router.post("/{int:pk}/cancel", response={200: EventOut, 409: ErrorOut}, summary="Cancel the event (organiser)")
def event_cancel(request: ApiHttpRequest, pk: RecordId):
    require_write(request)
    membership = nominative_membership(request)
    event = _event(membership, pk)
    return refused_as_not_found(
        lambda: services.employer_event_cancel(event=event, membership=membership, by=acting_user(request))
    )


@router.get(
    "/{int:pk}/invitations",
    response={200: list[InvitationOut], 404: ErrorOut},
    summary="The companies invited and their status",
)
@paginate(BoundedLimitOffsetPagination)
def invitation_list(request: ApiHttpRequest, pk: RecordId) -> QuerySet[Invitation]:
    return selectors.event_invitations(event=_event(nominative_membership(request), pk))


@router.post(
    "/{int:pk}/invitations",
    response={201: InvitationOut, 409: ErrorOut},
    summary="Invite a company within the caller's reach, with the offers it brings",
    description="404: an event the caller takes no part in, a company unknown or out of the caller's reach. "
    "409: already invited, or the event is no longer planned.",
)
def invitation_create(request: ApiHttpRequest, pk: RecordId, payload: InvitationIn):
    require_write(request)
    membership = nominative_membership(request)
    event = _event(membership, pk)
    employer = Employer.objects.filter(pk=payload.employer_id).first()
    offers = list(Offer.objects.filter(pk__in=payload.offer_ids))
    if employer is None or len(offers) != len(set(payload.offer_ids)):
        raise HttpError(404, "Not found")
    invitation = refused_as_not_found(
        lambda: services.invitation_create(
            event=event, employer=employer, membership=membership, by=acting_user(request), offers=offers
        )
    )
    return 201, invitation


def _invitation_step(request: ApiHttpRequest, pk: int, step: Callable[..., Invitation]) -> Invitation:
    require_write(request)
    membership = nominative_membership(request)
    invitation = refused_as_not_found(lambda: selectors.invitation_get_for(membership=membership, pk=pk))
    return refused_as_not_found(lambda: step(invitation=invitation, membership=membership, by=acting_user(request)))


@router.post(
    "/invitations/{int:pk}/confirm", response={200: InvitationOut, 409: ErrorOut}, summary="The company will come"
)
def invitation_confirm(request: ApiHttpRequest, pk: RecordId):
    return _invitation_step(request, pk, services.invitation_confirm)


@router.post(
    "/invitations/{int:pk}/decline", response={200: InvitationOut, 409: ErrorOut}, summary="The company declines"
)
def invitation_decline(request: ApiHttpRequest, pk: RecordId):
    return _invitation_step(request, pk, services.invitation_decline)


@router.post(
    "/invitations/{int:pk}/attend",
    response={200: InvitationOut, 409: ErrorOut},
    summary="The company came (the event held); its timeline shows it",
)
def invitation_attend(request: ApiHttpRequest, pk: RecordId):
    return _invitation_step(request, pk, services.invitation_attend)


@router.post(
    "/invitations/{int:pk}/miss",
    response={200: InvitationOut, 409: ErrorOut},
    summary="The company did not come (the event held)",
)
def invitation_miss(request: ApiHttpRequest, pk: RecordId):
    return _invitation_step(request, pk, services.invitation_miss)


@router.get(
    "/{int:pk}/registrations",
    response={200: list[RegistrationOut], 404: ErrorOut},
    summary="The young people registered that the caller may see",
)
@paginate(BoundedLimitOffsetPagination)
def registration_list(request: ApiHttpRequest, pk: RecordId) -> QuerySet[Registration]:
    membership = nominative_membership(request)
    registrations = selectors.event_registrations_for(event=_event(membership, pk), membership=membership)
    audit_list_read(request=request, object_type=AUDIT_REGISTRATION, detail=f"api employer event {pk}")
    return registrations


@router.post(
    "/{int:pk}/registrations",
    response={201: RegistrationOut, 409: ErrorOut},
    summary="Register a young person the caller may see",
    description="404: an event the caller takes no part in, a person the caller may not see. 409: already "
    "registered, the event full or no longer planned.",
)
def registration_create(request: ApiHttpRequest, pk: RecordId, payload: RegistrationIn):
    require_write(request)
    membership = nominative_membership(request)
    event = _event(membership, pk)
    person = person_list_for(membership=membership).filter(pk=payload.person_id).first()
    if person is None:
        audit_record(
            request=request,
            action=AuditAction.DENIED,
            person_id=None,
            object_type=AUDIT_REGISTRATION,
            detail=f"api employer event {pk}",
        )
        raise HttpError(404, "Not found")
    registration = refused_as_not_found(
        lambda: services.registration_create(event=event, person=person, membership=membership, by=acting_user(request))
    )
    audit_row(request=request, action=AuditAction.CREATE, row=registration, object_type=AUDIT_REGISTRATION)
    return 201, registration


def _registration(request: ApiHttpRequest, pk: int) -> Registration:
    return selectors.registration_get_for(membership=nominative_membership(request), pk=pk)


class RegistrationMissionIn(Schema):
    employer_name: Annotated[str, Field(min_length=1, max_length=255)]
    job_label: Annotated[str, Field(min_length=1, max_length=200)]
    rome_code: str = Field("", max_length=5)
    starts_on: Day
    ends_on: Day | None = None
    hours: Annotated[Decimal, Field(ge=0, max_digits=7, decimal_places=2)]


@registrations_router.post(
    "/{int:pk}/mission",
    response={201: MissionOut, 409: ErrorOut},
    summary="A temp agency taking part positions a young person who came on a mission (it joins their path)",
)
def registration_mission(request: ApiHttpRequest, pk: RecordId, payload: RegistrationMissionIn):
    require_write(request)
    membership = nominative_membership(request)
    registration = _registration(request, pk)
    mission = refused_as_not_found(
        lambda: services.registration_mission(
            registration=registration,
            membership=membership,
            by=acting_user(request),
            mission=services.MissionData(
                employer_name=payload.employer_name,
                job_label=payload.job_label,
                rome_code=payload.rome_code.strip().upper(),
                starts_on=payload.starts_on,
                ends_on=payload.ends_on,
                hours=payload.hours,
            ),
        )
    )
    audit_row(
        request=request, action=AuditAction.UPDATE, row=registration, object_type=AUDIT_REGISTRATION, detail="mission"
    )
    return 201, mission


# GET /{pk}, then POST /{pk}/present, /{pk}/absent, /{pk}/follow-up: a young person's presence and what came of it.
workflow_routes(
    registrations_router,
    REGISTRATION,
    find=_registration,
    out=RegistrationOut,
    audit_type=AUDIT_REGISTRATION,
    payloads={"present": OutcomeIn, "follow_up": OutcomeIn},
    descriptions={
        "present": "The young person came (the event held), with what came of it, if known.",
        "follow_up": "What came of it, known later (an interview obtained, a hire).",
    },
)
