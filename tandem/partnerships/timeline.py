"""How a convention's events read on its timeline (tandem.events.timeline)."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.translation import gettext as _

from tandem.events.enums import EventKind
from tandem.events.timeline import describes, label_of
from tandem.partnerships.enums import Indicator, PartyRole


@describes(EventKind.CONVENTION_CREATED, EventKind.CONVENTION_ACTIVATED)
def _convention(event, context):
    return format_html(" : {}", event.payload.get("title", ""))


@describes(EventKind.CONVENTION_SIGNED)
def _signed(event, context):
    return format_html(" : {} ({})", event.payload.get("title", ""), event.payload.get("signed_on", ""))


@describes(EventKind.CONVENTION_ENDED)
def _ended(event, context):
    return format_html(" : {}", _("dernier jour le %(day)s") % {"day": event.payload.get("ends_on", "")})


@describes(EventKind.CONVENTION_UPDATED)
def _updated(event, context):
    return format_html(" : {}", ", ".join(event.payload.get("fields", [])))


@describes(EventKind.CONVENTION_PARTY_ADDED, EventKind.CONVENTION_PARTY_CHANGED)
def _party(event, context):
    return format_html(" : {} ({})", event.payload.get("name", ""), label_of(PartyRole, event.payload.get("role", "")))


@describes(EventKind.CONVENTION_PARTY_REMOVED)
def _party_removed(event, context):
    return format_html(" : {}", event.payload.get("name", ""))


@describes(EventKind.CONVENTION_TARGET_SET, EventKind.CONVENTION_TARGET_REMOVED)
def _target(event, context):
    payload = event.payload
    period = payload.get("year") or f"{payload.get('starts_on', '')} – {payload.get('ends_on', '')}"
    return format_html(
        " : {} {} : {}", label_of(Indicator, payload.get("indicator", "")), period, payload.get("value", "")
    )


@describes(
    EventKind.CONVENTION_SECONDMENT_ADDED,
    EventKind.CONVENTION_SECONDMENT_CHANGED,
    EventKind.CONVENTION_SECONDMENT_REMOVED,
)
def _secondment(event, context):
    payload = event.payload
    text = _("%(fte)s ETP de %(source)s à %(target)s") % {
        "fte": payload.get("fte", ""),
        "source": payload.get("from", ""),
        "target": payload.get("to", ""),
    }
    return format_html(" : {}", text)


@describes(EventKind.CONVENTION_DOCUMENT_ADDED)
def _document(event, context):
    return format_html(" : {}", event.payload.get("document_title", ""))
