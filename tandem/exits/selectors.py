"""Every read of exits, scoped to the caller: a person's exits for whoever may see the person (tandem.access), an
exit for a party to it as well, and the follow-ups due for the caller's organisation; nothing for anyone else
(404)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from tandem.access.permissions import can_view_person
from tandem.accounts.models import Membership
from tandem.accounts.permissions import can_see_nominative_data
from tandem.exits import rules
from tandem.exits.enums import FOLLOW_UP_MONTHS, ExitStatus
from tandem.exits.models import Exit
from tandem.exits.permissions import can_read_exit, can_record_exit, can_see_person_exits
from tandem.organisations.selectors import family_q
from tandem.people.models import Person


@dataclass(frozen=True)
class PersonExits:
    """A person's exits, newest first (cancelled ones shown), and whether the caller may record one."""

    person: Person
    exits: list[Exit]
    can_record: bool


def exits_of(*, person: Person) -> QuerySet[Exit]:
    return (
        Exit.objects.filter(person=person)
        .select_related("organisation", "follow_up", "person")
        .order_by("-exited_on", "-id")
    )


def person_exits_for(person: Person, membership: Membership | None) -> PersonExits:
    """The person's exits for the caller (404 when they may see neither the person nor record their exit): every
    exit for whoever sees the person; a former lead that no longer sees them reads its own."""
    if not can_see_person_exits(membership, person):
        raise Http404
    exits = exits_of(person=person)
    if not can_view_person(membership, person):
        exits = exits.filter(family_q(membership.organisation, "organisation"))
    return PersonExits(person=person, exits=list(exits), can_record=can_record_exit(membership, person))


def exit_get_for(*, membership: Membership | None, pk: int) -> Exit:
    """The exit if the caller may read it; 404 otherwise (existence not told)."""
    exit = Exit.objects.select_related("person", "organisation", "follow_up").filter(pk=pk).first()
    if exit is None or not can_read_exit(membership, exit):
        raise Http404
    return exit


def follow_ups_due(*, membership: Membership | None, today: datetime.date | None = None) -> QuerySet[Exit]:
    """The caller's organisation's standing exits (its sites' too) of six months ago or more, without a follow-up
    yet: oldest first. One query; nothing for an observer."""
    if not can_see_nominative_data(membership):
        return Exit.objects.none()
    today = today or timezone.localdate()
    latest_exit = rules.add_months(today, -FOLLOW_UP_MONTHS)
    return (
        Exit.objects.filter(family_q(membership.organisation, "organisation"))
        .filter(
            status=ExitStatus.RECORDED,
            exited_on__lte=latest_exit,
            follow_up__isnull=True,
            person__anonymised_at__isnull=True,
        )
        .select_related("person", "organisation")
        .order_by("exited_on", "id")
    )
