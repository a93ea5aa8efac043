from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from tandem.api.auth import require_organisation_write
from tandem.api.schemas import CoverageChange, CoverageIn, CoverageOut, ErrorOut, OrganisationOut
from tandem.organisations import selectors, services
from tandem.organisations.models import Organisation

router = Router(tags=["organisations"])


def _organisation_or_404(pk: int) -> Organisation:
    try:
        return selectors.organisation_get(pk=pk)
    except Organisation.DoesNotExist as error:
        raise HttpError(404, "Not found") from error


@router.get("", response=list[OrganisationOut])
@paginate(LimitOffsetPagination)
def organisation_list(request: HttpRequest, kind: str = "", q: str = "", commune: str = ""):
    return selectors.organisation_list(kind=kind, query=q, commune_code=commune)


@router.get("/{pk}", response=OrganisationOut)
def organisation_detail(request: HttpRequest, pk: int):
    return _organisation_or_404(pk)


@router.get("/{pk}/coverage", response=CoverageOut)
def coverage(request: HttpRequest, pk: int):
    organisation = _organisation_or_404(pk)
    return {"organisation_id": pk, "commune_codes": selectors.coverage_commune_codes(organisation=organisation)}


@router.put("/{pk}/coverage", response={200: CoverageChange, 400: ErrorOut}, summary="Replace the coverage territory")
def coverage_replace(request: HttpRequest, pk: int, payload: CoverageIn):
    organisation = _organisation_or_404(pk)
    require_organisation_write(request, organisation)
    try:
        return services.organisation_set_coverage(organisation=organisation, commune_codes=payload.commune_codes)
    except ValidationError as error:
        return 400, {"detail": "; ".join(error.messages)}
