"""API of shared offers: list and read (scoped like the pages), share one, change one's own, import a file.

A partner system uses its organisation's token (write scope to share, change or import); a browser its
session. Errors follow tandem.api.errors, which declares them on every operation ({"detail": "…"}): 404 for
an offer the caller may not see or change, 422 for values that mean nothing valid (an unknown ROME code or
commune, an unreadable file), 403 for a read-only token.
"""

# No postponed annotations here: django-ninja reads the types at run time.

import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate

from tandem.accounts.models import Membership
from tandem.api.auth import ApiHttpRequest, acting_user, caller_of, membership_of, require_write
from tandem.api.pagination import CountedUpToPagination
from tandem.api.routers.imports import ImportJobOut
from tandem.api.schemas import Amount, Day, ErrorOut, Flag, RecordId, Whole, one_of
from tandem.core.pagination import BranchedList
from tandem.imports.enums import ImportKind
from tandem.imports.services import import_job_submit
from tandem.offers import permissions, selectors, services
from tandem.offers.enums import (
    ContractType,
    ExperienceRequirement,
    OfferSource,
    OfferStatus,
    SharingScope,
    WorkingTime,
)
from tandem.offers.models import Offer
from tandem.referentials.models import RomeCode
from tandem.territories.models import Commune
from tandem.territories.selectors import commune_resolve

router = Router(tags=["offers"])

# The values of the enumerations, listed as such in the OpenAPI document.
SourceValue = one_of(OfferSource)
ContractTypeValue = one_of(ContractType)
WorkingTimeValue = one_of(WorkingTime)
ExperienceValue = one_of(ExperienceRequirement)
StatusValue = one_of(OfferStatus)
SharingValue = one_of(SharingScope)
# Filters: "" means any.
ContractTypeFilter = one_of("", ContractType)
SourceFilter = one_of("", OfferSource)
SharingFilter = one_of("", SharingScope)
StatusFilter = one_of("", OfferStatus)
FormatValue = one_of(*services.FORMATS)
MAX_DISTANCE_KM = 200
Positions = Annotated[Whole, Field(ge=1, le=32767)]
Months = Annotated[Whole, Field(ge=1, le=999)]
Salary = Annotated[Amount, Field(ge=0, max_digits=9, decimal_places=2)]
Title = Annotated[str, Field(min_length=1, max_length=255)]
Label = Annotated[str, Field(max_length=255)]


class OfferOut(Schema):
    id: int
    source: SourceValue
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
    contract_type: ContractTypeValue
    contract_duration_months: int | None
    working_time: WorkingTimeValue
    salary_label: str
    salary_min: Decimal | None
    salary_max: Decimal | None
    requires_driving_licence: bool
    positions: int
    hires: int = Field(description="Hires recorded through Tandem's positionings; at most `positions`")
    status: StatusValue
    sharing: SharingValue
    published_at: datetime.datetime | None
    distance_km: float | None = None

    @staticmethod
    def resolve_organisation(offer: Offer) -> str:
        return offer.organisation.name

    @staticmethod
    def resolve_rome_code(offer: Offer) -> str | None:
        return offer.rome_id

    @staticmethod
    def resolve_commune_code(offer: Offer) -> str | None:
        return offer.commune_id

    @staticmethod
    def resolve_distance_km(offer: Offer) -> float | None:
        return getattr(offer, "distance_km", None)


class OfferDetailOut(OfferOut):
    description: str
    naf_code: str
    working_time_label: str
    experience: ExperienceValue
    experience_label: str
    qualification_level: str
    languages: list[str]
    expires_on: datetime.date | None


class OfferIn(Schema):
    title: Title
    description: str = ""
    rome_code: str = Field("", max_length=10, description="ROME code, e.g. G1803")
    commune_code: str = Field("", max_length=10, description="INSEE code of the place of work")
    employer_name: Label = ""
    contract_type: ContractTypeValue
    contract_duration_months: Months | None = None
    working_time: WorkingTimeValue = WorkingTime.UNKNOWN.value
    working_time_label: Label = ""
    salary_label: Label = ""
    salary_min: Salary | None = None
    salary_max: Salary | None = None
    requires_driving_licence: Flag = False
    experience: ExperienceValue = ExperienceRequirement.UNKNOWN.value
    positions: Positions = 1
    expires_on: Day | None = None
    sharing: SharingValue = SharingScope.TERRITORY.value


# The default of a PATCH field that may not be empty: pydantic never validates a default, so this None only
# means "not sent" (left out of model_dump(exclude_unset=True)) and an explicit null is still refused (422).
# Typed Any so that it stands for any field's type.
NOT_SENT: Any = None


class OfferPatchIn(Schema):
    """The fields to change; those left out keep their value. The same fields as the edit form.

    Only the fields the offer may leave empty take null (the duration, the salaries, the expiry date)."""

    title: Title = NOT_SENT
    description: str = NOT_SENT
    rome_code: str = Field(NOT_SENT, max_length=10, description='ROME code; "" removes it')
    commune_code: str = Field(NOT_SENT, max_length=10, description='INSEE code; "" removes it')
    employer_name: Label = NOT_SENT
    contract_type: ContractTypeValue = NOT_SENT
    contract_duration_months: Months | None = None
    working_time: WorkingTimeValue = NOT_SENT
    working_time_label: Label = NOT_SENT
    salary_label: Label = NOT_SENT
    salary_min: Salary | None = None
    salary_max: Salary | None = None
    requires_driving_licence: Flag = NOT_SENT
    experience: ExperienceValue = NOT_SENT
    positions: Positions = NOT_SENT
    expires_on: Day | None = None
    sharing: SharingValue = NOT_SENT


def _membership(request: ApiHttpRequest, *, sharing: bool = False) -> Membership:
    membership = membership_of(request)
    allowed = permissions.can_share_offers(membership) if sharing else permissions.can_view_offers(membership)
    if membership is None or not allowed:
        raise HttpError(404, "Not found")
    return membership


def _offer(membership: Membership, pk: int) -> Offer:
    try:
        return selectors.offer_get_for(membership=membership, pk=pk)
    except Offer.DoesNotExist as error:
        raise HttpError(404, "Not found") from error


def _fields(data: dict) -> dict:
    """The payload as the Offer's columns: the ROME code and the commune looked up (422 when unknown)."""
    fields = {name: value for name, value in data.items() if name not in ("rome_code", "commune_code")}
    if "rome_code" in data:
        code = (data["rome_code"] or "").strip().upper()
        fields["rome"] = RomeCode.objects.filter(code=code).first() if code else None
        if code and fields["rome"] is None:
            raise ValidationError(_("Code ROME inconnu : %(code)s") % {"code": code}, code="unknown_rome")
    if "commune_code" in data:
        fields["commune"] = commune_resolve(code=data["commune_code"] or "")
    return fields


@router.get(
    "",
    response={200: list[OfferOut], 404: ErrorOut},
    summary="Offers the caller may see (scoped by sharing), filtered",
    description="404: a caller acting for no organisation; 422: an unknown commune or values out of range.",
)
@paginate(CountedUpToPagination)
def offer_list(
    request: ApiHttpRequest,
    rome: str = Query("", max_length=10),
    commune: str = Query("", max_length=10, description="INSEE code"),
    distance_km: float | None = Query(None, gt=0, le=MAX_DISTANCE_KM, description="Around `commune`"),
    contract_type: ContractTypeFilter = "",
    source: SourceFilter = "",
    sharing: SharingFilter = "",
    status: StatusFilter = OfferStatus.OPEN.value,
    q: str = Query("", max_length=100, description="Words of the title or the employer's name, accents optional"),
) -> BranchedList:
    membership = _membership(request)
    place: Commune | None = commune_resolve(code=commune) if commune else None
    # Read sharing branch by branch, as the offers page does (offers.selectors.offer_pages_for).
    return selectors.offer_pages_for(
        membership=membership,
        rome=rome,
        commune=place,
        distance_km=distance_km,
        contract_type=contract_type,
        source=source,
        sharing=sharing,
        status=status,
        query=q,
    )


@router.get("/{int:pk}", response=OfferDetailOut)
def offer_detail(request: ApiHttpRequest, pk: RecordId):
    return _offer(_membership(request), pk)


@router.post(
    "",
    response={201: OfferDetailOut},
    summary="Share an offer of the caller's organisation",
    description="403: a read-only token; 404: a caller who does not share offers (a State observer); "
    "422: an unknown ROME code or commune, or values the offer cannot hold.",
)
def offer_create(request: ApiHttpRequest, payload: OfferIn):
    require_write(request)
    membership = _membership(request, sharing=True)
    fields = _fields(payload.model_dump())
    offer = services.offer_create(organisation=membership.organisation, by=acting_user(request), **fields)
    return 201, offer


@router.patch(
    "/{int:pk}",
    response={200: OfferDetailOut},
    summary="Change an offer of the caller's organisation",
    description="Only the organisation that shares the offer changes it; France Travail's offers come from its "
    "export and are not changed by hand. 404: any other offer; 403: a read-only token; 422: invalid values.",
)
def offer_update(request: ApiHttpRequest, pk: RecordId, payload: OfferPatchIn):
    require_write(request)
    membership = _membership(request, sharing=True)
    offer = _offer(membership, pk)
    if not permissions.can_edit_offer(membership, offer):
        raise HttpError(404, "Not found")
    fields = _fields(payload.model_dump(exclude_unset=True))
    return 200, services.offer_update(offer=offer, by=acting_user(request), **fields)


@router.post(
    "/import",
    response={202: ImportJobOut},
    summary="Import a file of offers in the background",
    description='`format`: "csv" (the caller\'s offers, docs/offers.md) or "francetravail" (France Travail '
    "organisations only, else 403). The file is imported by a worker: follow the returned job (`url`) until its "
    "`report` is there (broken offers are listed in it), or its `error` when the file cannot be read at all.",
)
def offer_import(request: ApiHttpRequest, file: File[UploadedFile], format: Form[FormatValue] = services.FORMAT_CSV):
    require_write(request)
    membership = _membership(request, sharing=True)
    if format == services.FORMAT_FRANCE_TRAVAIL and not permissions.can_import_france_travail_offers(membership):
        raise HttpError(403, "Only France Travail organisations import France Travail offers")
    job = import_job_submit(
        kind=ImportKind.OFFERS,
        organisation=membership.organisation,
        upload=file,
        by=acting_user(request),
        token=caller_of(request).token,
        options={"format": format},
    )
    job.refresh_from_db()  # a worker running in this process (tests, a small deployment) may be done already
    return 202, job
