from __future__ import annotations

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from tandem.api.schemas import CommuneOut, CoverageAnswer
from tandem.organisations.selectors import agency_covering_commune, mission_locale_covering_commune
from tandem.territories.models import Commune
from tandem.territories.selectors import commune_get, commune_search

router = Router(tags=["territories"])


@router.get("/communes", response=list[CommuneOut], summary="Search communes by name, INSEE code or postcode")
def communes(request: HttpRequest, q: str):
    return list(commune_search(query=q, limit=20))


def _commune_or_404(code: str) -> Commune:
    try:
        return commune_get(code=code)
    except Commune.DoesNotExist as error:
        raise HttpError(404, "Unknown commune") from error


@router.get("/communes/{code}", response=CommuneOut)
def commune(request: HttpRequest, code: str):
    return _commune_or_404(code)


@router.get(
    "/communes/{code}/coverage",
    response=CoverageAnswer,
    summary="Which Mission Locale and which France Travail agency cover this commune",
)
def commune_coverage(request: HttpRequest, code: str):
    commune = _commune_or_404(code)
    return {
        "commune": commune,
        "mission_locale": mission_locale_covering_commune(commune_code=commune.code),
        "agency": agency_covering_commune(commune_code=commune.code),
    }
