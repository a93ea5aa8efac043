from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FtCategory(models.TextChoices):
    A = "A", _("Catégorie A (sans emploi)")
    B = "B", _("Catégorie B (activité réduite ≤ 78 h)")
    C = "C", _("Catégorie C (activité réduite > 78 h)")
    D = "D", _("Catégorie D (non immédiatement disponible)")
    E = "E", _("Catégorie E (en emploi)")


class HousingSituation(models.TextChoices):
    UNKNOWN = "", _("Non renseigné")
    OWN = "own", _("Logement autonome")
    FAMILY = "family", _("Hébergé·e par la famille")
    FRIENDS = "friends", _("Hébergé·e par des tiers")
    TEMPORARY = "temporary", _("Hébergement temporaire ou d'urgence")
    HOMELESS = "homeless", _("Sans domicile")


class BarrierKind(models.TextChoices):
    MOBILITY = "mobility", _("Mobilité et permis de conduire")
    CHILDCARE = "childcare", _("Garde d'enfants")
    HOUSING = "housing", _("Logement")
    HEALTH = "health", _("Santé")
    LANGUAGE = "language", _("Maîtrise du français")
    DIGITAL = "digital", _("Numérique")
    RESOURCES = "resources", _("Ressources, dettes")
    JUSTICE = "justice", _("Justice")


class BarrierStatus(models.TextChoices):
    IDENTIFIED = "identified", _("Identifié")
    BEING_LIFTED = "being_lifted", _("En cours de levée")
    LIFTED = "lifted", _("Levé")


class Scheme(models.TextChoices):
    PPAE_DELEGATED = "ppae_delegated", _("PPAE délégué (cotraitance)")
    PACEA = "pacea", _("PACEA")
    CEJ = "cej", _("Contrat d'engagement jeune (CEJ)")
    GARANTIE_JEUNES = "garantie_jeunes", _("Garantie Jeunes (historique)")
    PLIE = "plie", _("PLIE")
    IAE = "iae", _("Insertion par l'activité économique (IAE)")


class FollowRole(models.TextChoices):
    LEAD = "lead", _("Référent")
    CONTRIBUTOR = "contributor", _("Contributeur")


class ConsentRecipient(models.TextChoices):
    TEMP_AGENCY = "temp_agency", _("Une agence d'emploi")
    EMPLOYER = "employer", _("Un employeur")


class LegalBasis(models.TextChoices):
    PUBLIC_INTEREST = "public_interest", _("Mission d'intérêt public (RGPD art. 6-1-e)")
    CONSENT = "consent", _("Consentement (RGPD art. 6-1-a)")
