"""API of shared offers: list and read (scoped like the pages), create one, import a file (JSON report).

A partner system uses its organisation's token (write scope to create or import); a browser its session.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import File, Form, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from tandem.accounts.models import Membership
from tandem.api.auth import acting_user, membership_of, require_write
from tandem.offers import permissions, selectors, services
from tandem.offers.enums import ContractType, ExperienceRequirement, SharingScope, WorkingTime
from tandem.offers.models import Offer
from tandem.referentials.models import RomeCode
from tandem.territories.models import Commune
from tandem.territories.selectors import commune_code_normalize

router = Router(tags=["offers"])


class OfferOut(Schema):
    id: int
    source: str
    external_id: str
    organisation_id: int
    organisation: str
    title: str
    rome_code: str | None
    commune_code: str | None
    place_label: str
    latitude: float | None
    longitude: float | None
    employer_name: str
    contract_type: str
    contract_duration_months: int | None
    working_time: str
    salary_label: str
    salary_min: Decimal | None
    salary_max: Decimal | None
    requires_driving_licence: bool
    positions: int
    status: str
    sharing: str
    published_at: datetime.datetime | None
    distance_km: float | None = None


class OfferDetailOut(OfferOut):
    description: str
    naf_code: str
    working_time_label: str
    experience: str
    experience_label: str
    qualification_level: str
    languages: list[str]
    expires_on: datetime.date | None


class OfferIn(Schema):
    title: str
    description: str = ""
    rome_code: str = ""
    commune_code: str = ""
    employer_name: str = ""
    contract_type: ContractType
    contract_duration_months: int | None = None
    working_time: WorkingTime = WorkingTime.UNKNOWN
    working_time_label: str = ""
    salary_label: str = ""
    salary_min: Decimal | None = None
    salary_max: Decimal | None = None
    requires_driving_licence: bool = False
    experience: ExperienceRequirement = ExperienceRequirement.UNKNOWN
    positions: int = 1
    expires_on: datetime.date | None = None
    sharing: SharingScope = SharingScope.TERRITORY


class OfferPatchIn(Schema):
    """The fields to change; those left out keep their value. The same fields as the edit form."""

    title: str | None = None
    description: str | None = None
    rome_code: str | None = None
    commune_code: str | None = None
    employer_name: str | None = None
    contract_type: ContractType | None = None
    contract_duration_months: int | None = None
    working_time: WorkingTime | None = None
    working_time_label: str | None = None
    salary_label: str | None = None
    salary_min: Decimal | None = None
    salary_max: Decimal | None = None
    requires_driving_licence: bool | None = None
    experience: ExperienceRequirement | None = None
    positions: int | None = None
    expires_on: datetime.date | None = None
    sharing: SharingScope | None = None


class OfferErrorOut(Schema):
    index: int
    external_id: str
    reason: str


class CountsOut(Schema):
    read: int
    created: int
    updated: int
    unchanged: int
    errors: int


class ImportReportOut(Schema):
    counts: CountsOut
    format: str
    errors: list[OfferErrorOut]
    warning_count: int
    warnings: list[OfferErrorOut]
    file_error: str


class ErrorOut(Schema):
    detail: str


def _out(offer: Offer) -> dict:
    data = {name: getattr(offer, name) for name in OfferDetailOut.model_fields if hasattr(offer, name)}
    return data | {
        "organisation": offer.organisation.name,
        "rome_code": offer.rome_id,
        "commune_code": offer.commune_id,
        "distance_km": getattr(offer, "distance_km", None),
    }


def _membership(request: HttpRequest, *, sharing: bool = False) -> Membership:
    membership = membership_of(request)
    allowed = permissions.can_share_offers(membership) if sharing else permissions.can_view_offers(membership)
    if not allowed:
        raise HttpError(404, "Not found")
    return membership


@router.get("", response=list[OfferOut], summary="Offers the caller may see (scoped by sharing), filtered")
@paginate(LimitOffsetPagination)
def offer_list(
    request: HttpRequest,
    rome: str = "",
    commune: str = "",
    distance_km: float | None = None,
    contract_type: str = "",
    source: str = "",
    sharing: str = "",
    status: str = "open",
):
    membership = _membership(request)
    place = None
    if commune:
        place = Commune.objects.filter(code=commune_code_normalize(commune)).first()
        if place is None:
            raise HttpError(400, f"Unknown commune {commune}")
    offers = selectors.offer_list_for(
        membership=membership,
        rome=rome,
        commune=place,
        distance_km=distance_km,
        contract_type=contract_type,
        source=source,
        sharing=sharing,
        status=status,
    )
    return [_out(offer) for offer in offers[:1000]]


@router.get("/{int:pk}", response=OfferDetailOut)
def offer_detail(request: HttpRequest, pk: int):
    membership = _membership(request)
    try:
        return _out(selectors.offer_get_for(membership=membership, pk=pk))
    except Offer.DoesNotExist as error:
        raise HttpError(404, "Not found") from error


def _fields(data: dict) -> dict:
    """The payload as the Offer's columns: the ROME and commune codes looked up (400 when unknown)."""
    fields = {name: value for name, value in data.items() if name not in ("rome_code", "commune_code")}
    if "rome_code" in data:
        code = (data["rome_code"] or "").strip().upper()
        fields["rome"] = RomeCode.objects.filter(code=code).first() if code else None
        if code and fields["rome"] is None:
            raise HttpError(400, f"Unknown ROME code {data['rome_code']}")
    if "commune_code" in data:
        code = commune_code_normalize(data["commune_code"] or "")
        fields["commune"] = Commune.objects.filter(code=code).first() if code else None
        if code and fields["commune"] is None:
            raise HttpError(400, f"Unknown commune {data['commune_code']}")
    return fields


@router.post("", response={201: OfferDetailOut, 400: ErrorOut}, summary="Share an offer of the caller's organisation")
def offer_create(request: HttpRequest, payload: OfferIn):
    require_write(request)
    membership = _membership(request, sharing=True)
    fields = _fields(payload.model_dump())
    try:
        offer = services.offer_create(organisation=membership.organisation, by=acting_user(request), **fields)
    except ValidationError as error:
        return 400, {"detail": "; ".join(error.messages)}
    return 201, _out(offer)


@router.patch(
    "/{int:pk}", response={200: OfferDetailOut, 400: ErrorOut}, summary="Change an offer of the caller's organisation"
)
def offer_update(request: HttpRequest, pk: int, payload: OfferPatchIn):
    """Only the organisation that shares the offer changes it; France Travail's offers come from its export."""
    require_write(request)
    membership = _membership(request, sharing=True)
    try:
        offer = selectors.offer_get_for(membership=membership, pk=pk)
    except Offer.DoesNotExist as error:
        raise HttpError(404, "Not found") from error
    if not permissions.can_edit_offer(membership, offer):
        raise HttpError(404, "Not found")
    fields = _fields(payload.model_dump(exclude_unset=True))
    try:
        offer = services.offer_update(offer=offer, by=acting_user(request), **fields)
    except ValidationError as error:
        return 400, {"detail": "; ".join(error.messages)}
    return 200, _out(offer)


@router.post("/import", response={200: ImportReportOut, 400: ErrorOut}, summary="Import a file of offers")
def offer_import(request: HttpRequest, file: File[UploadedFile], format: Form[str] = services.FORMAT_CSV):
    """`format`: "csv" (the caller's offers, docs/offers.md) or "francetravail" (France Travail staff only)."""
    require_write(request)
    membership = _membership(request, sharing=True)
    if format == services.FORMAT_FRANCE_TRAVAIL and not permissions.can_import_france_travail_offers(membership):
        raise HttpError(403, "Only France Travail organisations import France Travail offers")
    try:
        report = services.offers_import(
            file=file, format=format, organisation=membership.organisation, by=acting_user(request)
        )
    except ValidationError as error:
        return 400, {"detail": "; ".join(error.messages)}
    return report.as_json()
