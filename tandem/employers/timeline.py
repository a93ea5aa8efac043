"""How the single contact's events read on a company's timeline (tandem.events.timeline)."""

from __future__ import annotations

from django.utils.html import format_html

from tandem.events.enums import EventKind
from tandem.events.timeline import describes


@describes(EventKind.EMPLOYER_REFERENT_ASSIGNED)
def _assigned(event, context):
    return format_html(" : {}", event.payload.get("organisation", ""))


@describes(EventKind.EMPLOYER_REFERENT_HANDED_OVER)
def _handed_over(event, context):
    payload = event.payload
    return format_html(" : {} → {}", payload.get("previous_organisation", ""), payload.get("organisation", ""))
