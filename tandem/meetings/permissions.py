"""Who may see and write a convention's meetings and action plan: one function per rule (docs/meetings.md).

- Whoever sees the convention sees its meetings and its plan (tandem.partnerships.permissions.can_see_convention,
  the one rule of who sees a convention); nobody else learns they exist (404).
- The managers of a party to the convention (any role: signatory, reference site, associated; a Mission Locale's
  site with its Mission Locale) and platform administrators write them. Observers and advisers read only.
- An action's owner person may also move its status (started, done, dropped), nothing else.
"""

from __future__ import annotations

from tandem.accounts.models import Membership, User
from tandem.accounts.permissions import MANAGING_ROLES
from tandem.meetings.models import PlanAction
from tandem.organisations.models import Organisation
from tandem.organisations.selectors import parties_with_sites
from tandem.partnerships.models import Convention
from tandem.partnerships.permissions import can_see_convention

__all__ = [
    "can_see_convention",
    "can_write_governance",
    "can_move_action",
    "convention_party_ids",
]


def convention_party_ids(convention: Convention) -> set[int]:
    """The convention's parties and the sites of the Missions Locales among them. Read once per instance."""
    cached: set[int] | None = getattr(convention, "_governance_party_ids", None)
    if cached is None:
        cached = parties_with_sites(Organisation.objects.filter(convention_parties__convention=convention.pk))
        convention._governance_party_ids = cached  # type: ignore[attr-defined]
    return cached


def can_write_governance(user: User | None, membership: Membership | None, convention: Convention) -> bool:
    """Meetings, their minutes and decisions, the cadence and the actions: a party's managers, platform admins.
    `user` is None for a partner system's token (its membership stands for its organisation and role)."""
    if user is not None and user.is_administrator:
        return True
    return (
        membership is not None
        and membership.role in MANAGING_ROLES
        and membership.organisation_id in convention_party_ids(convention)
    )


def can_move_action(user: User | None, membership: Membership | None, action: PlanAction) -> bool:
    """An action's status: whoever writes the plan, and the action's owner person acting for a party."""
    if can_write_governance(user, membership, action.convention):
        return True
    return (
        membership is not None
        and user is not None
        and action.owner_id is not None
        and action.owner_id == user.pk
        and membership.user_id == user.pk
        and membership.organisation_id in convention_party_ids(action.convention)
    )
