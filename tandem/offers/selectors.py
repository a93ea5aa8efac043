"""Reads of offers, already scoped to what the acting organisation may see.

The sharing rule (docs/offers.md), as one SQL filter on indexed columns (no loop over offers):
- "own": the sharing organisation only;
- "partners": plus the organisations linked to it by a partnership active today, in either direction;
- "territory": plus every organisation whose territory reaches the offer's commune, read as "the offer's
  commune lies in a département where the viewer covers at least one commune, or where the viewer is
  located" (an overseas collectivity, whose communes have no département, counts as one). The
  département keeps the rule indexable (commune IN a subquery) and matches how far young
  people look for work better than the exact list of covered communes.
France Travail's offers are imported with the "territory" scope.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from typing import Any

from django.db.models import F, FloatField, Q, QuerySet, Value
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt

from tandem.accounts.models import Membership
from tandem.core.compiled import compiled_once, fetch_all
from tandem.core.expressions import AnyOf
from tandem.core.pagination import BranchedList
from tandem.offers.enums import OfferStatus, SharingScope
from tandem.offers.models import Offer
from tandem.offers.search import offer_search_q
from tandem.organisations.models import Coverage, Organisation
from tandem.organisations.selectors import partner_ids_of
from tandem.territories.models import Commune

EARTH_RADIUS_KM = 6371.0
KM_PER_DEGREE_LATITUDE = 111.2


def _areas_of(organisation_id: int, commune_code: str) -> QuerySet[Any]:
    covered = Commune.objects.filter(
        code__in=Coverage.objects.filter(organisation_id=organisation_id).values("commune_id")
    )
    located = Commune.objects.filter(code=commune_code)
    columns = ("departement_id", "overseas_collectivity")
    return covered.order_by().values_list(*columns).union(located.order_by().values_list(*columns))


def territory_areas(organisation: Organisation) -> tuple[list[str], list[str]]:
    """The départements, and the overseas collectivities, where the organisation covers a commune or is located.

    Read once per organisation object (one indexed query, compiled once per process: tandem.core.compiled), so
    once per request for the acting organisation: the offers' scope then filters on these few codes instead of
    scanning the communes at every query."""
    cached: tuple[list[str], list[str]] | None = getattr(organisation, "_territory_areas", None)
    if cached is None:
        sql = compiled_once(
            "offers.territory_areas",
            _areas_of,
            organisation_id=organisation.pk,
            commune_code=organisation.commune_id or "",
        )
        rows = set(fetch_all(sql))
        cached = (
            sorted({departement for departement, _collectivity in rows if departement}),
            sorted({collectivity for departement, collectivity in rows if not departement and collectivity}),
        )
        organisation._territory_areas = cached  # type: ignore[attr-defined]
    return cached


def _partner_ids(organisation: Organisation) -> list[int]:
    """The organisation's partners today, read once per organisation object: as a list of ids the database
    estimates the partners' offers right (a subquery made it expect thousands of partners and scan every open
    offer)."""
    cached: list[int] | None = getattr(organisation, "_partner_ids", None)
    if cached is None:
        cached = sorted(partner_ids_of(organisation=organisation))
        organisation._partner_ids = cached  # type: ignore[attr-defined]
    return cached


def offer_scope_inputs(organisation: Organisation) -> tuple[Any, ...]:
    """Everything offer_scope_branches reads of the organisation (its id, partners, départements and overseas
    collectivities), read once per organisation object: the scope is a function of these alone, so a key its
    compiled SQL can be kept under (tandem.offers.matching.queries: a partnership or a coverage that changes them
    changes the key)."""
    departements, collectivities = territory_areas(organisation)
    return (organisation.pk, tuple(_partner_ids(organisation)), tuple(departements), tuple(collectivities))


def offer_scope_branches(organisation: Organisation) -> list[Q]:
    """The three ways an offer reaches this organisation (see the module's docstring): its own, a partner's
    shared one, one shared with the territory. Each branch reads its own index."""
    partners = _partner_ids(organisation)
    departements, collectivities = territory_areas(organisation)
    areas = Q(departement_id__in=departements)
    if collectivities:
        areas |= Q(departement__isnull=True, overseas_collectivity__in=collectivities)
    territory = Commune.objects.filter(areas).values("code")
    return [
        Q(organisation_id=organisation.pk),
        Q(AnyOf("organisation_id", partners), sharing__in=[SharingScope.PARTNERS, SharingScope.TERRITORY]),
        Q(sharing=SharingScope.TERRITORY, commune_id__in=territory),
    ]


def offer_scope_q(organisation: Organisation) -> Q:
    """The offers this organisation may see, as one filter: any of its branches."""
    own, partners, territory = offer_scope_branches(organisation)
    return own | partners | territory


def offer_visible_to(*, membership: Membership | None) -> QuerySet[Offer]:
    """Every offer the membership's organisation may see, whatever its status; none without a membership."""
    if membership is None:
        return Offer.objects.none()
    return Offer.objects.filter(offer_scope_q(membership.organisation))


def _near(offers: QuerySet[Offer], *, latitude: float, longitude: float, km: float) -> QuerySet[Offer]:
    """Offers within `km` of the point: a bounding box on the indexed coordinates, then the exact distance.

    The haversine formula runs in SQL (Django provides the trigonometric functions on SQLite too) on the
    rows the box kept, so pagination and counts stay right.
    """
    dlat = km / KM_PER_DEGREE_LATITUDE
    dlon = km / (KM_PER_DEGREE_LATITUDE * max(math.cos(math.radians(latitude)), 0.01))
    lat0, lon0 = math.radians(latitude), math.radians(longitude)
    half_dlat = (Radians(F("latitude")) - Value(lat0)) / 2
    half_dlon = (Radians(F("longitude")) - Value(lon0)) / 2
    a = Power(Sin(half_dlat), 2) + Value(math.cos(lat0)) * Cos(Radians(F("latitude"))) * Power(Sin(half_dlon), 2)
    distance = Value(2 * EARTH_RADIUS_KM) * ASin(Least(Value(1.0), Sqrt(a)), output_field=FloatField())
    return (
        offers.filter(
            latitude__range=(latitude - dlat, latitude + dlat), longitude__range=(longitude - dlon, longitude + dlon)
        )
        .annotate(distance_km=distance)
        .filter(distance_km__lte=km)
    )


@dataclass(frozen=True)
class _Filtered:
    offers: QuerySet[Offer]  # the filters applied, not yet the sharing scope
    ordering: list[Any]
    key_fields: list[str]  # what orders the list, for BranchedList
    nearest: bool


def _filtered(
    *,
    membership: Membership,
    rome: str = "",
    commune: Commune | None = None,
    distance_km: float | None = None,
    contract_type: str = "",
    source: str = "",
    sharing: str = "",
    status: str = OfferStatus.OPEN,
    organisation_only: bool = False,
    query: str = "",
) -> _Filtered:
    offers = Offer.objects.all()
    if status:
        offers = offers.filter(status=status)
    if organisation_only:
        offers = offers.filter(organisation_id=membership.organisation_id)
    if rome:
        offers = offers.filter(rome_id=rome.strip().upper())
    if contract_type:
        offers = offers.filter(contract_type=contract_type)
    if source:
        offers = offers.filter(source=source)
    if sharing:
        offers = offers.filter(sharing=sharing)
    if query:
        offers = offers.filter(offer_search_q(query))
    if commune is not None:
        if distance_km and commune.latitude is not None and commune.longitude is not None:
            offers = _near(offers, latitude=commune.latitude, longitude=commune.longitude, km=distance_km)
            return _Filtered(offers, ["distance_km", "-id"], ["distance_km"], nearest=True)
        offers = offers.filter(commune_id=commune.pk)
    return _Filtered(offers, [F("published_at").desc(nulls_last=True), "-id"], ["published_at"], nearest=False)


def offer_list_for(*, membership: Membership | None, **filters: Any) -> QuerySet[Offer]:
    """The offers the membership may see, filtered (see _filtered); newest first (nearest first around a
    commune)."""
    if membership is None:
        return Offer.objects.none()
    chosen = _filtered(membership=membership, **filters)
    return (
        chosen.offers.filter(offer_scope_q(membership.organisation))
        .select_related("organisation", "rome", "commune")
        .order_by(*chosen.ordering)
    )


_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_MICROSECOND = datetime.timedelta(microseconds=1)


def _newest_first(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """`published_at DESC NULLS LAST, id DESC`, on exact integers (microseconds)."""
    published_at, pk = row
    return (published_at is None, -((published_at - _EPOCH) // _MICROSECOND) if published_at else 0, -pk)


def _nearest_first(row: tuple[Any, ...]) -> tuple[Any, ...]:
    distance, pk = row
    return (distance, -pk)


def offer_pages_for(*, membership: Membership, **filters: Any) -> BranchedList:
    """The same list as offer_list_for, for reading page by page: each sharing branch gives its first offers from
    its own index, so a page costs the same for a Mission Locale that sees 20,000 offers as for one that sees 20
    (docs/benchmarks.md)."""
    chosen = _filtered(membership=membership, **filters)
    return BranchedList(
        chosen.offers.select_related("organisation", "rome", "commune"),
        branches=offer_scope_branches(membership.organisation),
        ordering=chosen.ordering,
        key_fields=chosen.key_fields,
        sort_key=_nearest_first if chosen.nearest else _newest_first,
    )


def offer_get_for(*, membership: Membership | None, pk: int) -> Offer:
    """One offer the membership may see; raises Offer.DoesNotExist otherwise (the views answer 404)."""
    return (
        offer_visible_to(membership=membership)
        .select_related("organisation", "rome", "commune", "employer", "appellation")
        .get(pk=pk)
    )
