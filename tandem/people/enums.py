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
    # Trainings reached from a temp-work path (seed 003): the person's own account, or the temp sector's fund.
    TRAINING_CPF = "training_cpf", _("Formation financée par le compte personnel de formation (CPF)")
    TRAINING_TEMP_SECTOR = "training_temp_sector", _("Formation financée par le fonds du travail temporaire (FAF.TT)")


class FollowRole(models.TextChoices):
    LEAD = "lead", _("Référent")
    CONTRIBUTOR = "contributor", _("Contributeur")


class ConsentRecipient(models.TextChoices):
    TEMP_AGENCY = "temp_agency", _("Une agence d'emploi")
    EMPLOYER = "employer", _("Un employeur")


class LegalBasis(models.TextChoices):
    PUBLIC_INTEREST = "public_interest", _("Mission d'intérêt public (RGPD art. 6-1-e)")
    CONSENT = "consent", _("Consentement (RGPD art. 6-1-a)")


class QualificationLevel(models.TextChoices):
    """The highest qualification obtained, on the national scale of certification levels (2019: levels 3 to 8;
    levels 1 and 2 certify basic skills, not a diploma)."""

    UNKNOWN = "", _("Non renseigné")
    NONE = "none", _("Sans diplôme")
    LEVEL_3 = "3", _("CAP, BEP (niveau 3)")
    LEVEL_4 = "4", _("Bac, bac pro, BP (niveau 4)")
    LEVEL_5 = "5", _("Bac+2 : BTS, DUT, DEUST (niveau 5)")
    LEVEL_6 = "6", _("Bac+3 : licence, BUT (niveau 6)")
    LEVEL_7 = "7", _("Bac+5 : master, diplôme d'ingénieur (niveau 7)")
    LEVEL_8 = "8", _("Doctorat (niveau 8)")


def qualification_rank(level: str) -> int | None:
    """A level as a number to compare (without a diploma: 0); None when it is not given."""
    if level == QualificationLevel.NONE:
        return 0
    return int(level) if level in QualificationLevel.values and level else None


class LanguageLevel(models.TextChoices):
    UNKNOWN = "", _("Non précisé")
    BASICS = "basics", _("Notions")
    INTERMEDIATE = "intermediate", _("Intermédiaire")
    FLUENT = "fluent", _("Courant")
    NATIVE = "native", _("Langue maternelle")


class ContractWish(models.TextChoices):
    """The contracts a young person may wish for: the values of the offers' contract types
    (tandem.offers.enums.ContractType, which this app may not import), without the historical ones."""

    CDI = "cdi", _("CDI")
    CDD = "cdd", _("CDD")
    TEMP = "temp", _("Mission d'intérim")
    SEASONAL = "seasonal", _("Saisonnier")
    APPRENTICESHIP = "apprenticeship", _("Contrat d'apprentissage")
    PROFESSIONALISATION = "professionalisation", _("Contrat de professionnalisation")
    PEC = "pec", _("Parcours emploi compétences (PEC)")
    IAE = "iae", _("Insertion par l'activité économique (IAE)")
