"""How barrier-lifting actions read on a timeline (tandem.events.timeline): the action's (created, changed,
closed) and the person's (a place, the waiting list, a place freed for them, left, completed)."""

from __future__ import annotations

from django.utils.html import format_html

from tandem.events.enums import EventKind
from tandem.events.timeline import describes, label_of
from tandem.people.enums import BarrierKind


@describes(
    EventKind.BARRIER_ACTION_CREATED,
    EventKind.BARRIER_ACTION_UPDATED,
    EventKind.BARRIER_ACTION_CLOSED,
    EventKind.BARRIER_ACTION_ENROLLED,
    EventKind.BARRIER_ACTION_WAITLISTED,
    EventKind.BARRIER_ACTION_PROMOTED,
    EventKind.BARRIER_ACTION_LEFT,
    EventKind.BARRIER_ACTION_COMPLETED,
)
def _action(event, context):
    return format_html(" ({})", label_of(BarrierKind, event.payload.get("barrier_kind", "")).lower())
