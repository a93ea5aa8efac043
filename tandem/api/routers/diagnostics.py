"""API of the shared territorial diagnostics (docs/diagnostics.md).

The same rules as the pages (tandem.diagnostics.permissions): every member or partner's token reads every
diagnostic and its versions' figures (observers too: aggregates only, never a name); staff of an organisation
located in the territory, or party to the diagnostic's convention, create diagnostics and versions, write the
draft's narrative and publish it; the API acts for the caller's organisation only (no platform administrator's
rights). Anyone else gets 404 and nothing changes; a read-only token 403 on a write;
409: the version is no longer a draft; 422: a bad value (an unknown territory, a date to come).
"""

# No postponed annotations here: django-ninja reads the types at run time.

import datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from tandem.accounts.models import Membership, User
from tandem.api.auth import ApiHttpRequest, acting_user, membership_of, require_write
from tandem.api.errors import ErrorOut, refused_as_not_found
from tandem.api.pagination import BoundedLimitOffsetPagination
from tandem.api.schemas import Day, RecordId, RecordRef, one_of
from tandem.diagnostics import permissions, selectors, services, tables
from tandem.diagnostics.enums import NARRATIVE_FIELDS, TerritoryKind, VersionStatus
from tandem.diagnostics.models import Diagnostic, DiagnosticVersion
from tandem.partnerships.selectors import convention_visible_to

router = Router(tags=["diagnostics"])

StatusValue = one_of(VersionStatus)
KindValue = one_of(TerritoryKind)
TerritoryCode = Annotated[
    str,
    Field(
        min_length=2,
        max_length=9,
        description="A département's code (67), an EPCI's SIREN (246700488) or a commune's INSEE code (67180)",
    ),
]
Text = Annotated[str, Field(max_length=10000)]


def _reader(request: ApiHttpRequest) -> tuple[User | None, Membership | None]:
    user, membership = acting_user(request), membership_of(request)
    if not permissions.can_read_diagnostics(user, membership):
        raise HttpError(404, "Not found")
    return user, membership


class DiagnosticOut(Schema):
    id: int
    title: str
    territory_kind: KindValue
    territory_code: str
    territory_name: str
    convention_id: int | None
    organisation_id: int = Field(description="The organisation that created it")
    latest_version: int | None = Field(description="The latest version's number")
    latest_as_of: datetime.date | None
    latest_status: StatusValue | None

    @staticmethod
    def resolve_latest_version(diagnostic: Diagnostic) -> int | None:
        return getattr(diagnostic, "latest_number", None)

    @staticmethod
    def resolve_latest_as_of(diagnostic: Diagnostic) -> datetime.date | None:
        return getattr(diagnostic, "latest_as_of", None)

    @staticmethod
    def resolve_latest_status(diagnostic: Diagnostic) -> str | None:
        return getattr(diagnostic, "latest_status", None)


class VersionSummaryOut(Schema):
    number: int
    as_of: datetime.date
    status: StatusValue
    created_at: datetime.datetime
    published_at: datetime.datetime | None


class DiagnosticDetailOut(DiagnosticOut):
    versions: list[VersionSummaryOut] = Field(description="Latest first")

    @staticmethod
    def resolve_versions(diagnostic: Diagnostic) -> list[DiagnosticVersion]:
        return selectors.versions_of(diagnostic=diagnostic)


class DiagnosticVersionOut(Schema):
    diagnostic_id: int
    number: int
    as_of: datetime.date
    status: StatusValue
    figures: dict[str, Any] = Field(
        description="Frozen at creation: {definitions, as_of, territory, tables: {key: {columns, rows: [{key, "
        "label?, values: {column: count or null (masked by statistical secrecy)}}]}}}"
    )
    strengths: str
    needs: str
    priorities: str
    remarks: str
    organisation_id: int | None
    created_at: datetime.datetime
    narrative_at: datetime.datetime | None
    published_at: datetime.datetime | None

    @staticmethod
    def resolve_figures(version: DiagnosticVersion) -> dict[str, Any]:
        return tables.figures_for_display(version.figures)


class DiagnosticIn(Schema):
    title: Annotated[str, Field(min_length=1, max_length=200)]
    territory: TerritoryCode
    as_of: Day
    convention_id: RecordRef | None = Field(None, description="A convention the caller sees, that it serves")


class VersionIn(Schema):
    as_of: Day


class NarrativeIn(Schema):
    strengths: Text = ""
    needs: Text = ""
    priorities: Text = ""
    remarks: Text = ""


def _territory(code: str) -> selectors.Territory:
    territory = selectors.territory_parse(code)
    if territory is None:
        raise ValidationError({"territory": _("Aucun département, intercommunalité ou commune n'a ce code.")})
    return territory


def _diagnostic(user: User | None, membership: Membership | None, pk: int) -> Diagnostic:
    return refused_as_not_found(lambda: selectors.diagnostic_get_for(user=user, membership=membership, pk=pk))


def _version(user: User | None, membership: Membership | None, pk: int, number: int) -> DiagnosticVersion:
    return refused_as_not_found(
        lambda: selectors.version_get_for(user=user, membership=membership, pk=pk, number=number)
    )


@router.get("", response={200: list[DiagnosticOut], 404: ErrorOut}, summary="The diagnostics, latest changed first")
@paginate(BoundedLimitOffsetPagination)
def diagnostic_list(
    request: ApiHttpRequest,
    territory: str = Query("", max_length=9, description="About this place (département, EPCI or commune code)"),
) -> QuerySet[Diagnostic]:
    user, membership = _reader(request)
    place = _territory(territory) if territory else None
    filters = selectors.DiagnosticFilters(territory=place)
    return selectors.diagnostic_list_for(user=user, membership=membership, filters=filters)


@router.get("/{int:pk}", response={200: DiagnosticDetailOut, 404: ErrorOut}, summary="A diagnostic and its versions")
def diagnostic_detail(request: ApiHttpRequest, pk: RecordId):
    user, membership = _reader(request)
    return _diagnostic(user, membership, pk)


@router.get(
    "/{int:pk}/versions/{int:number}",
    response={200: DiagnosticVersionOut, 404: ErrorOut},
    summary="A version: its frozen figures and its narrative",
)
def version_detail(request: ApiHttpRequest, pk: RecordId, number: RecordId):
    user, membership = _reader(request)
    return _version(user, membership, pk, number)


@router.post(
    "",
    response={201: DiagnosticVersionOut},
    summary="Create a diagnostic of a territory and its first version (a draft) on a date",
    description="404: the caller is no partner of the territory (nor party to the convention), or the convention "
    "is unknown to it. 422: an unknown territory, a date to come.",
)
def diagnostic_create(request: ApiHttpRequest, payload: DiagnosticIn):
    require_write(request)
    user, membership = _reader(request)
    territory = _territory(payload.territory)
    convention = None
    if payload.convention_id is not None:
        convention = convention_visible_to(user=user, membership=membership).filter(pk=payload.convention_id).first()
        if convention is None:
            raise HttpError(404, "Not found")
    version = refused_as_not_found(
        lambda: services.diagnostic_create(
            by=user,
            membership=membership,
            title=payload.title,
            territory=territory,
            as_of=payload.as_of,
            convention=convention,
        )
    )
    return 201, _version(user, membership, version.diagnostic_id, version.number)


@router.post(
    "/{int:pk}/versions",
    response={201: DiagnosticVersionOut, 404: ErrorOut},
    summary="Add a version on a date: figures computed now, the latest narrative carried over",
    description="A draft still open is superseded (frozen). 404: a diagnostic the caller does not write. 422: a "
    "date to come.",
)
def version_create(request: ApiHttpRequest, pk: RecordId, payload: VersionIn):
    require_write(request)
    user, membership = _reader(request)
    diagnostic = _diagnostic(user, membership, pk)
    version = refused_as_not_found(
        lambda: services.version_create(diagnostic=diagnostic, as_of=payload.as_of, by=user, membership=membership)
    )
    return 201, _version(user, membership, pk, version.number)


def _writable(
    request: ApiHttpRequest, pk: int, number: int
) -> tuple[User | None, Membership | None, DiagnosticVersion]:
    require_write(request)
    user, membership = _reader(request)
    version = _version(user, membership, pk, number)
    if not permissions.can_write_diagnostic(membership, version.diagnostic):
        raise HttpError(404, "Not found")
    return user, membership, version


@router.put(
    "/{int:pk}/versions/{int:number}/narrative",
    response={200: DiagnosticVersionOut, 404: ErrorOut, 409: ErrorOut},
    summary="Replace the draft's narrative",
    description="404: a diagnostic the caller does not write. 409: the version is published or superseded.",
)
def narrative_update(request: ApiHttpRequest, pk: RecordId, number: RecordId, payload: NarrativeIn):
    user, membership, version = _writable(request, pk, number)
    narrative = services.Narrative(**{name: getattr(payload, name) for name in NARRATIVE_FIELDS})
    refused_as_not_found(
        lambda: services.narrative_update(version=version, narrative=narrative, by=user, membership=membership)
    )
    return _version(user, membership, pk, number)


@router.post(
    "/{int:pk}/versions/{int:number}/publish",
    response={200: DiagnosticVersionOut, 404: ErrorOut, 409: ErrorOut},
    summary="Publish the draft the committee validated: it is frozen",
    description="404: a diagnostic the caller does not write. 409: the version is not a draft.",
)
def version_publish(request: ApiHttpRequest, pk: RecordId, number: RecordId):
    user, membership, version = _writable(request, pk, number)
    refused_as_not_found(lambda: services.version_publish(version=version, by=user, membership=membership))
    return _version(user, membership, pk, number)
