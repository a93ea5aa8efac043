"""API of designations: France Travail agencies propose young registrants to their Mission Locale.

A partner system uses its agency's write-scoped token; a browser session must act for a France Travail agency.
"""

from ninja import Field, File, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile

from tandem.api.auth import ApiHttpRequest, acting_user, caller_of, membership_of, require_write
from tandem.api.routers.imports import ImportJobOut
from tandem.api.schemas import Day, Flag, one_of
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.designations import permissions, services
from tandem.designations.auditing import audit_submission
from tandem.designations.enums import DesignationOutcome, RecordOutcome
from tandem.designations.parsing import row_from_fields
from tandem.imports.enums import ImportKind
from tandem.imports.services import import_job_submit
from tandem.organisations.models import Organisation

router = Router(tags=["designations"])


class DesignationIn(Schema):
    ft_identifier: str
    last_name: str
    first_name: str
    birth_date: Day
    commune_code: str = ""
    postcode: str = ""
    commune_name: str = ""
    ft_registered_on: Day | None = None
    has_rqth: Flag | None = None
    email: str = ""
    phone: str = ""
    ft_category: str = ""
    rome_codes: list[str] = Field([], max_length=10, description="ROME codes sought (job project)")
    appellation_codes: list[str] = Field([], max_length=10, description="OGR codes of the appellations sought")


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
    refused_jobs: list[str] = Field(description="Jobs sought not added: only the record's lead changes its project")
    message: str


def _agency(request: ApiHttpRequest) -> Organisation:
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
def designation_create(request: ApiHttpRequest, payload: DesignationIn):
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
        "refused_jobs": list(submission.refused_jobs),
        "message": designation.message,
    }


@router.post(
    "/import",
    response={202: ImportJobOut},
    summary="Import a France Travail list (CSV) in the background",
    description="The list is imported by a worker: follow the returned job (`url`) until its report is there.",
)
def designation_import(request: ApiHttpRequest, file: File[UploadedFile]):
    agency = _agency(request)
    job = import_job_submit(
        kind=ImportKind.DESIGNATIONS,
        organisation=agency,
        upload=file,
        by=acting_user(request),
        token=caller_of(request).token,
    )
    job.refresh_from_db()  # a worker running in this process (tests, a small deployment) may be done already
    return 202, job
