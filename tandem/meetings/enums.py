"""Choices of a convention's meetings and of its joint action plan."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    STEERING = "steering", _("Comité de pilotage")
    COORDINATION = "coordination", _("Réunion de coordination")
    DIRECTORS = "directors", _("Comité des directeurs")
    NATIONAL = "national", _("Comité national")
    TECHNICAL = "technical", _("Comité technique")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Prévue")
    HELD = "held", _("Tenue")
    APPROVED = "approved", _("Compte rendu approuvé")
    CANCELLED = "cancelled", _("Annulée")


# A meeting that took place: it counts towards the cadence.
HELD_STATES = {MeetingStatus.HELD, MeetingStatus.APPROVED}


class Attendance(models.TextChoices):
    PRESENT = "present", _("Présent")
    EXCUSED = "excused", _("Excusé")
    ABSENT = "absent", _("Absent")


class ActionStatus(models.TextChoices):
    TODO = "todo", _("À faire")
    IN_PROGRESS = "in_progress", _("En cours")
    DONE = "done", _("Réalisée")
    DROPPED = "dropped", _("Abandonnée")


# An action still to carry out: overdue once its due date has passed.
OPEN_ACTION_STATES = {ActionStatus.TODO, ActionStatus.IN_PROGRESS}
