"""Every read of employer events, scoped to the caller: events of the caller's organisation (organiser or partner
taking part), and among their young people only those the caller may see (tandem.access)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tandem.access.permissions import can_view_person, person_access_q
from tandem.access.selectors import person_list_for
from tandem.accounts.models import Membership
from tandem.accounts.permissions import can_see_nominative_data
from tandem.employer_events.enums import InvitationStatus, ParticipationOutcome, RegistrationStatus
from tandem.employer_events.models import EmployerEvent, Invitation, Registration
from tandem.employer_events.permissions import can_see_event, event_party_ids
from tandem.employers.models import Employer
from tandem.offers.models import Offer
from tandem.organisations.selectors import acting_for_ids
from tandem.people.models import Person
from tandem.people.search import person_search_q

UPCOMING, PAST = "upcoming", "past"


def events_of_q(membership: Membership) -> Q:
    """The events of the caller's organisation; for a Mission Locale's site, those of its Mission Locale."""
    ids = acting_for_ids(membership.organisation)
    return Q(organisation__in=ids) | Q(partners__in=ids)


def employer_event_list_for(
    *, membership: Membership | None, period: str = UPCOMING, today: datetime.date | None = None
) -> QuerySet[EmployerEvent]:
    """The events the caller's organisation organises or takes part in, upcoming (soonest first) or past (latest
    first), with their companies and young people counted in the same query."""
    if not can_see_nominative_data(membership):
        return EmployerEvent.objects.none()
    today = today or timezone.localdate()
    ids = EmployerEvent.objects.filter(events_of_q(membership)).values("pk")
    events = (
        EmployerEvent.objects.filter(pk__in=ids)
        .select_related("organisation", "commune")
        .annotate(
            invited=Count("invitations", distinct=True),
            companies_attended=Count(
                "invitations", filter=Q(invitations__status=InvitationStatus.ATTENDED), distinct=True
            ),
            registered=Count("registrations", distinct=True),
        )
    )
    if period == PAST:
        return events.filter(held_on__lt=today).order_by("-held_on", "-starts_at", "-id")
    return events.filter(held_on__gte=today).order_by("held_on", "starts_at", "id")


def employer_event_get_for(*, membership: Membership | None, pk: int) -> EmployerEvent:
    """The event if the caller's organisation organises it or takes part; 404 otherwise (existence not told)."""
    event = EmployerEvent.objects.select_related("organisation", "commune").filter(pk=pk).first()
    if event is None or not can_see_event(membership, event_party_ids(event)):
        raise Http404
    return event


def event_invitations(*, event: EmployerEvent) -> QuerySet[Invitation]:
    """The companies invited, by name, with the offers they bring (company records are shared by partners)."""
    return (
        Invitation.objects.filter(event=event)
        .select_related("event", "employer__commune", "organisation")
        .prefetch_related(Prefetch("offers", queryset=Offer.objects.order_by("title", "pk")))
        .order_by("employer__name", "id")
    )


def event_registrations_for(*, event: EmployerEvent, membership: Membership) -> QuerySet[Registration]:
    """The young people registered that the caller may see (tandem.access): the others are only counted."""
    if not can_see_nominative_data(membership):
        return Registration.objects.none()
    return (
        Registration.objects.filter(person_access_q(membership, through="person"), event=event)
        .select_related("event", "person", "organisation")
        .order_by("person__last_name", "person__first_name", "id")
    )


@dataclass(frozen=True)
class Attendance:
    """Counts of the event's young people, whoever registered them: no names, so shown to every party."""

    registered: int
    present: int
    absent: int
    hired: int


def event_attendance(*, event: EmployerEvent) -> Attendance:
    counts = Registration.objects.filter(event=event).aggregate(
        registered=Count("pk"),
        present=Count("pk", filter=Q(status=RegistrationStatus.PRESENT)),
        absent=Count("pk", filter=Q(status=RegistrationStatus.ABSENT)),
        hired=Count("pk", filter=Q(outcome=ParticipationOutcome.HIRED)),
    )
    return Attendance(**counts)


def invitation_get_for(*, membership: Membership | None, pk: int) -> Invitation:
    invitation = Invitation.objects.select_related("event", "employer").filter(pk=pk).first()
    if invitation is None or not can_see_event(membership, event_party_ids(invitation.event)):
        raise Http404
    return invitation


def registration_get_for(*, membership: Membership | None, pk: int) -> Registration:
    """The registration if the caller takes part in the event and may see the person; 404 otherwise."""
    registration = Registration.objects.select_related("event", "person").filter(pk=pk).first()
    if (
        registration is None
        or not can_see_event(membership, event_party_ids(registration.event))
        or not can_view_person(membership, registration.person)
    ):
        raise Http404
    return registration


def people_to_register(*, membership: Membership, query: str, limit: int = 20) -> list[Person]:
    """The caller's young people matching what they typed (names, accents and case aside)."""
    if not query.strip():
        return []
    people = person_list_for(membership=membership).filter(person_search_q(query)).select_related("commune")
    return list(people.order_by("last_name", "first_name", "pk")[:limit])


def invitations_of_employer(*, employer: Employer, membership: Membership | None) -> QuerySet[Invitation]:
    """The company's invitations to the events the caller's organisation organises or takes part in."""
    if not can_see_nominative_data(membership):
        return Invitation.objects.none()
    ids = EmployerEvent.objects.filter(events_of_q(membership)).values("pk")
    return (
        Invitation.objects.filter(employer=employer, event__in=ids)
        .select_related("event")
        .order_by("-event__held_on", "-id")
    )
