"""Choices of the employers app: INSEE's codes as published, and how partners meet companies."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SizeBracket(models.TextChoices):
    """INSEE's establishment size brackets (`trancheEffectifsEtablissement`), codes as published."""

    NONE_IN_YEAR = "NN", _("Aucun salarié dans l'année")
    ZERO = "00", _("0 salarié")
    S01 = "01", _("1 ou 2 salariés")
    S02 = "02", _("3 à 5 salariés")
    S03 = "03", _("6 à 9 salariés")
    S11 = "11", _("10 à 19 salariés")
    S12 = "12", _("20 à 49 salariés")
    S21 = "21", _("50 à 99 salariés")
    S22 = "22", _("100 à 199 salariés")
    S31 = "31", _("200 à 249 salariés")
    S32 = "32", _("250 à 499 salariés")
    S41 = "41", _("500 à 999 salariés")
    S42 = "42", _("1 000 à 1 999 salariés")
    S51 = "51", _("2 000 à 4 999 salariés")
    S52 = "52", _("5 000 à 9 999 salariés")
    S53 = "53", _("10 000 salariés et plus")


class Diffusion(models.TextChoices):
    """`statutDiffusionEtablissement`: P means the person asked that their address and name not be shown."""

    PUBLIC = "O", _("Diffusible")
    PARTIAL = "P", _("Partiellement diffusible")


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Téléphone")
    EMAIL = "email", _("Courriel")
    VISIT = "visit", _("Visite sur place")
    OTHER = "other", _("Autre")


class InteractionKind(models.TextChoices):
    CALL = "call", _("Appel")
    EMAIL = "email", _("Courriel")
    VISIT = "visit", _("Visite")
    MEETING = "meeting", _("Rendez-vous")
    OFFER = "offer", _("Offre recueillie")
    POSITIONING = "positioning", _("Mise en relation")
    HIRE = "hire", _("Embauche")
    EVENT = "event", _("Événement employeurs")


# The kinds that are a contact with the company (the recent-contact warning counts these).
CONTACT_KINDS = frozenset({InteractionKind.CALL, InteractionKind.EMAIL, InteractionKind.VISIT, InteractionKind.MEETING})
