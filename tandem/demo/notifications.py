"""The demo's notifications, as if Tandem had been in use while the stories were lived: drawn from the events the
load wrote, each dated by its event, and the older ones already read. Without this, the listener would tell
everything at once on commit, months of news unread and dated today; it now finds them told and adds nothing.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from tandem.events.models import Event
from tandem.notifications.models import Notification
from tandem.notifications.services import NOTIFYING_EVENTS, notifications_from_events

# What happened in the last days is still unread; what is older was read an hour after it came.
UNREAD_DAYS = 7
READ_AFTER = datetime.timedelta(hours=1)


def last_event_id() -> int:
    return Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@transaction.atomic
def demo_notifications_create(*, after_event_id: int) -> int:
    """Notifications of the events written after `after_event_id` (this load's); returns how many."""
    events = list(Event.objects.filter(pk__gt=after_event_id, kind__in=NOTIFYING_EVENTS).order_by("pk"))
    created = notifications_from_events(events=events)
    if not created:
        return 0
    told = Notification.objects.filter(pk__in=[n.pk for n in created])
    told.update(created_at=Subquery(Event.objects.filter(pk=OuterRef("event_id")).values("occurred_at")[:1]))
    read_before = timezone.now() - datetime.timedelta(days=UNREAD_DAYS)
    told.filter(created_at__lt=read_before).update(read_at=F("created_at") + READ_AFTER, emailed_at=F("created_at"))
    return len(created)
