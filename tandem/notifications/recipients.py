"""Who is told, one rule each: written once so that a change of who receives a referral (a Mission Locale's
site) or of who counts as staff flows into every notification.

- a referral received, a deadline tomorrow: the staff (advisers, managers) of the organisation that receives it;
- an answer to a referral: the adviser who proposed it, else (gone, or a file without an author) the sending
  organisation's staff;
- a positioning moved by the organisation that shares the offer: the adviser who proposed the person, else the
  proposing organisation's staff.

Only active members with a role that sees people by name, only active accounts; never the person who acted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from tandem.accounts.enums import Role
from tandem.accounts.models import Membership
from tandem.accounts.permissions import NOMINATIVE_ROLES
from tandem.referrals.models import Referral

# The staff told of what their organisation receives, as the daily reminders always were.
STAFF_ROLES = frozenset({Role.ADVISER, Role.MANAGER})


def referral_receiving_organisation_id(referral: Referral) -> int:
    """The organisation whose staff answer the referral and follow its first meeting."""
    return referral.to_organisation_id


class Staff:
    """The active members of some organisations, read in one query."""

    def __init__(self, organisation_ids: Iterable[int]) -> None:
        self._staff: dict[int, set[int]] = defaultdict(set)
        self._members: dict[int, set[int]] = defaultdict(set)
        rows = (
            Membership.objects.active()
            .filter(organisation_id__in=set(organisation_ids), role__in=NOMINATIVE_ROLES, user__is_active=True)
            .values_list("organisation_id", "user_id", "role")
        )
        for organisation_id, user_id, role in rows:
            self._members[organisation_id].add(user_id)
            if role in STAFF_ROLES:
                self._staff[organisation_id].add(user_id)

    def of(self, organisation_id: int) -> set[int]:
        """Its advisers and managers."""
        return set(self._staff.get(organisation_id, ()))

    def person_or_staff(self, user_id: int | None, organisation_id: int) -> set[int]:
        """The named person while they still act for the organisation, else its staff."""
        if user_id is not None and user_id in self._members.get(organisation_id, ()):
            return {user_id}
        return self.of(organisation_id)
