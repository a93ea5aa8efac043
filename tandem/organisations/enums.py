from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    FT_AGENCY = "ft_agency", _("Agence France Travail")
    FT_TERRITORIAL_DIRECTION = "ft_territorial_direction", _("Direction territoriale France Travail")
    FT_REGIONAL_DIRECTION = "ft_regional_direction", _("Direction régionale France Travail")
    MISSION_LOCALE = "mission_locale", _("Mission Locale")
    ML_SITE = "ml_site", _("Site de Mission Locale")
    TEMP_AGENCY = "temp_agency", _("Agence d'emploi temporaire")
    TEMP_NETWORK = "temp_network", _("Réseau d'agences d'emploi")
    PLIE = "plie", _("PLIE")
    COMMUNE = "commune", _("Commune")
    EPCI = "epci", _("EPCI / Métropole")
    DEPARTEMENT = "departement", _("Conseil départemental")
    REGION = "region", _("Conseil régional")
    STATE_SERVICE = "state_service", _("Service de l'État (DREETS, DDETS, UT, DGEFP)")
    NETWORK_BODY = "network_body", _("Tête de réseau (UNML, ARML, Prism'emploi)")


class PartnershipKind(models.TextChoices):
    COTRAITANCE = "cotraitance", _("Cotraitance Mission Locale – France Travail")
    MISSION_JEUNES = "mission_jeunes", _("Mission Jeunes : Mission Locale – agence d'emploi")
    METROPOLE = "metropole", _("Métropole – France Travail")
    PLIE = "plie", _("PLIE – partenaire")
    OTHER = "other", _("Autre partenariat")
