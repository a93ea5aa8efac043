"""Who may exercise a person's rights on their record: one function per rule."""

from __future__ import annotations

from tandem.access.permissions import Access, person_access
from tandem.accounts.models import Membership
from tandem.people.models import Person


def can_export_person(membership: Membership | None, person: Person) -> bool:
    """The lead organisation answers the person's right of access: it alone sees the whole record."""
    return person_access(membership, person) == Access.FULL
