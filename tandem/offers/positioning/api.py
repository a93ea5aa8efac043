"""API of the positionings (mises en relation): list, detail, proposal and each step, like the referrals'."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from tandem.api.auth import acting_user, membership_of, require_write
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.core.transitions import TransitionError
from tandem.offers.enums import CvKind
from tandem.offers.models import Offer
from tandem.offers.positioning import selectors, services
from tandem.offers.selectors import offer_get_for
from tandem.people import selectors as people_selectors
from tandem.people.permissions import NOMINATIVE_ROLES

router = Router(tags=["positionings"])


class PositioningOut(Schema):
    id: int
    person_id: int
    offer_id: int
    organisation_id: int
    status: str
    cv_kind: str
    proposed_at: datetime.datetime
    sent_at: datetime.datetime | None
    interview_at: datetime.datetime | None
    hired_contract_type: str
    hired_start_on: datetime.date | None
    hired_duration_months: int | None
    not_retained_reason: str
    closed_at: datetime.datetime | None


class PositioningIn(Schema):
    person_id: int
    offer_id: int
    cv_kind: str = CvKind.ANONYMOUS


class SendIn(Schema):
    cv_kind: str | None = None


class InterviewIn(Schema):
    interview_at: datetime.datetime


class HireIn(Schema):
    contract_type: str
    start_on: datetime.date
    duration_months: int | None = None


class NotRetainedIn(Schema):
    reason: str


class ErrorOut(Schema):
    detail: str


def _membership(request: HttpRequest):
    membership = membership_of(request)
    if membership is None or membership.role not in NOMINATIVE_ROLES:
        raise HttpError(404, "Not found")
    return membership


def _positioning(request: HttpRequest, pk: int):
    try:
        return selectors.positioning_get_for(membership=_membership(request), pk=pk)
    except Http404 as error:
        raise HttpError(404, "Not found") from error


@router.get("", response=list[PositioningOut], summary="Positionings proposed by the organisation or on its offers")
def positioning_list(request: HttpRequest, status: str = ""):
    membership = _membership(request)
    positionings = list(selectors.positioning_list_for(membership=membership, status=status)[:500])
    audit_record(
        request=request,
        action=AuditAction.READ,
        person_id=None,
        object_type="positioning_list",
        detail=f"api {len(positionings)}",
    )
    return positionings


@router.get("/{pk}", response=PositioningOut)
def positioning_detail(request: HttpRequest, pk: int):
    positioning = _positioning(request, pk)
    audit_record(
        request=request,
        action=AuditAction.READ,
        person_id=positioning.person_id,
        object_type="positioning",
        object_id=positioning.pk,
        detail="api",
    )
    return positioning


@router.post("", response={201: PositioningOut, 400: ErrorOut})
def positioning_create(request: HttpRequest, payload: PositioningIn):
    require_write(request)
    membership = _membership(request)
    try:
        person, _access = people_selectors.person_get_for(membership=membership, pk=payload.person_id)
        offer = offer_get_for(membership=membership, pk=payload.offer_id)
    except (Http404, Offer.DoesNotExist) as error:
        raise HttpError(404, "Not found") from error
    try:
        positioning = services.positioning_propose(
            person=person,
            offer=offer,
            by=acting_user(request),
            organisation=membership.organisation,
            cv_kind=payload.cv_kind,
        )
    except ValidationError as error:
        return 400, {"detail": "; ".join(error.messages)}
    audit_record(
        request=request,
        action=AuditAction.CREATE,
        person_id=person.pk,
        object_type="positioning",
        object_id=positioning.pk,
        detail="api",
    )
    return 201, positioning


def _run(request: HttpRequest, pk: int, action: str, call):
    require_write(request)
    positioning = _positioning(request, pk)
    membership = _membership(request)
    try:
        positioning = call(positioning, membership.organisation)
    except TransitionError as error:
        raise HttpError(409, "; ".join(error.messages)) from error
    except ValidationError as error:
        raise HttpError(400, "; ".join(error.messages)) from error
    audit_record(
        request=request,
        action=AuditAction.UPDATE,
        person_id=positioning.person_id,
        object_type="positioning",
        object_id=positioning.pk,
        detail=f"api {action}",
    )
    return positioning


@router.post("/{pk}/send", response=PositioningOut)
def positioning_send(request: HttpRequest, pk: int, payload: SendIn):
    return _run(
        request,
        pk,
        "send",
        lambda p, o: services.positioning_send(
            positioning=p, by=acting_user(request), organisation=o, cv_kind=payload.cv_kind
        ),
    )


@router.post("/{pk}/interview", response=PositioningOut)
def positioning_interview(request: HttpRequest, pk: int, payload: InterviewIn):
    return _run(
        request,
        pk,
        "interview",
        lambda p, o: services.positioning_record_interview(
            positioning=p, by=acting_user(request), organisation=o, interview_at=payload.interview_at
        ),
    )


@router.post("/{pk}/hire", response=PositioningOut)
def positioning_hire(request: HttpRequest, pk: int, payload: HireIn):
    return _run(
        request,
        pk,
        "hire",
        lambda p, o: services.positioning_hire(
            positioning=p,
            by=acting_user(request),
            organisation=o,
            contract_type=payload.contract_type,
            start_on=payload.start_on,
            duration_months=payload.duration_months,
        ),
    )


@router.post("/{pk}/not-retained", response=PositioningOut)
def positioning_not_retained(request: HttpRequest, pk: int, payload: NotRetainedIn):
    return _run(
        request,
        pk,
        "not_retained",
        lambda p, o: services.positioning_not_retain(
            positioning=p, by=acting_user(request), organisation=o, reason=payload.reason
        ),
    )


@router.post("/{pk}/withdraw", response=PositioningOut)
def positioning_withdraw(request: HttpRequest, pk: int):
    return _run(
        request,
        pk,
        "withdraw",
        lambda p, o: services.positioning_withdraw(positioning=p, by=acting_user(request), organisation=o),
    )
