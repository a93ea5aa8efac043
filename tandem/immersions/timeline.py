"""How immersions read on a timeline (tandem.events.timeline): a PMSMP on the person's, a staff immersion on its
own page."""

from __future__ import annotations

import datetime

from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext as _

from tandem.events.enums import EventKind
from tandem.events.timeline import describes, label_of
from tandem.immersions.enums import PmsmpObjective, PmsmpResult


def _day(value: str) -> str:
    try:
        return formats.date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    except (TypeError, ValueError):
        return ""


def _period(payload: dict) -> str:
    return _("du %(start)s au %(end)s") % {
        "start": _day(payload.get("starts_on", "")),
        "end": _day(payload.get("ends_on", "")),
    }


@describes(
    EventKind.STAFF_IMMERSION_PLANNED,
    EventKind.STAFF_IMMERSION_UPDATED,
    EventKind.STAFF_IMMERSION_DONE,
    EventKind.STAFF_IMMERSION_CANCELLED,
)
def _staff(event, context):
    payload = event.payload
    return format_html(
        " : {} → {}, {}", payload.get("sending_name", ""), payload.get("host_name", ""), _period(payload)
    )


@describes(
    EventKind.PMSMP_PROPOSED,
    EventKind.PMSMP_UPDATED,
    EventKind.PMSMP_SIGNED,
    EventKind.PMSMP_STARTED,
    EventKind.PMSMP_CANCELLED,
)
def _pmsmp(event, context):
    payload = event.payload
    return format_html(
        " : {} {}, {} ({})",
        _("chez"),
        payload.get("employer_name", ""),
        _period(payload),
        label_of(PmsmpObjective, payload.get("objective", "")),
    )


@describes(EventKind.PMSMP_ASSESSED)
def _assessed(event, context):
    payload = event.payload
    return format_html(
        " : {} {}, {} – {}",
        _("chez"),
        payload.get("employer_name", ""),
        _period(payload),
        label_of(PmsmpResult, payload.get("result", "")),
    )
