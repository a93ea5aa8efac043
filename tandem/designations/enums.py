from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Ineligibility(models.TextChoices):
    """Why a person cannot be proposed to a Mission Locale (empty: eligible)."""

    NONE = "", _("Éligible")
    TOO_YOUNG = "too_young", _("Trop jeune")
    TOO_OLD = "too_old", _("Trop âgé·e")
    NO_COMMUNE = "no_commune", _("Commune de résidence inconnue")
    NOT_COVERED = "not_covered", _("Commune couverte par aucune Mission Locale")
    NO_PARTNERSHIP = "no_partnership", _("Pas de partenariat avec la Mission Locale")


class RecordOutcome(models.TextChoices):
    """What happened to the person's record."""

    CREATED = "created", _("Dossier créé")
    UPDATED = "updated", _("Dossier mis à jour")
    UNCHANGED = "unchanged", _("Dossier inchangé")
    NOT_LEAD = "not_lead", _("Dossier inchangé : seule l'organisation référente modifie l'identité")


class DesignationOutcome(models.TextChoices):
    """What happened to the proposal to the Mission Locale."""

    PROPOSED = "proposed", _("Proposé à la Mission Locale")
    ALREADY_PROPOSED = "already_proposed", _("Déjà proposé à la Mission Locale")
    ALREADY_FOLLOWED = "already_followed", _("Déjà suivi par la Mission Locale")
    NOT_ELIGIBLE = "not_eligible", _("Non éligible")
