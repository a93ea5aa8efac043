"""API of missions along a path: a young person's temp-work missions across agencies, and the trainings reached.

The same rules as the pages (tandem.career_paths.permissions): whoever may see the person reads the whole path (a
temp agency only while the person's consent stands); a temp agency's staff record a mission for their own agency
while the consent stands, the lead organisation's staff for any temp agency; only the recording organisation
changes or cancels a mission. A person or a mission out of the caller's reach is 404 (also on writes, the refusal
audited); a read-only token gets 403 on writes; 422 for a value that is not valid (dates, hours beyond 12 h a day,
an unknown ROME code, no company); 409 for a cancelled mission.
"""

# No postponed annotations here: django-ninja reads the types at run time.

import datetime
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from django.db.models import Model
from django.http import Http404
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from tandem.api.auth import ApiHttpRequest, acting_user, nominative_membership, require_write
from tandem.api.errors import refused_as_not_found
from tandem.api.schemas import Amount, Day, ErrorOut, RecordId, RecordRef, one_of
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record, audit_row
from tandem.career_paths import permissions, selectors, services
from tandem.career_paths.enums import CancelReason, MissionStatus
from tandem.career_paths.models import Mission
from tandem.employers.models import Employer
from tandem.organisations.models import Organisation
from tandem.people.models import Person

router = Router(tags=["career-paths"])
T = TypeVar("T", bound=Model)

StatusValue = one_of(MissionStatus)
ReasonValue = one_of(CancelReason)
CancelReasonValue = one_of(CancelReason, "")
Hours = Annotated[Amount, Field(ge=0, le=99999, max_digits=7, decimal_places=2)]
AUDIT_PATH = "career_path"
AUDIT_MISSION = "mission"


class MissionOut(Schema):
    id: int
    person_id: int
    agency_id: int
    agency: str
    employer_id: int | None
    employer_name: str
    job_label: str
    rome_code: str
    appellation_code: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    hours: Decimal
    status: StatusValue
    cancel_reason: CancelReasonValue
    organisation_id: int

    @staticmethod
    def resolve_agency(mission: Mission) -> str:
        return mission.agency.name

    @staticmethod
    def resolve_employer_name(mission: Mission) -> str:
        return mission.employer_display

    @staticmethod
    def resolve_rome_code(mission: Mission) -> str:
        return mission.rome_id or ""

    @staticmethod
    def resolve_appellation_code(mission: Mission) -> str:
        return mission.appellation_id or ""


class PathTrainingOut(Schema):
    id: int
    scheme: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    organisation_id: int | None


class PathOut(Schema):
    person_id: int
    missions: list[MissionOut] = Field(description="Newest first; cancelled ones included, not counted")
    hours: Decimal = Field(description="Hours worked over the missions not cancelled")
    days: int = Field(description="Calendar days covered by those missions, each day once (to today while running)")
    agencies: int = Field(description="Temp agencies of those missions")
    trainings: list[PathTrainingOut] = Field(description="Trainings reached: CPF, the temp sector's fund (FAF.TT)")


class MissionIn(Schema):
    person_id: RecordRef
    agency_id: RecordRef = Field(description="The temp agency (the caller's own for a temp agency's token)")
    employer_id: RecordRef | None = Field(None, description="The company in Tandem; else employer_name")
    employer_name: str = Field("", max_length=255, description="The company, when it is not in Tandem")
    job_label: Annotated[str, Field(min_length=1, max_length=200)]
    rome_code: str = Field("", max_length=5)
    appellation_code: str = Field("", max_length=10, description="OGR code; gives its ROME code")
    starts_on: Day
    ends_on: Day | None = None
    hours: Hours


class MissionChangeIn(Schema):
    agency_id: RecordRef | None = None
    employer_id: RecordRef | None = None
    employer_name: str | None = Field(None, max_length=255)
    job_label: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    rome_code: str | None = Field(None, max_length=5)
    appellation_code: str | None = Field(None, max_length=10)
    starts_on: Day | None = None
    ends_on: Day | None = None
    hours: Hours | None = None


class MissionCancelIn(Schema):
    reason: ReasonValue


def _denied(request: ApiHttpRequest, object_type: str, pk: int) -> HttpError:
    audit_record(
        request=request, action=AuditAction.DENIED, person_id=None, object_type=object_type, object_id=pk, detail="api"
    )
    return HttpError(404, "Not found")


def _mission(request: ApiHttpRequest, pk: int) -> Mission:
    membership = nominative_membership(request)
    try:
        return selectors.mission_get_for(membership=membership, pk=pk)
    except Http404 as error:
        raise _denied(request, AUDIT_MISSION, pk) from error


def _found(model: type[T], pk: int | None) -> T | None:
    """The record named by its number in the body (None for none); 404 when it does not exist."""
    if pk is None:
        return None
    row = model._default_manager.filter(pk=pk).first()
    if row is None:
        raise HttpError(404, "Not found")
    return row


@router.get("/person/{int:person_id}", response={200: PathOut, 404: ErrorOut}, summary="A person's path and totals")
def path_detail(request: ApiHttpRequest, person_id: RecordId):
    membership = nominative_membership(request)
    person = Person.objects.filter(pk=person_id).first()
    if person is None or not permissions.can_see_path(membership, person):
        raise _denied(request, AUDIT_PATH, person_id)
    path = selectors.path_for(person, membership)
    audit_record(
        request=request,
        action=AuditAction.READ,
        person_id=person.pk,
        object_type=AUDIT_PATH,
        detail=f"api missions: {len(path.missions)}",
    )
    return {
        "person_id": person.pk,
        "missions": path.missions,
        "hours": path.hours,
        "days": path.days,
        "agencies": path.agencies,
        "trainings": path.trainings,
    }


@router.post(
    "",
    response={201: MissionOut, 403: ErrorOut, 404: ErrorOut},
    summary="Record a mission of a person",
    description="404: a person the caller may not record for (a temp agency without the person's consent, an "
    "organisation that does not lead them), another temp agency named by a temp agency's token, an unknown company. "
    "422: not a temp agency, dates out of order, more than 12 h per day of mission, an unknown ROME code or "
    "appellation (or an appellation of another ROME code), no company.",
)
def mission_record(request: ApiHttpRequest, payload: MissionIn):
    require_write(request)
    membership = nominative_membership(request)
    person = Person.objects.filter(pk=payload.person_id).first()
    if person is None or not permissions.can_record_for_person(membership, person):
        raise _denied(request, AUDIT_PATH, payload.person_id)
    agency = _found(Organisation, payload.agency_id)
    assert agency is not None  # named in the body
    employer = _found(Employer, payload.employer_id)
    mission = refused_as_not_found(
        lambda: services.mission_record(
            person=person,
            agency=agency,
            employer=employer,
            employer_name=payload.employer_name,
            job_label=payload.job_label,
            rome_code=payload.rome_code,
            appellation_code=payload.appellation_code,
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
            hours=payload.hours,
            by=acting_user(request),
            organisation=membership.organisation,
            membership=membership,
        )
    )
    audit_row(request=request, action=AuditAction.CREATE, row=mission, object_type=AUDIT_MISSION, detail="api")
    return 201, mission


@router.get("/{int:pk}", response={200: MissionOut, 404: ErrorOut}, summary="A mission")
def mission_detail(request: ApiHttpRequest, pk: RecordId):
    mission = _mission(request, pk)
    audit_row(request=request, action=AuditAction.READ, row=mission, object_type=AUDIT_MISSION, detail="api")
    return mission


@router.patch(
    "/{int:pk}",
    response={200: MissionOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Change a mission (its recording organisation)",
    description="Only the fields given change. 404: a mission out of the caller's reach or recorded by another "
    "organisation. 409: a cancelled mission. 422: as when recording.",
)
def mission_change(request: ApiHttpRequest, pk: RecordId, payload: MissionChangeIn):
    require_write(request)
    membership = nominative_membership(request)
    mission = _mission(request, pk)
    if not permissions.can_change_mission(membership, mission):
        raise _denied(request, AUDIT_MISSION, pk)
    given = payload.model_dump(exclude_unset=True)
    values: dict[str, Any] = {
        "agency": mission.agency,
        "employer": mission.employer,
        "employer_name": mission.employer_name,
        "job_label": mission.job_label,
        "rome_code": mission.rome_id or "",
        "appellation_code": mission.appellation_id or "",
        "starts_on": mission.starts_on,
        "ends_on": mission.ends_on,
        "hours": mission.hours,
    }
    if "agency_id" in given:
        values["agency"] = _found(Organisation, given.pop("agency_id"))
    if "employer_id" in given:
        # null: the company leaves Tandem's record, its free name (given, or kept) names it.
        values["employer"] = _found(Employer, given.pop("employer_id"))
    values |= {name: value for name, value in given.items() if value is not None or name == "ends_on"}
    mission = refused_as_not_found(
        lambda: services.mission_update(
            mission=mission,
            by=acting_user(request),
            organisation=membership.organisation,
            membership=membership,
            **values,
        )
    )
    audit_row(request=request, action=AuditAction.UPDATE, row=mission, object_type=AUDIT_MISSION, detail="api")
    return mission


@router.post(
    "/{int:pk}/cancel",
    response={200: MissionOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Cancel a mission, with its reason (its recording organisation): it leaves the path's totals",
)
def mission_cancel(request: ApiHttpRequest, pk: RecordId, payload: MissionCancelIn):
    require_write(request)
    membership = nominative_membership(request)
    mission = _mission(request, pk)
    if not permissions.can_change_mission(membership, mission):
        raise _denied(request, AUDIT_MISSION, pk)
    mission = refused_as_not_found(
        lambda: services.mission_cancel(
            mission=mission,
            reason=payload.reason,
            by=acting_user(request),
            organisation=membership.organisation,
            membership=membership,
        )
    )
    audit_row(request=request, action=AuditAction.UPDATE, row=mission, object_type=AUDIT_MISSION, detail="api cancel")
    return mission
