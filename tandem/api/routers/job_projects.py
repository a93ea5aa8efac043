"""API of a young person's job project: read it (whoever sees the person), replace it (their lead organisation).

Codes are the referentials' (ROME codes, OGR codes of appellations): an unknown one is a 422 that names it.
"""

# No postponed annotations here: django-ninja reads the types at run time.

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from tandem.access import selectors as access_selectors
from tandem.access.permissions import Access
from tandem.api.auth import ApiHttpRequest, acting_user, nominative_membership, require_write
from tandem.api.schemas import Flag, RecordId, Row, Whole, one_of
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.people import job_rows, selectors, services
from tandem.people.enums import ContractWish, LanguageLevel, QualificationLevel
from tandem.people.models import JobProfile, Person

router = Router(tags=["people"])
WHAT = "job_profile"


class ExperienceIO(Row):
    title: str = Field(..., max_length=job_rows.TITLE_MAX_LENGTH)
    sector: str = Field("", max_length=job_rows.TITLE_MAX_LENGTH)
    duration_months: Whole | None = Field(None, ge=1, le=job_rows.MAX_DURATION_MONTHS)
    year: Whole | None = Field(None, ge=job_rows.EARLIEST_YEAR, le=2100)


class TrainingIO(Row):
    title: str = Field(..., max_length=job_rows.TITLE_MAX_LENGTH)
    year: Whole | None = Field(None, ge=job_rows.EARLIEST_YEAR, le=2100)
    level: one_of(QualificationLevel) = Field("", description="Qualification level: none, 3 to 8, or empty")


class LanguageIO(Row):
    language: str = Field(..., max_length=job_rows.LANGUAGE_MAX_LENGTH)
    level: one_of(LanguageLevel) = ""


class JobProjectIn(Schema):
    """The whole job project: a field left out takes its empty value (PUT replaces)."""

    rome_codes: list[str] = Field([], max_length=job_rows.MAX_JOBS, description="ROME codes sought, e.g. G1602")
    appellation_codes: list[str] = Field(
        [], max_length=job_rows.MAX_JOBS, description="OGR codes of the appellations sought; each implies its ROME"
    )
    wished_contract_types: list[one_of(ContractWish)] = []
    part_time_only: Flag = False
    max_distance_km: Whole = Field(30, ge=job_rows.MIN_DISTANCE_KM, le=job_rows.MAX_DISTANCE_KM)
    has_driving_licence: Flag = False
    has_vehicle: Flag = False
    qualification_level: one_of(QualificationLevel) = Field(
        "", description="Highest qualification obtained: none, 3 (CAP, BEP) to 8 (doctorate), or empty"
    )
    skills: str = Field("", max_length=job_rows.SKILLS_MAX_LENGTH, description="One skill per line")
    experiences: list[ExperienceIO] = Field([], max_length=job_rows.MAX_ROWS)
    trainings: list[TrainingIO] = Field([], max_length=job_rows.MAX_ROWS)
    languages: list[LanguageIO] = Field([], max_length=job_rows.MAX_LANGUAGES)


class RomeRef(Schema):
    code: str
    label: str


class AppellationRef(Schema):
    code: str
    label: str
    rome_code: str


class ExperienceOut(Schema):
    title: str
    sector: str
    duration_months: int | None
    year: int | None


class TrainingOut(Schema):
    title: str
    year: int | None
    level: str


class LanguageOut(Schema):
    language: str
    level: str


class JobProjectOut(Schema):
    person_id: int
    sought_romes: list[RomeRef]
    sought_appellations: list[AppellationRef]
    wished_contract_types: list[str]
    part_time_only: bool
    max_distance_km: int
    has_driving_licence: bool
    has_vehicle: bool
    qualification_level: str
    skills: str
    experiences: list[ExperienceOut]
    trainings: list[TrainingOut]
    languages: list[LanguageOut]
    updated_at: datetime.datetime | None


def _out(person: Person, profile: JobProfile | None) -> dict:
    if profile is None:
        # No project yet: its empty values, as a PUT without fields would leave it.
        profile = JobProfile(person=person)
        romes, appellations = [], []
    else:
        romes, appellations = list(profile.sought_romes.all()), list(profile.sought_appellations.all())
    return {
        "person_id": person.pk,
        "sought_romes": [{"code": rome.code, "label": rome.label} for rome in romes],
        "sought_appellations": [
            {"code": appellation.code_ogr, "label": appellation.label, "rome_code": appellation.rome_id}
            for appellation in appellations
        ],
        "wished_contract_types": list(profile.wished_contract_types or []),
        "part_time_only": profile.part_time_only,
        "max_distance_km": profile.max_distance_km,
        "has_driving_licence": profile.has_driving_licence,
        "has_vehicle": profile.has_vehicle,
        "qualification_level": profile.qualification_level,
        "skills": profile.skills,
        "experiences": profile.experience_rows,
        "trainings": profile.training_rows,
        "languages": profile.language_rows,
        "updated_at": profile.updated_at,
    }


def _person(request: ApiHttpRequest, pk: int, *, full: bool) -> Person:
    """The person the caller may see (full: may change, i.e. leads); else 404, the refusal audited."""
    membership = nominative_membership(request)
    try:
        person, access = access_selectors.person_get_for(membership=membership, pk=pk)
        if full and access != Access.FULL:
            raise Http404
    except Http404 as error:
        audit_record(
            request=request, action=AuditAction.DENIED, person_id=pk, object_type=WHAT, object_id=pk, detail="api"
        )
        raise HttpError(404, "Not found") from error
    return person


@router.get("/{pk}/job-project", response=JobProjectOut, summary="A person's job project")
def job_project_detail(request: ApiHttpRequest, pk: RecordId):
    person = _person(request, pk, full=False)
    audit_record(
        request=request,
        action=AuditAction.READ,
        person_id=person.pk,
        object_type=WHAT,
        object_id=person.pk,
        detail="api",
    )
    return _out(person, selectors.person_job_profile(person=person))


@router.put(
    "/{pk}/job-project",
    response=JobProjectOut,
    summary="Replace a person's job project (their lead organisation)",
    description=(
        "Every field left out takes its empty value. 422 names an unknown ROME or OGR code, or a value out of "
        "bounds; 404 when the caller may not see the person or does not lead them (nothing is changed)."
    ),
)
def job_project_replace(request: ApiHttpRequest, pk: RecordId, payload: JobProjectIn):
    require_write(request)
    membership = nominative_membership(request)
    person = _person(request, pk, full=True)
    data = payload.model_dump()
    try:
        services.job_profile_save(person=person, by=acting_user(request), organisation=membership.organisation, **data)
    except ValidationError as error:
        raise ValidationError(_messages_by_field(error)) from error
    audit_record(
        request=request,
        action=AuditAction.UPDATE,
        person_id=person.pk,
        object_type=WHAT,
        object_id=person.pk,
        detail="api",
    )
    return _out(person, selectors.person_job_profile(person=person))


def _messages_by_field(error: ValidationError) -> list[str]:
    """The service's errors as sentences naming the API field (the error schema carries sentences)."""
    names = {"sought_romes": "rome_codes", "sought_appellations": "appellation_codes"}
    if not hasattr(error, "error_dict"):
        return error.messages
    return [
        f"{names.get(field, field)} : {message}"
        for field, messages in error.message_dict.items()
        for message in messages
    ]
