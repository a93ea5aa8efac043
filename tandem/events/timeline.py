"""How each kind of event reads on a timeline (a person's today; an employer's or a convention's tomorrow).

Each app registers the kinds it writes, in its own `timeline.py` (imported when the app is ready):

    @describes(EventKind.REFERRAL_REFUSED)
    def _refused(event, context):
        return format_html(" : {}", label_of(RefusalReason, event.payload.get("reason", "")))

A detail is a short text after the event's title; `context` carries what the page already read (the notes the
reader may see, by id).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.db.models import TextChoices

from tandem.events.models import Event

Detail = Callable[[Event, Mapping[str, Any]], str]
_DETAILS: dict[str, Detail] = {}


def describes(*kinds: str) -> Callable[[Detail], Detail]:
    def register(detail: Detail) -> Detail:
        for kind in kinds:
            if kind in _DETAILS:
                raise ValueError(f"The event kind {kind!r} is already described")
            _DETAILS[kind] = detail
        return detail

    return register


def event_detail(event: Event, context: Mapping[str, Any]) -> str:
    detail = _DETAILS.get(event.kind)
    return detail(event, context) if detail is not None else ""


def label_of(choices: type[TextChoices], value: str) -> str:
    """The label of a code kept in a payload; the code itself when it is no longer one of the choices."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value
