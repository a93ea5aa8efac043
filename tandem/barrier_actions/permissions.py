"""Who may do what with barrier-lifting actions: one function per rule (docs/barrier_actions.md).

- The catalogue of actions is no personal data: every member of a partner reads it, observers included, with its
  counts (places taken and left, the waiting list's length).
- The owner's managers (accounts.permissions.MANAGING_ROLES) create, change and close its actions. Nobody else
  learns more than a reader does: their writes answer 404.
- A person is referred to an action only by staff who may see them (tandem.access.permissions: lead, contributor,
  open referral; a temp agency while the consent stands). The rows of an action name a person only for those who
  may see them; the others read « Personne orientée par <organisation> ». Observers see no row.
- Leaving and completing are recorded by the referring organisation's staff or by the owner's managers.
"""

from __future__ import annotations

from typing import TypeGuard

from tandem.access.permissions import can_view_person
from tandem.accounts.models import Membership
from tandem.accounts.permissions import MANAGING_ROLES, can_see_nominative_data
from tandem.barrier_actions.models import BarrierAction, Enrolment
from tandem.people.models import Person


def can_read_actions(membership: Membership | None) -> TypeGuard[Membership]:
    """Every member of a partner, observers included (counts only)."""
    return membership is not None


def can_create_actions(membership: Membership | None) -> TypeGuard[Membership]:
    """A manager adds actions for their organisation."""
    return membership is not None and membership.role in MANAGING_ROLES


def can_manage_action(membership: Membership | None, action: BarrierAction) -> TypeGuard[Membership]:
    """The owner's managers change and close it."""
    return can_create_actions(membership) and membership.organisation_id == action.organisation_id


def can_see_enrolments(membership: Membership | None) -> TypeGuard[Membership]:
    """The rows of an action (a name only where the person may be seen): staff, never observers."""
    return can_see_nominative_data(membership)


def can_enrol_person(membership: Membership | None, person: Person) -> TypeGuard[Membership]:
    """Staff who may see the person refer them to any open action."""
    return can_see_nominative_data(membership) and can_view_person(membership, person)


def can_end_enrolment(membership: Membership | None, enrolment: Enrolment) -> TypeGuard[Membership]:
    """The referring organisation's staff, or the owner's managers, record that the person left or completed."""
    if not can_see_nominative_data(membership):
        return False
    return membership.organisation_id == enrolment.organisation_id or can_manage_action(membership, enrolment.action)
