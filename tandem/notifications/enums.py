from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    REFERRAL_RECEIVED = "referral_received", _("Orientation reçue")
    REFERRAL_ANSWERED = "referral_answered", _("Réponse à une orientation")
    DEADLINE_NEAR = "deadline_near", _("Échéance demain")
    POSITIONING_MOVED = "positioning_moved", _("Mise en relation : du nouveau")


class EmailFrequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Un courriel à chaque notification")
    DAILY = "daily", _("Un récapitulatif par jour (le matin)")
    NONE = "none", _("Aucun courriel : je consulte mes notifications dans Tandem")


class Deadline(models.TextChoices):
    """Which date of a referral falls tomorrow."""

    ANSWER = "answer", _("réponse")
    MEETING = "meeting", _("premier rendez-vous")
