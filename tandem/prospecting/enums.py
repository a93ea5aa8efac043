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


class SizeBracket(models.TextChoices):
    """INSEE's head-count brackets (tranche d'effectifs salariés), as Sirene codes them."""

    NN = "NN", _("Non employeuse ou effectif inconnu")
    NONE = "00", _("0 salarié")
    FROM_1 = "01", _("1 ou 2 salariés")
    FROM_3 = "02", _("3 à 5 salariés")
    FROM_6 = "03", _("6 à 9 salariés")
    FROM_10 = "11", _("10 à 19 salariés")
    FROM_20 = "12", _("20 à 49 salariés")
    FROM_50 = "21", _("50 à 99 salariés")
    FROM_100 = "22", _("100 à 199 salariés")
    FROM_200 = "31", _("200 à 249 salariés")
    FROM_250 = "32", _("250 à 499 salariés")
    FROM_500 = "41", _("500 à 999 salariés")
    FROM_1000 = "42", _("1 000 à 1 999 salariés")
    FROM_2000 = "51", _("2 000 à 4 999 salariés")
    FROM_5000 = "52", _("5 000 à 9 999 salariés")
    FROM_10000 = "53", _("10 000 salariés et plus")
