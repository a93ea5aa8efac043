"""How employer events read on a timeline (tandem.events.timeline): the company's (invited, confirmed, took part)
and the person's (registered, present, what came of it)."""

from __future__ import annotations

import datetime

from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext as _

from tandem.employer_events.enums import EventFormat, ParticipationOutcome
from tandem.events.enums import EventKind
from tandem.events.timeline import describes, label_of


def _event_name(payload: dict) -> str:
    """« job dating « Contrats aidés » du 12/03/2026 »: the event as its title and day."""
    try:
        day = formats.date_format(datetime.date.fromisoformat(payload.get("held_on", "")), "SHORT_DATE_FORMAT")
    except ValueError:
        day = ""
    return _("%(format)s « %(title)s » du %(day)s") % {
        "format": label_of(EventFormat, payload.get("format", "")).lower(),
        "title": payload.get("title", ""),
        "day": day,
    }


@describes(
    EventKind.EMPLOYER_EVENT_CREATED,
    EventKind.EMPLOYER_EVENT_UPDATED,
    EventKind.EMPLOYER_EVENT_HELD,
    EventKind.EMPLOYER_EVENT_CANCELLED,
    EventKind.EMPLOYER_EVENT_INVITED,
    EventKind.EMPLOYER_EVENT_CONFIRMED,
    EventKind.EMPLOYER_EVENT_DECLINED,
    EventKind.EMPLOYER_EVENT_ATTENDED,
    EventKind.EMPLOYER_EVENT_MISSED,
    EventKind.EMPLOYER_EVENT_REGISTERED,
    EventKind.EMPLOYER_EVENT_ABSENT,
)
def _event(event, context):
    return format_html(" : {}", _event_name(event.payload))


@describes(EventKind.EMPLOYER_EVENT_PRESENT, EventKind.EMPLOYER_EVENT_OUTCOME)
def _present(event, context):
    outcome = event.payload.get("outcome", "")
    if not outcome:
        return format_html(" : {}", _event_name(event.payload))
    return format_html(" : {} – {}", _event_name(event.payload), label_of(ParticipationOutcome, outcome))
