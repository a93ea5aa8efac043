"""Choices of the missions along a path (docs/career_paths.md)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from tandem.people.enums import Scheme

# A day's work the path believes: more hours than this per calendar day of the mission is a typing error.
MAX_HOURS_PER_DAY = Decimal(12)
# The trainings a temp-work path reaches: the person's own account, or the temp sector's fund.
TRAINING_SCHEMES = (Scheme.TRAINING_CPF, Scheme.TRAINING_TEMP_SECTOR)


class MissionStatus(models.TextChoices):
    RECORDED = "recorded", _("Enregistrée")
    CANCELLED = "cancelled", _("Annulée")


class CancelReason(models.TextChoices):
    TYPING_ERROR = "typing_error", _("Erreur de saisie")
    NOT_HELD = "not_held", _("Mission non effectuée")
    DUPLICATE = "duplicate", _("Mission enregistrée en double")
    OTHER = "other", _("Autre motif")
