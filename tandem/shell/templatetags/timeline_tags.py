"""Timeline rendering: `{% event_detail event notes %}` reads as each app registered (tandem.events.timeline)."""

from __future__ import annotations

from django import template

from tandem.events.timeline import event_detail as detail_of

register = template.Library()


@register.simple_tag
def event_detail(event, notes: dict) -> str:
    return detail_of(event, {"notes": notes})
