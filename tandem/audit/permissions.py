"""Who may read the audit log: one function per rule."""

from __future__ import annotations

from tandem.accounts.enums import Role
from tandem.accounts.models import Membership, User


def can_view_audit_log(user: User, membership: Membership | None) -> bool:
    """Managers read their organisation's entries, platform administrators every entry; nobody else."""
    if user.is_administrator:
        return True
    return membership is not None and membership.role == Role.MANAGER
