"""Who may do what in joint prospecting: one function per rule.

A campaign belongs to the partners involved in it (its organisations): their staff see it, plan and report its
visits; their managers create it, change it, build and split its target list and form its pairs. Nobody else
sees it (404). State observers see people by name nowhere, so not here either (the pairs are named advisers).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TypeGuard

from tandem.accounts.models import Membership
from tandem.accounts.permissions import MANAGING_ROLES, can_see_nominative_data


def can_create_campaign(membership: Membership | None) -> TypeGuard[Membership]:
    """A manager creates a campaign for their organisation."""
    return membership is not None and membership.role in MANAGING_ROLES


def can_see_campaign(membership: Membership | None, partner_ids: Collection[int]) -> TypeGuard[Membership]:
    """Staff of one of the campaign's organisations see it, its pairs, targets and visits."""
    return can_see_nominative_data(membership) and membership.organisation_id in partner_ids


def can_manage_campaign(membership: Membership | None, partner_ids: Collection[int]) -> TypeGuard[Membership]:
    """Managers of one of the campaign's organisations change it, its target list and its pairs."""
    return can_see_campaign(membership, partner_ids) and membership.role in MANAGING_ROLES


def can_act_in_campaign(membership: Membership | None, partner_ids: Collection[int]) -> TypeGuard[Membership]:
    """Staff of one of the campaign's organisations plan, report and cancel its visits."""
    return can_see_campaign(membership, partner_ids)
