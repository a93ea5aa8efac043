"""How missions read on the person's timeline (tandem.events.timeline): the agency, the dates, the hours, and why
a mission was cancelled."""

from __future__ import annotations

import datetime

from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext as _

from tandem.career_paths.enums import CancelReason
from tandem.events.enums import EventKind
from tandem.events.timeline import describes, label_of


def _day(value: str) -> str:
    try:
        return formats.date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    except ValueError:
        return ""


def _mission(payload: dict) -> str:
    """« Intérim Plus, depuis le 02/03/2026 » or « Intérim Plus, du 02/03/2026 au 13/03/2026 »."""
    start, end = _day(payload.get("starts_on", "")), _day(payload.get("ends_on", ""))
    if end:
        return _("%(agency)s, du %(start)s au %(end)s") % {
            "agency": payload.get("agency", ""),
            "start": start,
            "end": end,
        }
    return _("%(agency)s, depuis le %(start)s") % {"agency": payload.get("agency", ""), "start": start}


@describes(EventKind.MISSION_RECORDED, EventKind.MISSION_UPDATED)
def _recorded(event, context):
    return format_html(" : {}", _mission(event.payload))


@describes(EventKind.MISSION_CANCELLED)
def _cancelled(event, context):
    return format_html(" : {} – {}", _mission(event.payload), label_of(CancelReason, event.payload.get("reason", "")))
