"""Young people put forward on offers by their Mission Locale adviser (mise en relation), at every stage, played
through the positioning services so that each step writes its event, dated as the story goes where the service
takes a date. Hires go to single-position offers, which the hire fills.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from tandem.accounts.models import User
from tandem.demo.jobs.offers import LoadedOffers
from tandem.demo.young_people.identities import SEED, weighted
from tandem.demo.young_people.stories import deal
from tandem.offers.enums import ContractType, NotRetainedReason, OfferStatus, PositioningStatus
from tandem.offers.models import Offer, Positioning
from tandem.offers.positioning.services import (
    positioning_hire,
    positioning_not_retain,
    positioning_propose,
    positioning_send,
    positioning_withdraw,
)
from tandem.offers.positioning.workflow import POSITIONING
from tandem.organisations.enums import OrganisationKind
from tandem.people.enums import FollowRole
from tandem.people.models import Follow
from tandem.referrals.enums import ReferralStatus
from tandem.referrals.models import Referral

STATUS_MIX = {
    PositioningStatus.PROPOSED: 12,
    PositioningStatus.SENT: 10,
    PositioningStatus.INTERVIEW: 10,
    PositioningStatus.HIRED: 8,
    PositioningStatus.NOT_RETAINED: 12,
    PositioningStatus.WITHDRAWN: 8,
}
NOT_RETAINED_REASONS = {
    NotRetainedReason.OTHER_CANDIDATE: 45,
    NotRetainedReason.PROFILE: 30,
    NotRetainedReason.NO_SHOW: 15,
    NotRetainedReason.OFFER_CANCELLED: 10,
}
# Offers published less than this long ago only receive proposals: the later steps need time.
MIN_DAYS_FOR_LATER_STEPS = 12


def _candidates(person_romes: set[str], domains: set[str], offers: list[Offer]) -> list[Offer]:
    """The area's offers of the person's sought jobs, then of the same domain."""
    same = [o for o in offers if o.rome_id in person_romes]
    return same or [o for o in offers if o.rome is not None and o.rome.domain_code in domains]


def _play(positioning_plan: tuple, *, rng: random.Random, now: datetime.datetime) -> Positioning:
    follow, offer, status, (since, by) = positioning_plan
    organisation = follow.organisation
    # From the latest of the offer's publication and the day the Mission Locale took the person on.
    start = max(offer.published_at, since)
    span = now - start
    proposed_at = start + span * rng.uniform(0.05, 0.3)
    positioning = positioning_propose(
        person=follow.person, offer=offer, by=by, organisation=organisation, proposed_at=proposed_at
    )
    if status == PositioningStatus.PROPOSED:
        return positioning
    if status == PositioningStatus.WITHDRAWN and rng.random() < 0.5:
        return positioning_withdraw(
            positioning=positioning, by=by, organisation=organisation, at=proposed_at + span * 0.2
        )
    sent_at = proposed_at + span * rng.uniform(0.05, 0.15)
    positioning = positioning_send(positioning=positioning, by=by, organisation=organisation, at=sent_at)
    if status == PositioningStatus.SENT:
        return positioning
    if status == PositioningStatus.WITHDRAWN:
        return positioning_withdraw(positioning=positioning, by=by, organisation=organisation, at=sent_at + span * 0.1)
    if status == PositioningStatus.NOT_RETAINED and rng.random() < 0.5:
        reason = weighted(rng, {k: w for k, w in NOT_RETAINED_REASONS.items() if k != NotRetainedReason.NO_SHOW})
        return positioning_not_retain(
            positioning=positioning, by=by, organisation=organisation, reason=reason, at=sent_at + span * 0.2
        )
    if status == PositioningStatus.INTERVIEW:
        # Still to come: the employer meets the young person in the next days.
        interview_at = now + datetime.timedelta(days=rng.randint(2, 10))
    else:
        interview_at = sent_at + span * rng.uniform(0.1, 0.2)
    interview_at = interview_at.replace(hour=rng.choice((9, 10, 11, 14, 15, 16)), minute=0, second=0, microsecond=0)
    # Recorded once the date is set, between the sending and the interview: the service would date it now.
    recorded_at = sent_at + (min(interview_at, now) - sent_at) / 2
    positioning = POSITIONING.run(
        "interview", positioning, by=by, organisation=organisation, at=recorded_at, data={"interview_at": interview_at}
    )
    closed_at = min(interview_at + span * 0.1, now - datetime.timedelta(hours=1))
    if status == PositioningStatus.NOT_RETAINED:
        return positioning_not_retain(
            positioning=positioning,
            by=by,
            organisation=organisation,
            reason=weighted(rng, NOT_RETAINED_REASONS),
            at=closed_at,
        )
    if status == PositioningStatus.HIRED:
        contract = offer.contract_type
        return positioning_hire(
            positioning=positioning,
            by=by,
            organisation=organisation,
            contract_type=contract,
            start_on=timezone.localdate(closed_at) + datetime.timedelta(days=rng.randint(3, 14)),
            duration_months=None if contract == ContractType.CDI else offer.contract_duration_months or 1,
            at=closed_at,
        )
    return positioning


@transaction.atomic
def positionings_load(loaded: LoadedOffers) -> int:
    """About 60 positionings on the offers just loaded (none when the offers were there already)."""
    if not loaded.created:
        return 0
    now = timezone.now()
    rng = random.Random(f"{SEED}:positionings")
    area_of: dict[str, list[Offer]] = {}
    for name, offers in loaded.by_area.items():
        area_of[name] = [
            o for o in offers if o.status == OfferStatus.OPEN and o.pk not in loaded.kept_open and o.rome_id
        ]
    # Not those whose referral to the Mission Locale (or its site) is closed: their course there has ended.
    closed = Referral.objects.filter(
        Q(to_organisation=OuterRef("organisation")) | Q(to_organisation__parent=OuterRef("organisation")),
        person=OuterRef("person"),
        status=ReferralStatus.CLOSED,
    )
    follows = list(
        Follow.objects.filter(
            role=FollowRole.LEAD,
            ended_at__isnull=True,
            organisation__kind=OrganisationKind.MISSION_LOCALE,
            organisation__name__in=area_of,
            person__job_profile__isnull=False,
        )
        .exclude(Exists(closed))
        .select_related("person", "organisation", "adviser")
        .prefetch_related("person__job_profile__sought_romes")
        .order_by("person_id")
    )
    rng.shuffle(follows)
    # When each Mission Locale took each person on, and by whom: its first follow. A hand-over between advisers
    # starts a new one, today: the positionings, all before, are the first adviser's.
    taken_on: dict[tuple[int, int], tuple[datetime.datetime, User | None]] = {}
    firsts = Follow.objects.filter(
        person__in=[f.person_id for f in follows], organisation__in={f.organisation_id for f in follows}
    ).select_related("adviser")
    for first in firsts.order_by("-started_at", "-pk"):
        taken_on[first.person_id, first.organisation_id] = (first.started_at, first.adviser)
    statuses = deal(STATUS_MIX, sum(STATUS_MIX.values()), rng)
    plans, hired_offers = [], set[int]()
    per_offer: dict[int, int] = defaultdict(int)
    for follow in follows:
        if not statuses:
            break
        status = statuses[-1]
        romes = list(follow.person.job_profile.sought_romes.all())
        offers = _candidates({r.code for r in romes}, {r.domain_code for r in romes}, area_of[follow.organisation.name])
        offers = [o for o in offers if per_offer[o.pk] < 3]
        since, _adviser = taken_on[follow.person_id, follow.organisation_id]
        if status != PositioningStatus.PROPOSED:
            offers = [
                o
                for o in offers
                if o.published_at is not None and (now - max(o.published_at, since)).days >= MIN_DAYS_FOR_LATER_STEPS
            ]
        if status == PositioningStatus.HIRED:
            offers = [o for o in offers if o.positions == 1 and o.pk not in hired_offers]
        if not offers:
            continue
        offer = rng.choice(offers)
        statuses.pop()
        per_offer[offer.pk] += 1
        if status == PositioningStatus.HIRED:
            hired_offers.add(offer.pk)
        plans.append((follow, offer, status, taken_on[follow.person_id, follow.organisation_id]))
    # Hired offers take no new proposals once filled: play the hires last.
    plans.sort(key=lambda plan: plan[2] == PositioningStatus.HIRED)
    for plan in plans:
        _play(plan, rng=rng, now=now)
    return len(plans)
