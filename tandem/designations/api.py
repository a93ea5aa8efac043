"""API of designations: France Travail agencies propose young registrants to their Mission Locale.

A partner system uses its agency's write-scoped token; a browser session must act for a France Travail agency.
"""

import datetime

from django.http import HttpRequest
from ninja import File, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile

from tandem.api.auth import acting_user, membership_of, require_write
from tandem.api.schemas import one_of
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.designations import permissions, services
from tandem.designations.auditing import audit_import, audit_submission
from tandem.designations.enums import DesignationOutcome, Ineligibility, RecordOutcome
from tandem.designations.parsing import row_from_fields
from tandem.organisations.models import Organisation

router = Router(tags=["designations"])


class DesignationIn(Schema):
    ft_identifier: str
    last_name: str
    first_name: str
    birth_date: datetime.date
    commune_code: str = ""
    postcode: str = ""
    commune_name: str = ""
    ft_registered_on: datetime.date | None = None
    has_rqth: bool | None = None
    email: str = ""
    phone: str = ""
    ft_category: str = ""


class DesignationOut(Schema):
    person_id: int
    record: one_of(RecordOutcome)
    designation: one_of(DesignationOutcome)
    eligible: bool
    reason: str
    age: int
    mission_locale_id: int | None
    mission_locale: str
    referral_id: int | None
    likely_duplicate_of: int | None
    refused_changes: list[str]
    message: str


class LineReasonOut(Schema):
    line: int
    reason: str


class NotEligibleOut(LineReasonOut):
    code: one_of(Ineligibility)


class LikelyDuplicateOut(Schema):
    line: int
    person_id: int
    name: str
    duplicate_of_id: int


class RowResultOut(Schema):
    line: int
    person_id: int
    record: one_of(RecordOutcome)
    designation: one_of(DesignationOutcome)
    mission_locale: str
    referral_id: int | None


class CountsOut(Schema):
    rows: int
    created: int
    updated: int
    unchanged: int
    proposed: int
    proposed_by_mission_locale: dict[str, int]
    already_proposed: int
    already_followed: int
    not_eligible: int
    not_eligible_by_reason: dict[str, int]
    likely_duplicates: int
    followed_by_partner: int
    changes_refused: int
    errors: int


class ImportReportOut(Schema):
    counts: CountsOut
    rows: int
    created: int
    updated: int
    unchanged: int
    proposed: dict[str, int]
    already_proposed: int
    already_followed: int
    not_eligible: list[NotEligibleOut]
    likely_duplicates: list[LikelyDuplicateOut]
    followed_by_partner: list[int]
    changes_refused: list[LineReasonOut]
    errors: list[LineReasonOut]
    results: list[RowResultOut]


def _agency(request: HttpRequest) -> Organisation:
    """The France Travail agency the caller writes for: its write token, or a session acting for it."""
    require_write(request)
    membership = membership_of(request)
    if not permissions.can_propose_designations(membership):
        raise HttpError(404, "Not found")
    return membership.organisation


@router.post(
    "",
    response={200: DesignationOut},
    summary="Propose one registrant",
    description=(
        "409 when the France Travail identifier is that of a record followed by a partner that the agency may not "
        "see: nothing is written, nothing else is told."
    ),
)
def designation_create(request: HttpRequest, payload: DesignationIn):
    agency = _agency(request)
    try:
        row = row_from_fields(**payload.model_dump())
        submission = services.designation_submit(row=row, agency=agency, by=acting_user(request))
    except services.FollowedByPartner:
        audit_record(request=request, action=AuditAction.DENIED, person_id=None, object_type="designation")
        raise
    audit_submission(request, submission)
    designation = submission.designation
    eligibility = designation.eligibility
    duplicate_of = submission.likely_duplicate_of
    return {
        "person_id": submission.person.pk,
        "record": submission.record,
        "designation": designation.outcome,
        "eligible": eligibility.eligible,
        "reason": eligibility.reason,
        "age": eligibility.age,
        "mission_locale_id": eligibility.mission_locale.pk if eligibility.mission_locale else None,
        "mission_locale": eligibility.mission_locale.name if eligibility.mission_locale else "",
        "referral_id": designation.referral.pk if designation.referral else None,
        "likely_duplicate_of": duplicate_of.pk if duplicate_of else None,
        "refused_changes": list(submission.refused_changes),
        "message": designation.message,
    }


@router.post("/import", response=ImportReportOut, summary="Import a France Travail list (CSV)")
def designation_import(request: HttpRequest, file: File[UploadedFile]):
    agency = _agency(request)
    report = services.designation_import(rows_or_file=file, agency=agency, by=acting_user(request))
    audit_import(request, report)
    return report.as_json()
