"""Choices of conventions: level, kind, state, the parties' roles, ways of working, targets' indicators and the
missions of seconded staff."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tandem.organisations.enums import PartnershipKind


class ConventionLevel(models.TextChoices):
    NATIONAL = "national", _("Nationale")
    REGIONAL = "regional", _("Régionale")
    LOCAL = "local", _("Locale")


class ConventionKind(models.TextChoices):
    # The same codes as the partnership links a local convention keeps (organisations.PartnershipKind).
    COTRAITANCE = "cotraitance", _("Partenariat renforcé France Travail – Mission Locale")
    MISSION_JEUNES = "mission_jeunes", _("Mission Jeunes : Mission Locale – agences d'emploi")
    METROPOLE = "metropole", _("Métropole – France Travail")
    PLIE = "plie", _("Coordination PLIE")
    OTHER = "other", _("Autre convention")


# The kind of the partnership links a local convention keeps between its parties.
LINK_KIND: dict[str, str] = {
    ConventionKind.COTRAITANCE: PartnershipKind.COTRAITANCE,
    ConventionKind.MISSION_JEUNES: PartnershipKind.MISSION_JEUNES,
    ConventionKind.METROPOLE: PartnershipKind.METROPOLE,
    ConventionKind.PLIE: PartnershipKind.PLIE,
    ConventionKind.OTHER: PartnershipKind.OTHER,
}


class ConventionStatus(models.TextChoices):
    DRAFT = "draft", _("En préparation")
    SIGNED = "signed", _("Signée")
    ACTIVE = "active", _("En vigueur")
    ENDED = "ended", _("Terminée")


class PartyRole(models.TextChoices):
    SIGNATORY = "signatory", _("Signataire")
    REFERENCE_SITE = "reference_site", _("Site de référence")
    ASSOCIATED = "associated", _("Partenaire associé")
    STATE = "state", _("État")


# The roles that sign a convention: their managers answer for it.
SIGNING_ROLES = {PartyRole.SIGNATORY, PartyRole.REFERENCE_SITE}


class WayOfWorking(models.TextChoices):
    PRESENT_JOBS = "present_jobs", _("Présentation des métiers et des offres à la Mission Locale")
    MEET_AHEAD = "meet_ahead", _("Rencontre des jeunes en amont des recrutements")
    SHARE_OFFERS = "share_offers", _("Partage des offres")
    IMMERSIONS = "immersions", _("Immersions en entreprise (PMSMP)")
    JOINT_MEETINGS = "joint_meetings", _("Entretiens tripartites")
    STAFF_IMMERSIONS = (
        "staff_immersions",
        _("Immersions de salariés de la Mission Locale en agence et d'agence en Mission Locale"),
    )
    GROUP_SESSIONS = "group_sessions", _("Participation des agences aux collectifs CEJ / Garantie Jeunes")
    TEMP_WORKER_RIGHTS = "temp_worker_rights", _("Information des jeunes sur les droits et devoirs de l'intérimaire")
    PATHS_ACROSS_AGENCIES = "paths_across_agencies", _("Parcours d'une agence à l'autre")
    TRAINING = "training", _("Accès des intérimaires fragiles à la formation (CPF, FAF.TT)")


class Indicator(models.TextChoices):
    REFERRALS_PER_YEAR = "referrals_per_year", _("Orientations par an")
    FTE_SECONDED = "fte_seconded", _("ETP mis à disposition")
    STEERING_MEETINGS_PER_YEAR = "steering_meetings_per_year", _("Comités de pilotage par an")
    SUBSIDISED_HIRES = "subsidised_hires", _("Embauches en contrats aidés")
    YOUNG_PEOPLE_ACCOMPANIED = "young_people_accompanied", _("Jeunes accompagnés")
    # Mission Jeunes (seed 003).
    YOUNG_PEOPLE_PUT_FORWARD = "young_people_put_forward", _("Jeunes présentés aux agences d'emploi")
    MISSIONS_STARTED = "missions_started", _("Missions d'intérim commencées")
    IMMERSIONS = "immersions", _("Immersions")
    TRAININGS = "trainings", _("Formations engagées")
    # Métropole and PLIE (seed 004).
    PLIE_PARTICIPANTS = "plie_participants", _("Participants PLIE accompagnés")
    BARRIER_ACTIONS_BENEFICIARIES = "barrier_actions_beneficiaries", _("Bénéficiaires d'actions de levée des freins")


class SecondmentMission(models.TextChoices):
    SERVICES_PRESCRIPTION = "services_prescription", _("Prescription de services France Travail")
    EMPLOYER_RELATIONS = "employer_relations", _("Relations entreprises")
    VOCATION_PLATFORM = "vocation_platform", _("Plateforme vocation")
    OTHER = "other", _("Autre mission")
