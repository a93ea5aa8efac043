"""What happens to each young person of the demo, and when: pure choices from seeded generators, no database.

A designation (France Travail agency → Mission Locale) goes as far as its story says, over the last 90 days; in
Saint-Étienne, where the demo has no agency, the Mission Locale follows the person and may refer them to a temp
agency (Mission Jeunes).
"""

from __future__ import annotations

import datetime
import enum
import random
from dataclasses import dataclass
from typing import TypeVar

from django.utils import timezone

from tandem.referrals.enums import ReferralOutcome, RefusalReason


class Story(enum.Enum):
    # Designations, by how far they went.
    PROPOSED = "proposed"
    PROPOSED_OVERDUE = "proposed_overdue"  # no answer, past the deadline: first in the Mission Locale's inbox
    ACCEPTED = "accepted"
    ACCEPTED_MEETING_OVERDUE = "accepted_meeting_overdue"  # no first meeting, past the deadline
    MEETING_SCHEDULED = "meeting_scheduled"
    MEETING_HELD = "meeting_held"  # the effective entry: the delegated PPAE starts
    CLOSED = "closed"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"  # by the agency: needs an agency with demo staff
    EXPIRED = "expired"
    # Mission Jeunes.
    FOLLOWED = "followed"  # by the Mission Locale only
    TEMP_PROPOSED = "temp_proposed"
    TEMP_ACCEPTED = "temp_accepted"  # the temp agency contributes
    TEMP_EMPLOYED = "temp_employed"  # first meeting held, closed on a job
    TEMP_REFUSED = "temp_refused"
    TEMP_WITHDRAWN = "temp_withdrawn"


DESIGNATION_MIX = {
    Story.PROPOSED: 8,
    Story.PROPOSED_OVERDUE: 8,
    Story.ACCEPTED: 7,
    Story.ACCEPTED_MEETING_OVERDUE: 4,
    Story.MEETING_SCHEDULED: 9,
    Story.MEETING_HELD: 27,
    Story.CLOSED: 16,
    Story.REFUSED: 12,
    Story.WITHDRAWN: 4,
    Story.EXPIRED: 5,
}
MISSION_JEUNES_MIX = {
    Story.FOLLOWED: 12,
    Story.TEMP_PROPOSED: 5,
    Story.TEMP_ACCEPTED: 10,
    Story.TEMP_EMPLOYED: 7,
    Story.TEMP_REFUSED: 4,
    Story.TEMP_WITHDRAWN: 2,
}
# Stories in which the Mission Locale (or the site it hands over to) leads the person.
FOLLOWED_STORIES = {
    Story.ACCEPTED,
    Story.ACCEPTED_MEETING_OVERDUE,
    Story.MEETING_SCHEDULED,
    Story.MEETING_HELD,
    Story.CLOSED,
    *MISSION_JEUNES_MIX,
}
ANSWERED_STORIES = FOLLOWED_STORIES - {Story.FOLLOWED, Story.TEMP_PROPOSED, Story.TEMP_WITHDRAWN} | {Story.REFUSED}
HELD_STORIES = {Story.MEETING_HELD, Story.CLOSED, Story.TEMP_EMPLOYED}
CLOSED_STORIES = {Story.CLOSED, Story.TEMP_EMPLOYED}
WITHDRAWN_STORIES = {Story.WITHDRAWN, Story.TEMP_WITHDRAWN}

# When the proposal was made, in days before today (moved back to a working day: up to two more).
PROPOSED_DAYS_AGO = {
    Story.PROPOSED: (1, 5),  # answer due (7 days) today at the latest: not late yet
    Story.PROPOSED_OVERDUE: (10, 24),
    Story.ACCEPTED: (2, 10),
    Story.ACCEPTED_MEETING_OVERDUE: (26, 45),
    Story.MEETING_SCHEDULED: (3, 12),
    Story.MEETING_HELD: (18, 75),
    Story.CLOSED: (50, 90),
    Story.REFUSED: (3, 85),
    Story.WITHDRAWN: (8, 60),
    Story.EXPIRED: (60, 90),
    Story.TEMP_PROPOSED: (1, 15),
    Story.TEMP_ACCEPTED: (5, 80),
    Story.TEMP_EMPLOYED: (30, 90),
    Story.TEMP_REFUSED: (3, 80),
    Story.TEMP_WITHDRAWN: (8, 60),
}
# The expiry runs as of this many days ago: only the EXPIRED proposals (due 53 days ago at the latest) are late then.
EXPIRY_DAYS_AGO = 50

REFUSALS = {
    RefusalReason.ALREADY_FOLLOWED: 24,
    RefusalReason.UNREACHABLE: 24,
    RefusalReason.PERSON_DECLINED: 20,
    RefusalReason.NOT_ELIGIBLE: 10,
    RefusalReason.OUTSIDE_TERRITORY: 8,
    RefusalReason.NO_CAPACITY: 6,
    RefusalReason.OTHER: 8,
}
REFUSAL_COMMENTS = {
    RefusalReason.UNREACHABLE: "Trois appels et un courrier restés sans réponse.",
    RefusalReason.OUTSIDE_TERRITORY: "A déménagé hors de notre territoire le mois dernier.",
    RefusalReason.ALREADY_FOLLOWED: "Accompagné·e par l'EPIDE depuis la rentrée.",
    RefusalReason.OTHER: "En service civique jusqu'à l'été : à nous reproposer ensuite.",
}
TEMP_REFUSALS = {RefusalReason.NO_CAPACITY: 3, RefusalReason.PERSON_DECLINED: 2, RefusalReason.UNREACHABLE: 1}
OUTCOMES = {
    ReferralOutcome.EMPLOYMENT: 30,
    ReferralOutcome.TRAINING: 25,
    ReferralOutcome.SCHEME: 15,
    ReferralOutcome.ABANDONED: 12,
    ReferralOutcome.MOVED: 8,
    ReferralOutcome.OTHER: 10,
}
WITHDRAWALS = (
    "Reprise d'emploi en CDI avant le premier rendez-vous.",
    "Entrée en formation qualifiante : l'orientation n'a plus d'objet.",
    "Proposé·e par erreur : déjà accompagné·e par la Mission Locale.",
)


Dealt = TypeVar("Dealt")  # a story, or any other outcome dealt in proportions (a positioning's status)


def deal(mix: dict[Dealt, int], count: int, rng: random.Random) -> list[Dealt]:
    """count stories in the mix's proportions (largest remainders), in a seeded order."""
    total = sum(mix.values())
    shares = {story: weight * count / total for story, weight in mix.items()}
    counts = {story: int(share) for story, share in shares.items()}
    by_remainder = sorted(mix, key=lambda story: shares[story] - counts[story], reverse=True)
    for story in by_remainder[: count - sum(counts.values())]:
        counts[story] += 1
    stories = [story for story, n in counts.items() for _ in range(n)]
    rng.shuffle(stories)
    return stories


def working_day(day: datetime.date, *, forward: bool = False) -> datetime.date:
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1 if forward else -1)
    return day


def at_work(day: datetime.date, rng: random.Random, *, hours: tuple[int, int] = (8, 16)) -> datetime.datetime:
    """A moment of office hours on that day."""
    moment = datetime.time(rng.randint(*hours), rng.choice((0, 15, 30, 45)))
    return timezone.make_aware(datetime.datetime.combine(day, moment))


@dataclass(frozen=True)
class Timeline:
    first_contact_on: datetime.date  # the record is created, the person informed
    proposed_at: datetime.datetime | None = None
    answered_at: datetime.datetime | None = None
    meeting_at: datetime.datetime | None = None
    held_on: datetime.date | None = None
    closed_at: datetime.datetime | None = None  # closed or withdrawn


def timeline_make(story: Story, rng: random.Random, today: datetime.date) -> Timeline:
    """The story's dates: every past step on a working day before today, each after the one before."""
    hour = datetime.timedelta(hours=1)

    def days(low: int, high: int) -> datetime.timedelta:
        return datetime.timedelta(days=rng.randint(low, high))

    def past(day: datetime.date) -> datetime.date:
        return working_day(min(day, today - datetime.timedelta(days=1)))

    def later(after: datetime.datetime, low: int, high: int, **hours: tuple[int, int]) -> datetime.datetime:
        day = past(working_day(timezone.localdate(after) + days(low, high), forward=True))
        return max(at_work(day, rng, **hours), after + hour)

    if story == Story.FOLLOWED:
        return Timeline(first_contact_on=past(today - days(20, 400)))
    proposed_on = past(today - days(*PROPOSED_DAYS_AGO[story]))
    # Designated young people get a record the day they are proposed; in Saint-Étienne they were met before.
    first_contact_on = past(proposed_on - days(10, 300)) if story in MISSION_JEUNES_MIX else proposed_on
    proposed_at = at_work(proposed_on, rng)
    if story in WITHDRAWN_STORIES:
        return Timeline(first_contact_on, proposed_at, closed_at=later(proposed_at, 1, 6))
    if story not in ANSWERED_STORIES:
        return Timeline(first_contact_on, proposed_at)
    answered_at = later(proposed_at, 0, 3)
    if story == Story.MEETING_SCHEDULED:
        meeting_at = at_work(working_day(today + days(1, 10), forward=True), rng)
        return Timeline(first_contact_on, proposed_at, answered_at, meeting_at)
    if story not in HELD_STORIES:
        return Timeline(first_contact_on, proposed_at, answered_at)
    # In the morning: the service dates the meeting held at noon.
    meeting_at = later(answered_at, 2, 14, hours=(8, 11))
    held_on = timezone.localdate(meeting_at)
    closed_at = later(meeting_at, 5, 40) if story in CLOSED_STORIES else None
    return Timeline(first_contact_on, proposed_at, answered_at, meeting_at, held_on, closed_at)
