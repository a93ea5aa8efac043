"""Labels of the codes a convention keeps in lists (its ways of working, a secondment's missions)."""

from __future__ import annotations

from django import template
from django.db.models import TextChoices

from tandem.events.timeline import label_of
from tandem.partnerships.enums import SecondmentMission, WayOfWorking

register = template.Library()
CHOICES: dict[str, type[TextChoices]] = {"missions": SecondmentMission, "ways": WayOfWorking}


@register.filter
def labels(codes: list[str], kind: str) -> list[str]:
    return [label_of(CHOICES[kind], code) for code in codes or []]
