"""Choices of immersions: a staff member's immersion at a partner, and a young person's immersion in a company
(PMSMP, « période de mise en situation en milieu professionnel »)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffImmersionStatus(models.TextChoices):
    PLANNED = "planned", _("Prévue")
    DONE = "done", _("Réalisée")
    CANCELLED = "cancelled", _("Annulée")


class PmsmpStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposée")
    SIGNED = "signed", _("Convention signée")
    IN_PROGRESS = "in_progress", _("En cours")
    ASSESSED = "assessed", _("Terminée et évaluée")
    CANCELLED = "cancelled", _("Annulée")


class PmsmpObjective(models.TextChoices):
    """The three objectives a PMSMP may have (Code du travail, art. D. 5135-2)."""

    DISCOVER = "discover", _("Découvrir un métier ou un secteur d'activité")
    CONFIRM = "confirm", _("Confirmer un projet professionnel")
    RECRUIT = "recruit", _("Initier une démarche de recrutement")


class PmsmpResult(models.TextChoices):
    HIRING_OFFERED = "hiring_offered", _("Embauche proposée")
    PROJECT_CONFIRMED = "project_confirmed", _("Projet confirmé")
    PROJECT_TO_REVIEW = "project_to_review", _("Projet à revoir")
    OTHER = "other", _("Autre")


OPEN_PMSMP_STATUSES = (PmsmpStatus.PROPOSED, PmsmpStatus.SIGNED, PmsmpStatus.IN_PROGRESS)
