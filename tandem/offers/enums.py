from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OfferSource(models.TextChoices):
    FRANCE_TRAVAIL = "france_travail", _("France Travail")
    PARTNER = "partner", _("Organisation partenaire")
    TEMP_AGENCY = "temp_agency", _("Agence d'emploi")
    EMPLOYER = "employer", _("Employeur en direct")


class ContractType(models.TextChoices):
    CDI = "cdi", _("CDI")
    CDD = "cdd", _("CDD")
    TEMP = "temp", _("Mission d'intérim")
    SEASONAL = "seasonal", _("Saisonnier")
    APPRENTICESHIP = "apprenticeship", _("Contrat d'apprentissage")
    PROFESSIONALISATION = "professionalisation", _("Contrat de professionnalisation")
    PEC = "pec", _("Parcours emploi compétences (PEC)")
    CUI_CAE = "cui_cae", _("CUI-CAE (historique)")
    CUI_CIE = "cui_cie", _("CUI-CIE (historique)")
    EMPLOI_AVENIR = "emploi_avenir", _("Emploi d'avenir (historique)")
    IAE = "iae", _("Insertion par l'activité économique (IAE)")
    OTHER = "other", _("Autre")


class WorkingTime(models.TextChoices):
    FULL_TIME = "full_time", _("Temps plein")
    PART_TIME = "part_time", _("Temps partiel")
    UNKNOWN = "", _("Non précisé")


class ExperienceRequirement(models.TextChoices):
    BEGINNER = "D", _("Débutant accepté")
    WISHED = "S", _("Expérience souhaitée")
    REQUIRED = "E", _("Expérience exigée")
    UNKNOWN = "", _("Non précisé")


class OfferStatus(models.TextChoices):
    OPEN = "open", _("Ouverte")
    FILLED = "filled", _("Pourvue")
    EXPIRED = "expired", _("Expirée")
    WITHDRAWN = "withdrawn", _("Retirée")


class SharingScope(models.TextChoices):
    OWN = "own", _("Notre organisation seulement")
    PARTNERS = "partners", _("Nos partenaires")
    TERRITORY = "territory", _("Tous les partenaires du territoire")


class PositioningStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposée")
    SENT = "sent", _("Envoyée à l'employeur")
    INTERVIEW = "interview", _("Entretien")
    HIRED = "hired", _("Embauche")
    NOT_RETAINED = "not_retained", _("Non retenue")
    WITHDRAWN = "withdrawn", _("Retirée par la personne")


OPEN_POSITIONING_STATUSES = [PositioningStatus.PROPOSED, PositioningStatus.SENT, PositioningStatus.INTERVIEW]


class CvKind(models.TextChoices):
    ANONYMOUS = "anonymous", _("CV anonyme")
    FULL = "full", _("CV complet")


class NotRetainedReason(models.TextChoices):
    PROFILE = "profile", _("Profil ne correspondant pas")
    OTHER_CANDIDATE = "other_candidate", _("Autre candidat retenu")
    NO_SHOW = "no_show", _("Absence à l'entretien")
    OFFER_CANCELLED = "offer_cancelled", _("Offre annulée")
    OTHER = "other", _("Autre")
