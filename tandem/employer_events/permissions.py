"""Who may do what about employer events: one function per rule (docs/employer_events.md).

- An event belongs to its organiser and to the partners taking part (chosen among the organiser's partners).
  Their staff (nominative roles) see it, change it, invite companies, register young people and record who came.
  A Mission Locale's sites are part of it: their staff take part with it. Nobody else learns that it exists
  (404); observers see people by name nowhere, so not here either.
- Only the organiser's staff change its state (held, cancelled): the organiser answers for the event.
- A company is invited only by staff who may act on it (tandem.employers.permissions: within their reach).
- A young person is registered, and their presence recorded, only by staff who may see them
  (tandem.access.permissions); the list of young people shows each reader only those they may see.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TypeGuard

from django.db.models import Q

from tandem.access.permissions import can_view_person
from tandem.accounts.models import Membership
from tandem.accounts.permissions import can_see_nominative_data
from tandem.employer_events.models import EmployerEvent
from tandem.employers.models import Employer
from tandem.employers.permissions import can_act_on_employer
from tandem.organisations.models import Organisation
from tandem.organisations.selectors import parties_with_sites
from tandem.people.models import Person


def event_party_ids(event: EmployerEvent) -> set[int]:
    """The organiser and the partners taking part, with the sites of a Mission Locale among them (a site is part of
    its Mission Locale), read once per event instance."""
    cached: set[int] | None = getattr(event, "_party_ids", None)
    if cached is None:
        cached = parties_with_sites(
            Organisation.objects.filter(Q(employer_events=event.pk) | Q(pk=event.organisation_id))
        )
        event._party_ids = cached  # type: ignore[attr-defined]
    return cached


def can_create_event(membership: Membership | None) -> TypeGuard[Membership]:
    """Any partner's staff organise an event for their organisation."""
    return can_see_nominative_data(membership)


def can_see_event(membership: Membership | None, party_ids: Collection[int]) -> TypeGuard[Membership]:
    """Staff of the organiser or of a partner taking part."""
    return can_see_nominative_data(membership) and membership.organisation_id in party_ids


def can_edit_event(membership: Membership | None, party_ids: Collection[int]) -> TypeGuard[Membership]:
    """The same staff change its details, invite companies, register young people, record who came."""
    return can_see_event(membership, party_ids)


def can_steer_event(membership: Membership | None, event: EmployerEvent) -> TypeGuard[Membership]:
    """The organiser's staff declare it held or cancel it."""
    return can_see_nominative_data(membership) and membership.organisation_id == event.organisation_id


def can_invite_employer(
    membership: Membership | None, party_ids: Collection[int], employer: Employer
) -> TypeGuard[Membership]:
    return can_edit_event(membership, party_ids) and can_act_on_employer(membership, employer)


def can_register_person(
    membership: Membership | None, party_ids: Collection[int], person: Person
) -> TypeGuard[Membership]:
    return can_edit_event(membership, party_ids) and can_view_person(membership, person)
