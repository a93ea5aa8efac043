"""The places left of an action read with its counts (tandem.barrier_actions.selectors.with_counts)."""

from __future__ import annotations

from django import template

from tandem.barrier_actions.models import BarrierAction

register = template.Library()


@register.filter
def places_left(action: BarrierAction) -> int:
    return max(action.capacity - getattr(action, "taken", 0), 0)
