"""How positionings read on a person's timeline (tandem.events.timeline)."""

from __future__ import annotations

from django.utils.html import format_html

from tandem.events.enums import EventKind
from tandem.events.timeline import describes, label_of
from tandem.offers.enums import ContractType, CvKind, NotRetainedReason


@describes(EventKind.POSITIONING_SENT)
def _sent(event, context):
    return format_html(" : {} ({})", event.payload.get("offer", ""), label_of(CvKind, event.payload.get("cv_kind", "")))


@describes(EventKind.POSITIONING_HIRED)
def _hired(event, context):
    payload = event.payload
    return format_html(" : {} – {}", payload.get("offer", ""), label_of(ContractType, payload.get("contract_type", "")))


@describes(EventKind.POSITIONING_NOT_RETAINED)
def _not_retained(event, context):
    payload = event.payload
    return format_html(" : {} – {}", payload.get("offer", ""), label_of(NotRetainedReason, payload.get("reason", "")))


@describes(EventKind.POSITIONING_PROPOSED, EventKind.POSITIONING_INTERVIEW, EventKind.POSITIONING_WITHDRAWN)
def _offer(event, context):
    return format_html(" : {}", event.payload.get("offer", ""))
