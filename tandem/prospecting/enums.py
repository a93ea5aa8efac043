from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("En préparation")
    ACTIVE = "active", _("En cours")
    CLOSED = "closed", _("Clôturée")


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Prévue")
    REPORTED = "reported", _("Compte rendu saisi")
    CANCELLED = "cancelled", _("Annulée")


class VisitOutcome(models.TextChoices):
    OFFERS_COLLECTED = "offers_collected", _("Offres recueillies")
    NEEDS_TO_FOLLOW = "needs_to_follow", _("Besoins à suivre")
    NO_NEED = "no_need", _("Pas de besoin actuellement")
    NOT_MET = "not_met", _("Entreprise non rencontrée")


class ServicePresented(models.TextChoices):
    ANONYMOUS_CV = "anonymous_cv", _("CV anonymes")
    SUBSIDISED_CONTRACTS = "subsidised_contracts", _("Contrats aidés")
    APPRENTICESHIP = "apprenticeship", _("Apprentissage")
    IMMERSION = "immersion", _("Immersion (PMSMP)")
    INFORMATION_MEETING = "information_meeting", _("Réunion d'information employeurs")
