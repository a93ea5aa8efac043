"""Reads of notifications: a person reads only their own."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from tandem.accounts.models import User
from tandem.notifications.enums import EmailFrequency
from tandem.notifications.models import Notification, NotificationPreference


def notification_list_for(*, user: User) -> QuerySet[Notification]:
    """The person's notifications, newest first."""
    return Notification.objects.filter(recipient=user).select_related("organisation").order_by("-created_at", "-id")


def notification_get_for(*, user: User, pk: int) -> Notification:
    """One of the person's own notifications; anyone else's is 404 (it is not told apart from none)."""
    notification = Notification.objects.filter(recipient=user, pk=pk).first()
    if notification is None:
        raise Http404
    return notification


def notification_unread_count_for(*, user: User) -> int:
    """The header's badge: one query (the index of unread notifications)."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def email_frequency_of(*, user: User) -> str:
    frequency = NotificationPreference.objects.filter(user=user).values_list("email_frequency", flat=True).first()
    return frequency or EmailFrequency.DAILY
