"""Choices of the exits from accompaniment and of the situation six months later (docs/exits.md)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# The situation is observed six months after the exit; a follow-up up to this many days earlier still counts (an
# adviser reaches the young person in the days before the date, rarely on it).
FOLLOW_UP_MONTHS = 6
FOLLOW_UP_TOLERANCE_DAYS = 15


class ExitStatus(models.TextChoices):
    RECORDED = "recorded", _("Enregistrée")
    CANCELLED = "cancelled", _("Annulée")


class ExitReason(models.TextChoices):
    EMPLOYMENT = "employment", _("Emploi")
    TRAINING = "training", _("Formation")
    OTHER_POSITIVE = "other_positive", _("Autre sortie positive (création d'entreprise, service militaire…)")
    MOVED_AWAY = "moved_away", _("Déménagement")
    NO_CONTACT = "no_contact", _("Plus de contact")
    SCHEME_END = "scheme_end", _("Fin de dispositif ou limite d'âge")
    OTHER = "other", _("Autre motif")


class ContractType(models.TextChoices):
    CDI = "cdi", _("CDI")
    CDD = "cdd", _("CDD")
    TEMP = "temp", _("Mission d'intérim")
    APPRENTICESHIP = "apprenticeship", _("Contrat d'apprentissage")
    PROFESSIONALISATION = "professionalisation", _("Contrat de professionnalisation")
    PEC = "pec", _("Contrat aidé (PEC)")
    IAE = "iae", _("Insertion par l'activité économique (IAE)")
    OTHER = "other", _("Autre contrat")


class CancelReason(models.TextChoices):
    TYPING_ERROR = "typing_error", _("Erreur de saisie")
    NOT_EXITED = "not_exited", _("La personne n'est pas sortie de l'accompagnement")
    DUPLICATE = "duplicate", _("Sortie enregistrée en double")
    OTHER = "other", _("Autre motif")


class Situation(models.TextChoices):
    EMPLOYMENT = "employment", _("En emploi")
    TRAINING = "training", _("En formation")
    JOB_SEEKING = "job_seeking", _("En recherche d'emploi")
    OTHER = "other", _("Autre situation")
    NOT_REACHED = "not_reached", _("Personne non jointe")
