"""A row's state as a DSFR badge, in the tone its workflow gives it (tandem.core.workflows)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from tandem.core.workflows import workflow_of

register = template.Library()


@register.simple_tag
def status_badge(row, element_id: str = "") -> str:
    tone = workflow_of(row).tone(row.status)
    id_attribute = format_html(' id="{}"', element_id) if element_id else ""
    return format_html('<span class="fr-badge fr-badge--{}"{}>{}</span>', tone, id_attribute, row.get_status_display())
