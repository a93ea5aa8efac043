"""API of the positionings (mises en relation): list, detail, proposal and each step, like the referrals'.

Errors follow tandem.api.errors: 404 for a positioning, person or offer the caller may not see, 409 for a step
the current state refuses (someone acted first, no position left, an offer no longer open, no consent to a
full CV, a positioning already open), 422 for values that mean nothing valid (a duration missing).
"""

# No postponed annotations here: django-ninja reads the types at run time.

import datetime
from typing import Annotated

from django.http import Http404
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from tandem.access import selectors as access_selectors
from tandem.api.auth import ApiHttpRequest, acting_user, nominative_membership, require_write
from tandem.api.schemas import Day, ErrorOut, Moment, RecordRef, Whole, one_of
from tandem.api.workflows import workflow_routes
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_list_read, audit_row
from tandem.offers.enums import ContractType, CvKind, NotRetainedReason, PositioningStatus
from tandem.offers.models import Offer
from tandem.offers.positioning import selectors, services
from tandem.offers.positioning.workflow import POSITIONING
from tandem.offers.selectors import offer_get_for

router = Router(tags=["positionings"])


StatusValue = one_of(PositioningStatus)
StatusFilter = one_of("", PositioningStatus)
CvKindValue = one_of(CvKind)
ContractTypeValue = one_of(ContractType)
ReasonValue = one_of(NotRetainedReason)
Months = Annotated[Whole, Field(ge=1, le=999)]


class PositioningOut(Schema):
    id: int
    person_id: int
    offer_id: int
    organisation_id: int
    status: StatusValue
    cv_kind: CvKindValue
    proposed_at: datetime.datetime
    sent_at: datetime.datetime | None
    interview_at: datetime.datetime | None
    hired_contract_type: one_of("", ContractType)
    hired_start_on: datetime.date | None
    hired_duration_months: int | None
    not_retained_reason: one_of("", NotRetainedReason)
    closed_at: datetime.datetime | None


class PositioningIn(Schema):
    person_id: RecordRef
    offer_id: RecordRef
    cv_kind: CvKindValue = CvKind.ANONYMOUS.value


class SendIn(Schema):
    cv_kind: CvKindValue | None = None


class InterviewIn(Schema):
    interview_at: Moment


class HireIn(Schema):
    contract_type: ContractTypeValue
    start_on: Day
    duration_months: Months | None = Field(None, description="Required unless the contract is a CDI")


class NotRetainedIn(Schema):
    reason: ReasonValue


def _positioning(request: ApiHttpRequest, pk: int):
    return selectors.positioning_get_for(membership=nominative_membership(request), pk=pk)


@router.get(
    "",
    response={200: list[PositioningOut], 404: ErrorOut},
    summary="Positionings proposed by the organisation or on its offers",
    description="404: a caller whose role does not follow people (a State observer).",
)
def positioning_list(request: ApiHttpRequest, status: StatusFilter = ""):
    membership = nominative_membership(request)
    positionings = list(selectors.positioning_list_for(membership=membership, status=status)[:500])
    audit_list_read(request=request, object_type="positioning_list", detail=f"api {len(positionings)}")
    return positionings


@router.post(
    "",
    response={201: PositioningOut},
    description="404: a person or an offer the caller may not see; 409: the offer is no longer open, the person "
    "already has an open positioning on it, or a full CV without the person's consent.",
)
def positioning_create(request: ApiHttpRequest, payload: PositioningIn):
    require_write(request)
    membership = nominative_membership(request)
    try:
        person, _access = access_selectors.person_get_for(membership=membership, pk=payload.person_id)
        offer = offer_get_for(membership=membership, pk=payload.offer_id)
    except (Http404, Offer.DoesNotExist) as error:
        raise HttpError(404, "Not found") from error
    positioning = services.positioning_propose(
        person=person,
        offer=offer,
        by=acting_user(request),
        organisation=membership.organisation,
        cv_kind=payload.cv_kind,
    )
    audit_row(request=request, action=AuditAction.CREATE, row=positioning, object_type="positioning", detail="api")
    return 201, positioning


workflow_routes(
    router,
    POSITIONING,
    find=_positioning,
    out=PositioningOut,
    audit_type="positioning",
    payloads={"send": SendIn, "interview": InterviewIn, "hire": HireIn, "not_retained": NotRetainedIn},
    descriptions={
        "send": "409: not in the state « proposed » any more, or a full CV without the person's consent.",
        "interview": "409: not sent to the employer, or closed.",
        "hire": "409: no interview recorded, already closed, or the offer has no position left (every position "
        "already filled) or is no longer open; 422: no duration for a contract other than a CDI.",
        "not_retained": "409: already closed.",
        "withdraw": "409: already closed.",
    },
)
