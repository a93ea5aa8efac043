from __future__ import annotations

from ninja import Router
from ninja.errors import HttpError

from tandem.api.auth import ApiHttpRequest
from tandem.api.schemas import CommuneOut, CoverageAnswer, DepartementOut
from tandem.organisations.selectors import agency_covering_commune, mission_locale_covering_commune
from tandem.territories.models import Commune
from tandem.territories.selectors import commune_get, commune_label, commune_search

router = Router(tags=["territories"])


class CommuneFound(CommuneOut):
    """A commune; those of overseas collectivities (Saint-Pierre-et-Miquelon, Polynésie…) have no département."""

    departement: DepartementOut | None
    overseas_collectivity: str
    label: str

    @staticmethod
    def resolve_label(obj) -> str:
        return commune_label(obj)


class CoverageFound(CoverageAnswer):
    commune: CommuneFound


@router.get(
    "/communes",
    response=list[CommuneFound],
    summary="Search communes by name, INSEE code or postcode",
    description="Lists the communes matching; `label` reads back as that commune wherever a commune is typed.",
)
def communes(request: ApiHttpRequest, q: str):
    return list(commune_search(query=q, limit=20))


def _commune_or_404(code: str) -> Commune:
    try:
        return commune_get(code=code)
    except Commune.DoesNotExist as error:
        raise HttpError(404, "Unknown commune") from error


@router.get("/communes/{code}", response=CommuneFound, summary="The commune of an INSEE code")
def commune(request: ApiHttpRequest, code: str):
    return _commune_or_404(code)


@router.get(
    "/communes/{code}/coverage",
    response=CoverageFound,
    summary="Which Mission Locale and which France Travail agency cover this commune",
)
def commune_coverage(request: ApiHttpRequest, code: str):
    commune = _commune_or_404(code)
    return {
        "commune": commune,
        "mission_locale": mission_locale_covering_commune(commune_code=commune.code),
        "agency": agency_covering_commune(commune_code=commune.code),
    }
