"""API of immersions: staff immersions between a Mission Locale and its partner agencies, and young people's
immersions in companies (PMSMP) with their agreement as a PDF.

The same rules as the pages (tandem.immersions.permissions): a staff immersion is seen by the staff of its sending
and host organisations and written by their managers; a PMSMP is read by whoever may see the person and written by
an organisation that follows them (or a temp agency while their consent stands). Anything else is a 404, also on
writes (refusals of a PMSMP audited); a read-only token gets 403 on a write; 409: refused by the immersion's state;
422: a value that is not valid (dates, 30 days at most for a PMSMP, organisations that are not partners).
"""

# No postponed annotations here: django-ninja reads the types at run time.

import datetime
from typing import Annotated

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from tandem.access.selectors import person_list_for
from tandem.accounts.models import User
from tandem.api.auth import ApiHttpRequest, acting_user, nominative_membership, require_write
from tandem.api.errors import refused_as_not_found
from tandem.api.pagination import BoundedLimitOffsetPagination
from tandem.api.schemas import Day, ErrorOut, Flag, RecordId, RecordRef, Whole, one_of
from tandem.api.workflows import workflow_routes
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_list_read, audit_record, audit_row
from tandem.employers.models import Employer
from tandem.immersions import permissions, selectors, services
from tandem.immersions.agreement import agreement_pdf
from tandem.immersions.enums import PmsmpObjective, PmsmpResult, PmsmpStatus, StaffImmersionStatus
from tandem.immersions.models import PMSMP_MAX_WEEKLY_HOURS, Pmsmp, StaffImmersion
from tandem.immersions.workflow import PMSMP, STAFF_IMMERSION
from tandem.organisations.models import Organisation
from tandem.partnerships.models import Convention
from tandem.referentials.models import RomeCode

# Mounted by tandem.api.api: `router` at /immersions (nothing of its own yet), `staff_router` at /immersions/staff
# and `pmsmp_router` at /immersions/pmsmp (each workflow's runner adds its routes at its router's root).
router = Router(tags=["immersions"])
staff_router = Router(tags=["immersions"])
pmsmp_router = Router(tags=["immersions"])

StaffStatusValue = one_of(StaffImmersionStatus)
StaffStatusFilter = one_of(StaffImmersionStatus, "")
PmsmpStatusValue = one_of(PmsmpStatus)
PmsmpStatusFilter = one_of(PmsmpStatus, "")
ObjectiveValue = one_of(PmsmpObjective)
ResultValue = one_of(PmsmpResult)
AUDIT_PMSMP = "pmsmp"
PDF_RESPONSE = {
    "responses": {
        200: {"description": "The agreement (PDF)", "content": {"application/pdf": {"schema": {"type": "string"}}}}
    }
}


class StaffImmersionOut(Schema):
    id: int
    staff_name: str
    staff_user_id: int | None
    sending_organisation_id: int
    host_organisation_id: int
    convention_id: int | None
    starts_on: datetime.date
    ends_on: datetime.date
    objective: str
    report: str
    status: StaffStatusValue


class StaffImmersionIn(Schema):
    staff_name: Annotated[str, Field(min_length=1, max_length=200)]
    staff_user_id: RecordRef | None = Field(None, description="The staff member's account, a member of the sender")
    sending_organisation_id: RecordRef
    host_organisation_id: RecordRef
    convention_id: RecordRef | None = Field(None, description="The partnership convention it falls under")
    starts_on: Day
    ends_on: Day
    objective: Annotated[str, Field(min_length=1, max_length=4000)]


class ReportIn(Schema):
    report: Annotated[str, Field(min_length=1, max_length=4000)]


class PmsmpOut(Schema):
    id: int
    person_id: int
    employer_id: int
    tutor_name: str
    tutor_function: str
    tutor_phone: str
    tutor_email: str
    starts_on: datetime.date
    ends_on: datetime.date
    weekly_hours: int
    objective: ObjectiveValue
    job_label: str
    rome_code: str | None
    activities: str
    organisation_id: int
    adviser_id: int | None
    status: PmsmpStatusValue
    signed_on: datetime.date | None
    attendance_ok: bool | None
    skills_observed: str
    result: str
    cancel_reason: str

    @staticmethod
    def resolve_rome_code(pmsmp: Pmsmp) -> str | None:
        return pmsmp.rome_id


class PmsmpChangeIn(Schema):
    employer_id: RecordRef = Field(description="The host company (it has a SIRET)")
    tutor_name: Annotated[str, Field(min_length=1, max_length=200)]
    tutor_function: str = Field("", max_length=200)
    tutor_phone: str = Field("", max_length=30)
    tutor_email: str = Field("", max_length=254)
    starts_on: Day
    ends_on: Day = Field(description="30 calendar days at most after the first day, the first day included")
    weekly_hours: Annotated[Whole, Field(ge=1, le=PMSMP_MAX_WEEKLY_HOURS)] = PMSMP_MAX_WEEKLY_HOURS
    objective: ObjectiveValue
    job_label: Annotated[str, Field(min_length=1, max_length=200)]
    rome_code: str = Field("", max_length=5, description="ROME code of the job, e.g. G1602")
    activities: Annotated[str, Field(min_length=1, max_length=4000)]


class PmsmpIn(PmsmpChangeIn):
    person_id: RecordRef


class PmsmpSignIn(Schema):
    signed_on: Day | None = Field(None, description="The day the three parties signed (default: today)")


class AssessIn(Schema):
    attendance_ok: Flag
    skills_observed: Annotated[str, Field(min_length=1, max_length=4000)]
    result: ResultValue


class PmsmpCancelIn(Schema):
    reason: Annotated[str, Field(min_length=1, max_length=255)]


# Staff immersions.


def _organisation(pk: int) -> Organisation:
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None:
        raise HttpError(404, "Not found")
    return organisation


def _staff_data(payload: StaffImmersionIn) -> services.StaffImmersionData:
    convention = None
    if payload.convention_id is not None:
        convention = Convention.objects.filter(pk=payload.convention_id).first()
        if convention is None:
            raise HttpError(404, "Not found")
    user = None
    if payload.staff_user_id is not None:
        user = User.objects.filter(pk=payload.staff_user_id).first()
        if user is None:
            raise HttpError(404, "Not found")
    return services.StaffImmersionData(
        staff_name=payload.staff_name,
        staff_user=user,
        sending_organisation=_organisation(payload.sending_organisation_id),
        host_organisation=_organisation(payload.host_organisation_id),
        convention=convention,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        objective=payload.objective,
    )


def _staff_find(request: ApiHttpRequest, pk: int) -> StaffImmersion:
    """The immersion as the caller sees it; a write needs a manager of either organisation (404 otherwise)."""
    membership = nominative_membership(request)
    immersion = selectors.staff_immersion_get_for(membership=membership, pk=pk)
    if request.method != "GET" and not permissions.can_edit_staff_immersion(membership, immersion):
        raise Http404
    return immersion


@staff_router.get(
    "", response={200: list[StaffImmersionOut], 404: ErrorOut}, summary="The caller's organisation's staff immersions"
)
@paginate(BoundedLimitOffsetPagination)
def staff_immersion_list(request: ApiHttpRequest, status: StaffStatusFilter = "") -> QuerySet[StaffImmersion]:
    return selectors.staff_immersion_list_for(membership=nominative_membership(request), status=status)


@staff_router.post(
    "",
    response={201: StaffImmersionOut},
    summary="Plan a staff immersion (a manager of the sending or host organisation)",
    description="422: organisations that are not a Mission Locale and a partner agency, or not partners today; "
    "dates out of order; a convention the two are not parties to.",
)
def staff_immersion_create(request: ApiHttpRequest, payload: StaffImmersionIn):
    require_write(request)
    membership = nominative_membership(request)
    data = _staff_data(payload)
    immersion = refused_as_not_found(
        lambda: services.staff_immersion_plan(membership=membership, by=acting_user(request), data=data)
    )
    return 201, immersion


@staff_router.put("/{pk}", response={200: StaffImmersionOut, 409: ErrorOut}, summary="Change a planned immersion")
def staff_immersion_update(request: ApiHttpRequest, pk: RecordId, payload: StaffImmersionIn):
    require_write(request)
    membership = nominative_membership(request)
    immersion = refused_as_not_found(lambda: _staff_find(request, pk))
    data = _staff_data(payload)
    return refused_as_not_found(
        lambda: services.staff_immersion_update(
            immersion=immersion, membership=membership, by=acting_user(request), data=data
        )
    )


# GET /staff/{pk}, then POST /staff/{pk}/complete (with its report), /staff/{pk}/cancel.
workflow_routes(
    staff_router,
    STAFF_IMMERSION,
    find=_staff_find,
    out=StaffImmersionOut,
    audit_type="staff_immersion",
    payloads={"complete": ReportIn},
    descriptions={"complete": "The immersion took place: its report.", "cancel": "The immersion will not happen."},
)


# PMSMP.


def _pmsmp_find(request: ApiHttpRequest, pk: int) -> Pmsmp:
    """The PMSMP as the caller may see it; a write needs an organisation that acts for the person (404 otherwise)."""
    membership = nominative_membership(request)
    pmsmp = selectors.pmsmp_get_for(membership=membership, pk=pk)
    if request.method != "GET" and not permissions.can_act_on_pmsmp(membership, pmsmp):
        raise Http404
    return pmsmp


def _pmsmp_or_404(request: ApiHttpRequest, pk: int) -> Pmsmp:
    try:
        return _pmsmp_find(request, pk)
    except Http404 as error:
        audit_record(
            request=request,
            action=AuditAction.DENIED,
            person_id=None,
            object_type=AUDIT_PMSMP,
            object_id=pk,
            detail="api",
        )
        raise HttpError(404, "Not found") from error


def _pmsmp_data(payload: PmsmpChangeIn) -> services.PmsmpData:
    employer = Employer.objects.filter(pk=payload.employer_id).first()
    if employer is None:
        raise HttpError(404, "Not found")
    rome = None
    if payload.rome_code:
        rome = RomeCode.objects.filter(code=payload.rome_code.strip().upper()).first()
        if rome is None:
            raise ValidationError({"rome_code": _("Code ROME inconnu : %(code)s.") % {"code": payload.rome_code}})
    return services.PmsmpData(
        employer=employer,
        tutor_name=payload.tutor_name,
        tutor_function=payload.tutor_function,
        tutor_phone=payload.tutor_phone,
        tutor_email=payload.tutor_email,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        weekly_hours=payload.weekly_hours,
        objective=payload.objective,
        job_label=payload.job_label,
        rome=rome,
        activities=payload.activities,
    )


@pmsmp_router.get(
    "",
    response={200: list[PmsmpOut], 404: ErrorOut},
    summary="The PMSMPs the caller's organisation prescribed, of the young people it may see",
)
@paginate(BoundedLimitOffsetPagination)
def pmsmp_list(request: ApiHttpRequest, status: PmsmpStatusFilter = "") -> QuerySet[Pmsmp]:
    pmsmps = selectors.pmsmp_list_for(membership=nominative_membership(request), status=status)
    audit_list_read(request=request, object_type=AUDIT_PMSMP, detail="api immersions list")
    return pmsmps


@pmsmp_router.post(
    "",
    response={201: PmsmpOut},
    summary="Propose a young person's immersion in a company (PMSMP)",
    description="404: a person the caller's organisation does not follow (nor, for a temp agency, sees with their "
    "consent), an unknown company. 422: dates out of order or longer than 30 calendar days, a company without SIRET.",
)
def pmsmp_create(request: ApiHttpRequest, payload: PmsmpIn):
    require_write(request)
    membership = nominative_membership(request)
    person = person_list_for(membership=membership).filter(pk=payload.person_id).first()
    if person is None or not permissions.can_propose_pmsmp(membership, person):
        audit_record(request=request, action=AuditAction.DENIED, person_id=None, object_type=AUDIT_PMSMP, detail="api")
        raise HttpError(404, "Not found")
    data = _pmsmp_data(payload)
    pmsmp = refused_as_not_found(
        lambda: services.pmsmp_propose(person=person, membership=membership, by=acting_user(request), data=data)
    )
    audit_row(request=request, action=AuditAction.CREATE, row=pmsmp, object_type=AUDIT_PMSMP, detail="api")
    return 201, pmsmp


@pmsmp_router.put(
    "/{pk}", response={200: PmsmpOut, 409: ErrorOut}, summary="Change a proposed PMSMP (before it is signed)"
)
def pmsmp_update(request: ApiHttpRequest, pk: RecordId, payload: PmsmpChangeIn):
    require_write(request)
    membership = nominative_membership(request)
    pmsmp = _pmsmp_or_404(request, pk)
    data = _pmsmp_data(payload)
    pmsmp = refused_as_not_found(
        lambda: services.pmsmp_update(pmsmp=pmsmp, membership=membership, by=acting_user(request), data=data)
    )
    audit_row(request=request, action=AuditAction.UPDATE, row=pmsmp, object_type=AUDIT_PMSMP, detail="api")
    return pmsmp


@pmsmp_router.get(
    "/{int:pk}/agreement.pdf",
    response={404: ErrorOut},
    summary="The PMSMP agreement (« Convention de PMSMP ») as a PDF",
    openapi_extra=PDF_RESPONSE,
)
def pmsmp_agreement(request: ApiHttpRequest, pk: RecordId):
    pmsmp = _pmsmp_or_404(request, pk)
    pdf = agreement_pdf(pmsmp)
    audit_row(request=request, action=AuditAction.EXPORT, row=pmsmp, object_type=AUDIT_PMSMP, detail="api agreement")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="convention-pmsmp-{pmsmp.pk}.pdf"'
    return response


# GET /pmsmp/{pk}, then POST /pmsmp/{pk}/sign, /start, /assess, /cancel.
workflow_routes(
    pmsmp_router,
    PMSMP,
    find=_pmsmp_find,
    out=PmsmpOut,
    audit_type=AUDIT_PMSMP,
    payloads={"sign": PmsmpSignIn, "assess": AssessIn, "cancel": PmsmpCancelIn},
    descriptions={
        "sign": "The agreement signed by the young person, the company and the prescriber (its date recorded).",
        "start": "The immersion started (from its first day).",
        "assess": "The immersion is over: attendance, skills observed and its result.",
        "cancel": "Cancelled, with a reason (from proposed, signed or in progress).",
    },
)
