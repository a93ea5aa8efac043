"""The states of a barrier-lifting action and of a person's place in it (docs/barrier_actions.md)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Ouverte")
    CLOSED = "closed", _("Close")


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("A une place")
    WAITLISTED = "waitlisted", _("En liste d'attente")
    LEFT = "left", _("Sortie")
    COMPLETED = "completed", _("Action suivie jusqu'au bout")


# A person holds a place or waits for one: at most once per action in these states.
ACTIVE_STATUSES = (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED)
