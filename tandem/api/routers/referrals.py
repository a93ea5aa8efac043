# No postponed annotations here: django-ninja reads the types at run time.

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from tandem.access import selectors as access_selectors
from tandem.accounts.models import User
from tandem.accounts.permissions import NOMINATIVE_ROLES
from tandem.api.auth import acting_user, membership_of, require_write
from tandem.api.schemas import Day, ErrorOut, Moment, RecordId, RecordRef, one_of
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.organisations.models import Organisation
from tandem.referrals import selectors, services
from tandem.referrals.enums import ReferralOutcome, ReferralStatus, RefusalReason

router = Router(tags=["referrals"])


class ReferralOut(Schema):
    id: int
    person_id: int
    from_organisation_id: int
    to_organisation_id: int
    is_designation: bool
    status: one_of(ReferralStatus)
    proposed_at: datetime.datetime
    answer_due_on: datetime.date
    meeting_due_on: datetime.date | None
    meeting_at: datetime.datetime | None
    meeting_held_on: datetime.date | None
    refusal_reason: one_of("", RefusalReason)
    outcome: one_of("", ReferralOutcome)


class ReferralIn(Schema):
    person_id: RecordRef
    to_organisation_id: RecordRef
    reason: str = ""


class AcceptIn(Schema):
    adviser_email: str | None = None


class RefuseIn(Schema):
    reason: one_of(RefusalReason)
    comment: str = ""


class ScheduleIn(Schema):
    meeting_at: Moment


class MeetingIn(Schema):
    held_on: Day


class CloseIn(Schema):
    outcome: one_of(ReferralOutcome)


class WithdrawIn(Schema):
    comment: str = ""


def _membership(request: HttpRequest):
    membership = membership_of(request)
    if membership is None or membership.role not in NOMINATIVE_ROLES:
        raise HttpError(404, "Not found")
    return membership


def _referral(request: HttpRequest, pk: int):
    try:
        return selectors.referral_get_for(membership=_membership(request), pk=pk)
    except Http404 as error:
        audit_record(
            request=request,
            action=AuditAction.DENIED,
            person_id=None,
            object_type="referral",
            object_id=pk,
            detail="api",
        )
        raise HttpError(404, "Not found") from error


@router.get("", response=list[ReferralOut], summary="Received (to handle) or sent referrals")
def referral_list(request: HttpRequest, box: one_of("received", "sent") = "received"):
    membership = _membership(request)
    if box == "sent":
        referrals = selectors.referral_sent_for(membership=membership)
    else:
        referrals = selectors.referral_inbox_for(membership=membership)
    audit_record(
        request=request, action=AuditAction.READ, person_id=None, object_type="referral_list", detail=f"api {box}"
    )
    return list(referrals[:500])


@router.get("/{pk}", response=ReferralOut)
def referral_detail(request: HttpRequest, pk: RecordId):
    referral = _referral(request, pk)
    audit_record(
        request=request,
        action=AuditAction.READ,
        person_id=referral.person_id,
        object_type="referral",
        object_id=referral.pk,
        detail="api",
    )
    return referral


@router.post(
    "",
    response={201: ReferralOut},
    description=(
        "404: a person the caller may not see, or an unknown organisation; 409: no partnership in force with the "
        "receiving organisation, a referral already open, or (to a temp agency) no consent of the person yet."
    ),
)
def referral_create(request: HttpRequest, payload: ReferralIn):
    require_write(request)
    membership = _membership(request)
    try:
        person, _access = access_selectors.person_get_for(membership=membership, pk=payload.person_id)
    except Http404 as error:
        audit_record(
            request=request,
            action=AuditAction.DENIED,
            person_id=payload.person_id,
            object_type="referral_form",
            detail="api",
        )
        raise HttpError(404, "Not found") from error
    to_organisation = Organisation.objects.filter(pk=payload.to_organisation_id).first()
    if to_organisation is None:
        raise HttpError(404, "Not found")
    referral = services.referral_propose(
        person=person,
        from_organisation=membership.organisation,
        to_organisation=to_organisation,
        by=acting_user(request),
        reason=payload.reason,
    )
    audit_record(
        request=request,
        action=AuditAction.CREATE,
        person_id=person.pk,
        object_type="referral",
        object_id=referral.pk,
        detail="api",
    )
    return 201, referral


def _run(request: HttpRequest, pk: int, action: str, call):
    require_write(request)
    referral = _referral(request, pk)
    membership = _membership(request)
    # A refused step raises: tandem.api.errors answers 409 (someone acted first) or 422 (a value that is not valid).
    referral = call(referral, membership.organisation)
    audit_record(
        request=request,
        action=AuditAction.UPDATE,
        person_id=referral.person_id,
        object_type="referral",
        object_id=referral.pk,
        detail=f"api {action}",
    )
    return referral


def _adviser(request: HttpRequest, organisation: Organisation, email: str | None) -> User:
    user = acting_user(request)
    if email:
        user = User.objects.filter(email__iexact=email, memberships__organisation=organisation).first()
    if user is None:
        raise ValidationError(
            _("adviser_email : un conseiller ou une conseillère de l'organisation destinataire est requis.")
        )
    return user


@router.post("/{pk}/accept", response={200: ReferralOut, 409: ErrorOut})
def referral_accept(request: HttpRequest, pk: RecordId, payload: AcceptIn):
    def call(referral, organisation):
        adviser = _adviser(request, organisation, payload.adviser_email)
        return services.referral_accept(
            referral=referral, by=acting_user(request) or adviser, organisation=organisation, adviser=adviser
        )

    return _run(request, pk, "accept", call)


@router.post("/{pk}/refuse", response={200: ReferralOut, 409: ErrorOut})
def referral_refuse(request: HttpRequest, pk: RecordId, payload: RefuseIn):
    return _run(
        request,
        pk,
        "refuse",
        lambda r, o: services.referral_refuse(
            referral=r, by=acting_user(request), organisation=o, reason=payload.reason, comment=payload.comment
        ),
    )


@router.post("/{pk}/schedule", response={200: ReferralOut, 409: ErrorOut})
def referral_schedule(request: HttpRequest, pk: RecordId, payload: ScheduleIn):
    return _run(
        request,
        pk,
        "schedule",
        lambda r, o: services.referral_schedule_meeting(
            referral=r, by=acting_user(request), organisation=o, meeting_at=payload.meeting_at
        ),
    )


@router.post("/{pk}/meeting", response={200: ReferralOut, 409: ErrorOut})
def referral_meeting(request: HttpRequest, pk: RecordId, payload: MeetingIn):
    return _run(
        request,
        pk,
        "meeting",
        lambda r, o: services.referral_record_meeting(
            referral=r, by=acting_user(request), organisation=o, held_on=payload.held_on
        ),
    )


@router.post("/{pk}/close", response={200: ReferralOut, 409: ErrorOut})
def referral_close(request: HttpRequest, pk: RecordId, payload: CloseIn):
    return _run(
        request,
        pk,
        "close",
        lambda r, o: services.referral_close(
            referral=r, by=acting_user(request), organisation=o, outcome=payload.outcome
        ),
    )


@router.post("/{pk}/withdraw", response={200: ReferralOut, 409: ErrorOut})
def referral_withdraw(request: HttpRequest, pk: RecordId, payload: WithdrawIn):
    return _run(
        request,
        pk,
        "withdraw",
        lambda r, o: services.referral_withdraw(
            referral=r, by=acting_user(request), organisation=o, comment=payload.comment
        ),
    )
