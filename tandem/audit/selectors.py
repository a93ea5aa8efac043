"""Reads of the audit log, scoped to what the caller may see."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from tandem.accounts.models import Membership, User
from tandem.audit import permissions
from tandem.audit.models import AuditEntry


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_entry_list_for(
    *,
    user: User,
    membership: Membership | None,
    person_id: int | None = None,
    email: str = "",
    action: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEntry]:
    """Entries of the acting organisation (managers) or all of them (administrators), newest first."""
    if not permissions.can_view_audit_log(user, membership):
        return AuditEntry.objects.none()
    entries = AuditEntry.objects.all()
    if not user.is_administrator:
        if membership is None:  # can_view_audit_log lets only a manager's membership here: never fall open
            return AuditEntry.objects.none()
        entries = entries.filter(organisation_id=membership.organisation_id)
    if person_id is not None:
        entries = entries.filter(person_id=person_id)
    if email:
        entries = entries.filter(user__email__iexact=email.strip())
    if action:
        entries = entries.filter(action=action)
    # Day bounds as aware datetimes in the local time zone, so the (organisation, at) index is used.
    if date_from is not None:
        entries = entries.filter(at__gte=_day_start(date_from))
    if date_to is not None:
        entries = entries.filter(at__lt=_day_start(date_to + datetime.timedelta(days=1)))
    return entries.select_related("user", "api_token", "organisation").order_by("-at", "-id")
