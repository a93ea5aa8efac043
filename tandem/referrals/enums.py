from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferralStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposée")
    ACCEPTED = "accepted", _("Acceptée")
    REFUSED = "refused", _("Refusée")
    WITHDRAWN = "withdrawn", _("Retirée")
    EXPIRED = "expired", _("Expirée")
    MEETING_SCHEDULED = "meeting_scheduled", _("Premier rendez-vous fixé")
    MEETING_HELD = "meeting_held", _("Entrée effective")
    CLOSED = "closed", _("Clôturée")


OPEN_STATUSES = [
    ReferralStatus.PROPOSED,
    ReferralStatus.ACCEPTED,
    ReferralStatus.MEETING_SCHEDULED,
    ReferralStatus.MEETING_HELD,
]
# Waiting for the receiving organisation: an answer, or a first meeting.
WAITING_STATUSES = [ReferralStatus.PROPOSED, ReferralStatus.ACCEPTED, ReferralStatus.MEETING_SCHEDULED]


class RefusalReason(models.TextChoices):
    NOT_ELIGIBLE = "not_eligible", _("Ne relève pas de notre public")
    OUTSIDE_TERRITORY = "outside_territory", _("Hors de notre territoire")
    ALREADY_FOLLOWED = "already_followed", _("Déjà accompagné·e par une autre structure")
    PERSON_DECLINED = "person_declined", _("La personne refuse l'accompagnement")
    UNREACHABLE = "unreachable", _("Personne injoignable")
    NO_CAPACITY = "no_capacity", _("Pas de place disponible")
    OTHER = "other", _("Autre (préciser)")


class ReferralOutcome(models.TextChoices):
    EMPLOYMENT = "employment", _("Emploi")
    TRAINING = "training", _("Formation")
    SCHEME = "scheme", _("Entrée dans un dispositif")
    ABANDONED = "abandoned", _("Abandon")
    MOVED = "moved", _("Déménagement")
    OTHER = "other", _("Autre")
