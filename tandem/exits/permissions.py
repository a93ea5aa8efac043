"""Who may do what about a young person's exits: one function per rule (docs/exits.md).

- The organisation that leads the person (or led them: it held their lead follow on the exit's day; for a Mission
  Locale, its sites' follows too) records the exit; the services check the day against its lead follow.
- The exit's organisation corrects it, cancels it and records the situation six months later; so does the
  organisation that leads the person now (the follow moved on).
- Whoever may see the person (tandem.access.permissions.person_access) reads their exits; the exit's organisation
  reads its own exits even once the follow has ended (the six-month follow-up is due after it).
- Observers: nothing by name (404).
"""

from __future__ import annotations

from typing import TypeGuard

from django.db.models import QuerySet

from tandem.access.permissions import can_view_person
from tandem.accounts.models import Membership
from tandem.accounts.permissions import can_see_nominative_data
from tandem.exits.models import Exit
from tandem.organisations.models import Organisation
from tandem.organisations.selectors import family_q, in_family_of
from tandem.people.enums import FollowRole
from tandem.people.models import Follow, Person
from tandem.people.selectors import person_led_by


def _nominative(membership: Membership | None, person: Person) -> TypeGuard[Membership]:
    return can_see_nominative_data(membership) and person.anonymised_at is None


def lead_follows(*, organisation: Organisation, person: Person) -> QuerySet[Follow]:
    """The person's lead follows by the organisation (or its sites), current and past."""
    return Follow.objects.filter(family_q(organisation, "organisation")).filter(person=person, role=FollowRole.LEAD)


def can_record_exit(membership: Membership | None, person: Person) -> TypeGuard[Membership]:
    """The caller's organisation leads the person, or led them once (the day is checked by the services)."""
    return (
        _nominative(membership, person) and lead_follows(organisation=membership.organisation, person=person).exists()
    )


def is_exit_party(exit: Exit, organisation: Organisation) -> bool:
    """The exit's organisation (or its Mission Locale), or the organisation that leads the person now."""
    return in_family_of(organisation.pk, exit.organisation) or person_led_by(
        person=exit.person, organisation=organisation
    )


def can_change_exit(membership: Membership | None, exit: Exit) -> TypeGuard[Membership]:
    """Correct, cancel, record the follow-up: a party to the exit (is_exit_party)."""
    return _nominative(membership, exit.person) and is_exit_party(exit, membership.organisation)


def can_see_person_exits(membership: Membership | None, person: Person) -> TypeGuard[Membership]:
    """The exits page of a person: whoever may see the person, or may record their exit."""
    return _nominative(membership, person) and (
        can_view_person(membership, person) or can_record_exit(membership, person)
    )


def can_read_exit(membership: Membership | None, exit: Exit) -> TypeGuard[Membership]:
    return _nominative(membership, exit.person) and (
        can_view_person(membership, exit.person) or is_exit_party(exit, membership.organisation)
    )
