"""How a convention's meetings and actions read on its timeline (tandem.events.timeline)."""

from __future__ import annotations

from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from tandem.events.enums import EventKind
from tandem.events.timeline import describes, label_of
from tandem.meetings.enums import ActionStatus, MeetingKind


def _meeting(payload: dict) -> str:
    starts_at = parse_datetime(payload.get("starts_at", "") or "")
    day = date_format(localtime(starts_at), "SHORT_DATE_FORMAT") if starts_at else ""
    return f"{label_of(MeetingKind, payload.get('meeting_kind', ''))} « {payload.get('meeting_title', '')} » ({day})"


@describes(
    EventKind.CONVENTION_MEETING_PLANNED,
    EventKind.CONVENTION_MEETING_HELD,
    EventKind.CONVENTION_MEETING_CANCELLED,
    EventKind.CONVENTION_MEETING_MINUTES,
    EventKind.CONVENTION_MEETING_APPROVED,
    EventKind.CONVENTION_DECISION_RECORDED,
)
def _meeting_event(event, context):
    return format_html(" : {}", _meeting(event.payload))


@describes(EventKind.CONVENTION_MEETING_UPDATED)
def _meeting_updated(event, context):
    return format_html(" : {} – {}", _meeting(event.payload), ", ".join(event.payload.get("fields", [])))


@describes(EventKind.CONVENTION_MEETING_ATTENDANCE)
def _attendance(event, context):
    payload = event.payload
    text = _("%(present)s présents, %(excused)s excusés, %(absent)s absents") % {
        "present": payload.get("present", 0),
        "excused": payload.get("excused", 0),
        "absent": payload.get("absent", 0),
    }
    return format_html(" : {} – {}", _meeting(payload), text)


@describes(
    EventKind.CONVENTION_ACTION_CREATED,
    EventKind.CONVENTION_ACTION_UPDATED,
    EventKind.CONVENTION_ACTION_STARTED,
    EventKind.CONVENTION_ACTION_DONE,
    EventKind.CONVENTION_ACTION_DROPPED,
)
def _action(event, context):
    payload = event.payload
    return format_html(
        " : « {} » ({}, {})",
        payload.get("action_title", ""),
        payload.get("year", ""),
        label_of(ActionStatus, payload.get("status", "")),
    )


@describes(EventKind.CONVENTION_ACTION_REVIEWED)
def _reviewed(event, context):
    payload = event.payload
    return format_html(" : « {} » – {}", payload.get("action_title", ""), _meeting(payload))
