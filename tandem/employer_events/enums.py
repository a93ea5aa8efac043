"""Choices of employer events: what kind of event, on what theme, and the states of its rows."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventFormat(models.TextChoices):
    INFORMATION_MEETING = "information_meeting", _("Réunion d'information")
    JOB_DATING = "job_dating", _("Job dating")
    FORUM = "forum", _("Forum")
    # Collective sessions with temp agencies (seed 003): an agency presents its jobs, or the temp worker's rights,
    # at the Mission Locale; agency staff take part in a CEJ / Garantie Jeunes group session.
    JOB_PRESENTATION = "job_presentation", _("Présentation de métiers et d'offres par une agence d'emploi")
    GROUP_SESSION = "group_session", _("Séance collective CEJ / Garantie Jeunes")
    OTHER = "other", _("Autre événement")


class EventTheme(models.TextChoices):
    SUBSIDISED_CONTRACTS = "subsidised_contracts", _("Contrats aidés")
    APPRENTICESHIP = "apprenticeship", _("Apprentissage")
    IMMERSION = "immersion", _("Immersion (PMSMP)")
    RECRUITMENT = "recruitment", _("Recrutement")
    SECTOR = "sector", _("Découverte d'un secteur")
    OTHER = "other", _("Autre")


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("Prévu")
    HELD = "held", _("Tenu")
    CANCELLED = "cancelled", _("Annulé")


class InvitationStatus(models.TextChoices):
    INVITED = "invited", _("Invitée")
    CONFIRMED = "confirmed", _("Venue confirmée")
    DECLINED = "declined", _("Invitation déclinée")
    ATTENDED = "attended", _("Présente")
    ABSENT = "absent", _("Absente")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Inscrit·e")
    PRESENT = "present", _("Présent·e")
    ABSENT = "absent", _("Absent·e")


class ParticipationOutcome(models.TextChoices):
    INTERVIEW = "interview", _("Entretien d'embauche obtenu")
    HIRED = "hired", _("Embauché·e")
    MISSION = "mission", _("Mission d'intérim")
    NOTHING_YET = "nothing_yet", _("Pas de suite pour l'instant")
