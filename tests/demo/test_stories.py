"""Every story of the demo reads in a coherent order, from the event log and from the rows: nobody is hired, nor
even put forward for a job, by an organisation before it took the person on; no first meeting before the referral
was accepted; every step of a referral or a positioning after the one before (the demo loaded once for tests/demo,
rolled back after)."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.utils import timezone

from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.offers.models import Positioning
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation
from tandem.people.models import Follow
from tandem.referrals.enums import ReferralStatus
from tandem.referrals.models import Referral

ANSWER_EVENTS = {EventKind.REFERRAL_ACCEPTED, EventKind.REFERRAL_REFUSED}
END_EVENTS = {EventKind.REFERRAL_CLOSED, EventKind.REFERRAL_WITHDRAWN, EventKind.REFERRAL_EXPIRED}
AFTER_ACCEPTANCE = {EventKind.MEETING_SCHEDULED, EventKind.MEETING_HELD, EventKind.REFERRAL_CLOSED}
TAKEN_ON = [
    ReferralStatus.ACCEPTED,
    ReferralStatus.MEETING_SCHEDULED,
    ReferralStatus.MEETING_HELD,
    ReferralStatus.CLOSED,
]


def _by_subject(subject_type: str) -> dict[int, list[Event]]:
    events: dict[int, list[Event]] = defaultdict(list)
    for event in Event.objects.filter(subject_type=subject_type).order_by("pk"):
        assert event.subject_id is not None
        events[event.subject_id].append(event)
    return events


def _family(organisation_id: int, parents: dict[int, int | None]) -> int:
    """A Mission Locale's site counts as its Mission Locale (a referral to one reaches the other)."""
    return parents.get(organisation_id) or organisation_id


def test_the_steps_of_each_referral_and_positioning_happen_in_the_order_they_were_taken(demo):
    late = []
    for subject_type in ("referral", "positioning"):
        for subject_id, events in _by_subject(subject_type).items():
            for before, after in zip(events, events[1:], strict=False):
                if after.occurred_at < before.occurred_at:
                    late.append((subject_type, subject_id, before.kind, before.occurred_at, after.kind))

    assert late == []


def test_nothing_happens_to_a_person_before_their_record_nor_after_now(demo):
    now = timezone.now()
    created = dict(
        Event.objects.filter(kind=EventKind.PERSON_CREATED).values_list("person_id", "occurred_at").order_by()
    )
    early, future = [], []
    for person_id, kind, occurred_at in Event.objects.filter(person__isnull=False).values_list(
        "person_id", "kind", "occurred_at"
    ):
        if occurred_at < created[person_id]:
            early.append((person_id, kind, occurred_at, created[person_id]))
        if occurred_at > now:
            future.append((person_id, kind, occurred_at))

    assert created
    assert early == []
    assert future == []


def test_each_referral_s_dates_follow_one_another_and_match_its_events(demo):
    events = _by_subject("referral")
    wrong = []
    for referral in Referral.objects.all():
        kinds = {event.kind: event.occurred_at for event in events[referral.pk]}
        proposed = kinds.get(EventKind.DESIGNATION_PROPOSED) or kinds.get(EventKind.REFERRAL_PROPOSED)
        if proposed != referral.proposed_at:
            wrong.append((referral.pk, "proposed", proposed, referral.proposed_at))
        answered = next((at for kind, at in kinds.items() if kind in ANSWER_EVENTS), None)
        if answered != referral.answered_at:
            wrong.append((referral.pk, "answered", answered, referral.answered_at))
        ended = next((at for kind, at in kinds.items() if kind in END_EVENTS), None)
        if ended != referral.closed_at:
            wrong.append((referral.pk, "ended", ended, referral.closed_at))
        dates = [referral.proposed_at, referral.answered_at, referral.closed_at]
        present = [d for d in dates if d is not None]
        if present != sorted(present):
            wrong.append((referral.pk, "order", *dates))

    assert wrong == []


def test_first_meetings_come_after_the_referral_was_accepted(demo):
    events = _by_subject("referral")
    wrong = []
    referrals = Referral.objects.filter(status__in=TAKEN_ON)
    for referral in referrals:
        accepted = [e.occurred_at for e in events[referral.pk] if e.kind == EventKind.REFERRAL_ACCEPTED]
        if len(accepted) != 1 or accepted[0] != referral.answered_at:
            wrong.append((referral.pk, "acceptance", accepted, referral.answered_at))
            continue
        for event in events[referral.pk]:
            if event.kind in AFTER_ACCEPTANCE and event.occurred_at < accepted[0]:
                wrong.append((referral.pk, event.kind, event.occurred_at, accepted[0]))
        if referral.meeting_at is not None and referral.meeting_at < accepted[0]:
            wrong.append((referral.pk, "meeting_at", referral.meeting_at, accepted[0]))
        if referral.meeting_held_on is not None and referral.meeting_held_on < timezone.localdate(accepted[0]):
            wrong.append((referral.pk, "meeting_held_on", referral.meeting_held_on, accepted[0]))

    assert referrals.filter(meeting_held_on__isnull=False).exists()
    assert wrong == []


def test_an_organisation_puts_a_person_forward_for_a_job_only_once_it_took_them_on(demo):
    """Registered by the organisation itself, or brought to it by a referral it had accepted by then; its follow
    of the person had started. The hire, later still (each positioning's steps are in order, above)."""
    parents = dict(Organisation.objects.values_list("pk", "parent_id"))
    registered: dict[int, list[tuple[int, datetime.datetime]]] = defaultdict(list)
    for person_id, organisation_id, at in Event.objects.filter(kind=EventKind.PERSON_CREATED).values_list(
        "person_id", "actor_organisation_id", "occurred_at"
    ):
        registered[person_id].append((_family(organisation_id, parents), at))
    accepted: dict[int, list[tuple[int, datetime.datetime]]] = defaultdict(list)
    for person_id, organisation_id, at in Referral.objects.filter(status__in=TAKEN_ON).values_list(
        "person_id", "to_organisation_id", "answered_at"
    ):
        accepted[person_id].append((_family(organisation_id, parents), at))
    follows: dict[tuple[int, int], datetime.datetime] = {}
    for person_id, organisation_id, started_at in Follow.objects.values_list(
        "person_id", "organisation_id", "started_at"
    ):
        key = (person_id, _family(organisation_id, parents))
        follows[key] = min(started_at, follows.get(key, started_at))
    positionings = Positioning.objects.all()
    hired = {e.subject_id: e.occurred_at for e in Event.objects.filter(kind=EventKind.POSITIONING_HIRED)}

    early = []
    for positioning in positionings:
        organisation = _family(positioning.organisation_id, parents)
        came = [
            at for org, at in registered[positioning.person_id] + accepted[positioning.person_id] if org == organisation
        ]
        since = min(came, default=None)
        follow_since = follows.get((positioning.person_id, organisation))
        if since is None or positioning.proposed_at < since:
            early.append((positioning.pk, "taken on", positioning.proposed_at, since))
        if follow_since is None or positioning.proposed_at < follow_since:
            early.append((positioning.pk, "followed", positioning.proposed_at, follow_since))
        if positioning.pk in hired and (since is None or hired[positioning.pk] < since):
            early.append((positioning.pk, "hired", hired[positioning.pk], since))

    assert hired
    assert early == []


def test_whoever_puts_a_person_forward_was_following_them_for_their_organisation_at_the_time(demo):
    follows: dict[tuple[int, int], list[Follow]] = defaultdict(list)
    for follow in Follow.objects.all():
        follows[follow.person_id, follow.organisation_id].append(follow)

    wrong = []
    positionings = Positioning.objects.all()
    for positioning in positionings:
        at = positioning.proposed_at
        then = [
            f.adviser_id
            for f in follows[positioning.person_id, positioning.organisation_id]
            if f.started_at <= at and (f.ended_at is None or at < f.ended_at)
        ]
        if then != [positioning.proposed_by_id]:
            wrong.append((positioning.pk, positioning.proposed_by_id, then))

    assert positionings.exists()
    assert wrong == []


def test_nobody_is_put_forward_for_a_job_by_an_organisation_once_their_course_there_was_closed(demo):
    parents = dict(Organisation.objects.values_list("pk", "parent_id"))
    closed: dict[tuple[int, int], datetime.datetime] = {}
    for person_id, organisation_id, closed_at in Referral.objects.filter(status=ReferralStatus.CLOSED).values_list(
        "person_id", "to_organisation_id", "closed_at"
    ):
        closed[person_id, _family(organisation_id, parents)] = closed_at

    late = []
    for positioning in Positioning.objects.all():
        closed_at = closed.get((positioning.person_id, _family(positioning.organisation_id, parents)))
        if closed_at is not None and positioning.proposed_at >= closed_at:
            late.append((positioning.pk, positioning.proposed_at, closed_at))

    assert closed
    assert late == []


def test_a_temp_agency_receives_a_young_person_only_after_they_consented_to_it(demo):
    consented: dict[tuple[int, str], datetime.datetime] = {}
    for event in Event.objects.filter(kind=EventKind.CONSENT_GIVEN):
        assert event.person_id is not None
        consented[event.person_id, event.payload["recipient"]] = event.occurred_at
    referrals = Referral.objects.filter(to_organisation__kind=OrganisationKind.TEMP_AGENCY).select_related(
        "to_organisation"
    )

    early = []
    for referral in referrals:
        given = consented.get((referral.person_id, referral.to_organisation.name))
        if given is None or referral.proposed_at < given:
            early.append((referral.pk, referral.proposed_at, given))

    assert referrals.exists()
    assert early == []
