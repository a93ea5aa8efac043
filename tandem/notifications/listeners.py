"""The events that tell someone something, heard once committed (tandem.events.listeners)."""

from __future__ import annotations

from collections.abc import Sequence

from tandem.events.listeners import listens
from tandem.events.models import Event
from tandem.notifications.services import NOTIFYING_EVENTS, notifications_from_events


@listens(*NOTIFYING_EVENTS)
def notify(events: Sequence[Event]) -> None:
    notifications_from_events(events=events)
