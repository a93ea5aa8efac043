"""Suggestions in both directions: narrow the rows in SQL, score a bounded number, keep the best.

`offer_suggestions_for` (offers for a person) and `candidate_suggestions_for` (people for an offer)
run indexed filters, score at most `PREFILTER_LIMIT` rows in Python and return the best `limit`.
docs/matching.md explains the approach and its bounds.
"""

from __future__ import annotations

import datetime
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import TypedDict

from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.access.selectors import person_list_for
from tandem.accounts.models import Membership
from tandem.offers.enums import OfferStatus
from tandem.offers.matching.scoring import (
    MATCHING_BARRIER_KINDS,
    Match,
    bounding_box,
    evaluate,
    offer_point,
    seeker_for,
)
from tandem.offers.models import Offer
from tandem.offers.selectors import offer_visible_to
from tandem.people.enums import BarrierStatus
from tandem.people.models import Barrier, JobProfile, Person
from tandem.referentials.models import RomeAppellation, RomeCode
from tandem.territories.models import Commune
from tandem.territories.selectors import commune_area_code

PREFILTER_LIMIT = 500
DEFAULT_LIMIT = 20
# People are pre-filtered around the offer before their own maximum distance is known: a person who
# accepts to travel further than this is only found when their commune lies within this radius.
CANDIDATE_RADIUS_KM = 150


@dataclass
class Suggestions:
    matches: list[Match]
    filters: list[str] = field(default_factory=list)  # what the SQL pre-filter left out, in words
    scanned: int = 0
    truncated: bool = False  # the pre-filter hit PREFILTER_LIMIT: better rows may exist beyond it
    excluded: dict[str, int] = field(default_factory=dict)  # rows scored then left out, by reason


def _near_q(lat: float, lon: float, km: float) -> Q:
    """Rows whose own coordinates, or else their commune's, fall in the box (both halves use an index)."""
    lat_range, lon_range = bounding_box(lat, lon, km)
    near_communes = Commune.objects.filter(latitude__range=lat_range, longitude__range=lon_range).values("code")
    return Q(latitude__range=lat_range, longitude__range=lon_range) | Q(
        latitude__isnull=True, commune_id__in=near_communes
    )


class _CommuneCode(TypedDict):
    code: str


def _communes_of_area(code: str) -> QuerySet[Commune, _CommuneCode]:
    """The communes of a département, or of an overseas collectivity (whose communes have no département)."""
    return Commune.objects.filter(
        Q(departement_id=code) | Q(departement__isnull=True, overseas_collectivity=code)
    ).values("code")


def _people_prefetched(people: QuerySet[Person]) -> QuerySet[Person]:
    return people.select_related("commune", "job_profile").prefetch_related(
        "job_profile__sought_romes",
        Prefetch("job_profile__sought_appellations", queryset=RomeAppellation.objects.select_related("rome")),
        Prefetch(
            "barriers",
            queryset=Barrier.objects.filter(kind__in=MATCHING_BARRIER_KINDS).exclude(status=BarrierStatus.LIFTED),
            to_attr="open_barriers",
        ),
    )


def _offers_prefetched(offers: QuerySet[Offer]) -> QuerySet[Offer]:
    return offers.select_related("rome", "appellation", "commune", "organisation").defer("description")


def _rank(matches: list[Match], limit: int) -> tuple[list[Match], dict[str, int]]:
    kept = [m for m in matches if not m.excluded]
    excluded = Counter(m.excluded for m in matches if m.excluded)
    kept.sort(
        key=lambda m: (-m.score, m.distance_km if m.distance_km is not None else math.inf, -m.offer.pk, m.person.pk)
    )
    return kept[:limit], dict(excluded)


def offer_suggestions_for(
    *,
    person: Person,
    membership: Membership,
    today: datetime.date | None = None,
    limit: int = DEFAULT_LIMIT,
    prefilter_limit: int = PREFILTER_LIMIT,
) -> Suggestions:
    """The open offers the organisation may see that suit the person, best first, with the reasons.

    Queries: the person with profile (1 + 3 prefetches), the ROME codes of the sought domains (1),
    the offers (1, communes in the box as a subquery). Never a loop over the offers table.
    """
    today = today or timezone.localdate()
    person = _people_prefetched(Person.objects.filter(pk=person.pk)).get()
    seeker = seeker_for(person, today=today)
    offers = offer_visible_to(membership=membership).filter(status=OfferStatus.OPEN)
    filters: list[str] = []
    if seeker.seeks_jobs:
        codes = set(seeker.rome_codes)
        if seeker.domain_codes:
            codes |= set(
                RomeCode.objects.filter(domain_code__in=seeker.domain_codes).order_by().values_list("code", flat=True)
            )
        offers = offers.filter(rome_id__in=sorted(codes))
        filters.append(_("Métiers recherchés et métiers du même domaine professionnel"))
    if seeker.point is not None:
        offers = offers.filter(_near_q(*seeker.point, seeker.max_distance_km))
        filters.append(_("Jusqu'à %(max)s km du domicile") % {"max": seeker.max_distance_km})
    elif seeker.area_code:
        offers = offers.filter(commune_id__in=_communes_of_area(seeker.area_code))
        commune = seeker.person.commune
        if commune is not None and commune.departement_id:
            filters.append(_("Commune sans coordonnées : offres du même département"))
        else:
            filters.append(_("Commune sans coordonnées : offres de la même collectivité d'outre-mer"))
    if not seeker.has_driving_licence:
        offers = offers.exclude(requires_driving_licence=True)
        filters.append(_("Sans permis de conduire : offres exigeant le permis écartées"))
    if seeker.is_minor:
        offers = offers.exclude(night_work=True)
        filters.append(_("Mineur·e : offres avec travail de nuit écartées"))
    # Same ROME first, then the most recent: what the top rows would be if the limit bites.
    ordering: list = ["-published_at", "-id"]
    if seeker.seeks_jobs:
        exact = When(rome_id__in=sorted(seeker.rome_codes), then=Value(0))
        ordering.insert(0, Case(exact, default=Value(1), output_field=IntegerField()))
    rows = list(_offers_prefetched(offers).order_by(*ordering)[: prefilter_limit + 1])
    truncated = len(rows) > prefilter_limit
    rows = rows[:prefilter_limit]
    matches, excluded = _rank([evaluate(seeker, offer) for offer in rows], limit)
    return Suggestions(matches=matches, filters=filters, scanned=len(rows), truncated=truncated, excluded=excluded)


def _job_fit_q(offer: Offer) -> Q:
    """People whose sought jobs (codes or appellations) share the offer's domain, or who seek nothing yet."""
    romes = JobProfile.sought_romes.through.objects.filter(jobprofile__person_id=OuterRef("pk"))
    appellations = JobProfile.sought_appellations.through.objects.filter(jobprofile__person_id=OuterRef("pk"))
    seeks_nothing = ~Exists(romes) & ~Exists(appellations)
    rome = offer.rome
    if rome is None:
        return seeks_nothing
    if rome.domain_code:
        return (
            seeks_nothing
            | Exists(romes.filter(romecode__domain_code=rome.domain_code))
            | Exists(appellations.filter(romeappellation__rome__domain_code=rome.domain_code))
        )
    return (
        seeks_nothing
        | Exists(romes.filter(romecode_id=rome.code))
        | Exists(appellations.filter(romeappellation__rome_id=rome.code))
    )


def candidate_suggestions_for(
    *,
    offer: Offer,
    membership: Membership,
    today: datetime.date | None = None,
    limit: int = DEFAULT_LIMIT,
    prefilter_limit: int = PREFILTER_LIMIT,
) -> Suggestions:
    """The young people the organisation may see who suit the offer, best first, with the reasons.

    Queries: the ROME codes of the domain are a subquery; the people (1) and their profile, sought jobs
    and childcare barriers (4 prefetches).
    """
    today = today or timezone.localdate()
    people = person_list_for(membership=membership).filter(_job_fit_q(offer))
    filters = [_("Personnes suivies dont le métier recherché relève du même domaine professionnel")]
    point = offer_point(offer)
    if point is not None:
        lat_range, lon_range = bounding_box(*point, CANDIDATE_RADIUS_KM)
        near = Commune.objects.filter(latitude__range=lat_range, longitude__range=lon_range).values("code")
        people = people.filter(Q(commune_id__in=near) | Q(commune__isnull=True) | Q(commune__latitude__isnull=True))
        filters.append(_("Domicile à moins de %(km)s km de l'offre") % {"km": CANDIDATE_RADIUS_KM})
    elif offer.commune is not None and commune_area_code(offer.commune):
        people = people.filter(
            Q(commune_id__in=_communes_of_area(commune_area_code(offer.commune))) | Q(commune__isnull=True)
        )
        if offer.commune.departement_id:
            filters.append(_("Offre sans coordonnées : personnes du même département"))
        else:
            filters.append(_("Offre sans coordonnées : personnes de la même collectivité d'outre-mer"))
    rows = list(_people_prefetched(people).order_by("pk")[: prefilter_limit + 1])
    truncated = len(rows) > prefilter_limit
    rows = rows[:prefilter_limit]
    matches, excluded = _rank([evaluate(seeker_for(person, today=today), offer) for person in rows], limit)
    return Suggestions(matches=matches, filters=filters, scanned=len(rows), truncated=truncated, excluded=excluded)
