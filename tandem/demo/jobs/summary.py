"""What load_demo prints about offers and positionings, and the young person the browser journey starts from."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from tandem.accounts.enums import Role
from tandem.accounts.models import Membership, User
from tandem.demo.scenarios import bordeaux
from tandem.offers.enums import OfferSource, OfferStatus, PositioningStatus
from tandem.offers.matching.scoring import ADULT_AGE, haversine_km
from tandem.offers.models import Offer, Positioning
from tandem.people.enums import FollowRole
from tandem.people.models import Follow, JobProfile, Person

JOURNEY_RADIUS_KM = 20


@dataclass(frozen=True)
class OfferSummary:
    offers: int
    by_source: dict[str, dict[str, int]]  # OfferSource value → OfferStatus value → count
    positionings: dict[str, int]  # PositioningStatus value → count, every status
    job_profiles: int


def offer_summary() -> OfferSummary:
    by_source = {source: dict.fromkeys(OfferStatus.values, 0) for source in OfferSource.values}
    for source, status, count in Offer.objects.values_list("source", "status").annotate(n=Count("pk")).order_by():
        by_source[source][status] = count
    positionings = dict(Positioning.objects.values_list("status").annotate(n=Count("pk")).order_by())
    return OfferSummary(
        offers=sum(sum(statuses.values()) for statuses in by_source.values()),
        by_source=by_source,
        positionings={status: positionings.get(status, 0) for status in PositioningStatus.values},
        job_profiles=JobProfile.objects.count(),
    )


@dataclass(frozen=True)
class JourneyExample:
    person: Person
    adviser: User  # the Bordeaux Mission Locale adviser who leads the person
    offers: list[Offer]  # open France Travail offers of a sought job, near home, nearest first


def near_offers(person: Person, *, radius_km: float = JOURNEY_RADIUS_KM) -> list[Offer]:
    """Open France Travail offers of the person's sought jobs within radius_km of home, and of their own limits."""
    profile = person.job_profile
    radius = min(radius_km, profile.max_distance_km)
    home = person.commune
    if home is None or home.latitude is None or home.longitude is None:
        return []
    offers = Offer.objects.filter(
        source=OfferSource.FRANCE_TRAVAIL,
        status=OfferStatus.OPEN,
        rome__in=profile.sought_romes.all(),
        latitude__isnull=False,
    )
    if not profile.has_driving_licence:
        offers = offers.exclude(requires_driving_licence=True)
    distances = [
        (haversine_km(home.latitude, home.longitude, o.latitude, o.longitude), o.pk, o)
        for o in offers
        if o.latitude is not None and o.longitude is not None
    ]
    return [offer for distance, _pk, offer in sorted(distances) if distance <= radius]


def journey_example() -> JourneyExample | None:
    """The adult young person led by the Mission Locale Bordeaux Avenir Jeunes with the most nearby matching offers.

    Led by one of its own advisers: not the France Travail agent seconded half-time, whose two organisations would
    make the journey ask which one they act for.
    """
    today = timezone.localdate()
    own_advisers = Membership.objects.active().filter(
        organisation__name=bordeaux.ML_NAME, role=Role.ADVISER, fte_share__isnull=True
    )
    follows = (
        Follow.objects.filter(
            role=FollowRole.LEAD,
            ended_at__isnull=True,
            organisation__name=bordeaux.ML_NAME,
            person__job_profile__isnull=False,
            person__commune__latitude__isnull=False,
            adviser__in=own_advisers.values("user"),
        )
        .select_related("person__commune", "person__job_profile", "adviser")
        .order_by("person__last_name", "person__first_name", "person_id")
    )
    best: JourneyExample | None = None
    for follow in follows:
        if follow.adviser is None or follow.person.age_on(today) < ADULT_AGE:
            continue
        offers = near_offers(follow.person)
        if best is None or len(offers) > len(best.offers):
            best = JourneyExample(person=follow.person, adviser=follow.adviser, offers=offers)
    return best
