from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    DESIGNATIONS = "designations", _("Liste France Travail de jeunes à proposer")
    OFFERS = "offers", _("Offres d'emploi")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("En attente")
    RUNNING = "running", _("En cours")
    DONE = "done", _("Terminé")
    FAILED = "failed", _("Échec")


FINISHED_STATUSES = [ImportStatus.DONE, ImportStatus.FAILED]
