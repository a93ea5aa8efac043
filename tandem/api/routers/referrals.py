# No postponed annotations here: django-ninja reads the types at run time.

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from tandem.access import selectors as access_selectors
from tandem.accounts.models import User
from tandem.api.auth import ApiHttpRequest, acting_user, nominative_membership, require_write
from tandem.api.schemas import Day, Moment, RecordRef, one_of
from tandem.api.workflows import workflow_routes
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record, audit_row
from tandem.organisations.models import Organisation
from tandem.referrals import selectors, services
from tandem.referrals.enums import ReferralOutcome, ReferralStatus, RefusalReason
from tandem.referrals.workflow import REFERRAL

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


class ReferralMeetingIn(Schema):
    held_on: Day


class CloseIn(Schema):
    outcome: one_of(ReferralOutcome)


class WithdrawIn(Schema):
    comment: str = ""


def _referral(request: ApiHttpRequest, pk: int):
    return selectors.referral_get_for(membership=nominative_membership(request), pk=pk)


@router.get("", response=list[ReferralOut], summary="Received (to handle) or sent referrals")
def referral_list(request: ApiHttpRequest, box: one_of("received", "sent") = "received"):
    membership = nominative_membership(request)
    if box == "sent":
        referrals = selectors.referral_sent_for(membership=membership)
    else:
        referrals = selectors.referral_inbox_for(membership=membership)
    audit_record(
        request=request, action=AuditAction.READ, person_id=None, object_type="referral_list", detail=f"api {box}"
    )
    return list(referrals[:500])


@router.post(
    "",
    response={201: ReferralOut},
    description=(
        "404: a person the caller may not see, or an unknown organisation; 409: no partnership in force with the "
        "receiving organisation, a referral already open, or (to a temp agency) no consent of the person yet."
    ),
)
def referral_create(request: ApiHttpRequest, payload: ReferralIn):
    require_write(request)
    membership = nominative_membership(request)
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
    audit_row(request=request, action=AuditAction.CREATE, row=referral, object_type="referral", detail="api")
    return 201, referral


def _accept_data(request: ApiHttpRequest, payload: AcceptIn, organisation: Organisation) -> dict:
    """The adviser who will lead (a designation) or follow: named by e-mail, else the caller."""
    adviser = acting_user(request)
    if payload.adviser_email:
        adviser = User.objects.filter(
            email__iexact=payload.adviser_email, memberships__organisation=organisation
        ).first()
    if adviser is None:
        raise ValidationError(
            _("adviser_email : un conseiller ou une conseillère de l'organisation destinataire est requis.")
        )
    return {"adviser": adviser}


workflow_routes(
    router,
    REFERRAL,
    find=_referral,
    out=ReferralOut,
    audit_type="referral",
    payloads={
        "accept": AcceptIn,
        "refuse": RefuseIn,
        "schedule": ScheduleIn,
        "meeting": ReferralMeetingIn,
        "close": CloseIn,
        "withdraw": WithdrawIn,
    },
    data_of={"accept": _accept_data},
    # A partner system's token acts through the adviser it names.
    by_of=lambda request, data: acting_user(request) or data.get("adviser"),
)
