"""Who may do what about a young person's missions: one function per rule (docs/career_paths.md).

- A temp agency's staff record a mission for their own agency only while the person's consent to share with that
  agency stands, and while they may see the person (tandem.access: a temp agency sees a person only with consent).
- The lead organisation's staff (in Mission Jeunes, the Mission Locale) record one too: a mission the young person
  reports, at the temp agency they name.
- Whoever may see the person reads the whole path, whichever agency recorded each mission: the next agency (with
  consent) sees the missions the others recorded.
- Only the organisation that recorded a mission changes or cancels it, while it still may record for the person.
- A training reached (CPF, FAF.TT) is recorded with the same rights as a mission. Observers: nothing (404).
"""

from __future__ import annotations

from typing import TypeGuard

from tandem.access.permissions import Access, can_view_person, person_access
from tandem.accounts.models import Membership
from tandem.accounts.permissions import can_see_nominative_data
from tandem.career_paths.models import Mission
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation
from tandem.people.models import Person
from tandem.people.selectors import consent_stands


def is_temp_agency(organisation: Organisation) -> bool:
    return organisation.kind == OrganisationKind.TEMP_AGENCY


def can_see_path(membership: Membership | None, person: Person) -> TypeGuard[Membership]:
    return can_see_nominative_data(membership) and can_view_person(membership, person)


def can_record_for_person(membership: Membership | None, person: Person) -> TypeGuard[Membership]:
    """A temp agency's staff while the person's consent to their agency stands, or the lead organisation's staff."""
    if not can_see_nominative_data(membership):
        return False
    if is_temp_agency(membership.organisation):
        return consent_stands(person=person, organisation=membership.organisation) and can_view_person(
            membership, person
        )
    return person_access(membership, person) == Access.FULL


def can_record_mission(membership: Membership | None, person: Person, agency: Organisation) -> TypeGuard[Membership]:
    """The same, for a temp agency: a temp agency's staff for their own agency, the lead's for any temp agency."""
    if not is_temp_agency(agency) or not can_record_for_person(membership, person):
        return False
    return not is_temp_agency(membership.organisation) or membership.organisation_id == agency.pk


def can_change_mission(membership: Membership | None, mission: Mission) -> TypeGuard[Membership]:
    """The organisation that recorded it, while it may still record for the person."""
    return (
        can_see_nominative_data(membership)
        and membership.organisation_id == mission.organisation_id
        and can_record_for_person(membership, mission.person)
    )
