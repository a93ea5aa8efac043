"""States and codes of the shared territorial diagnostics."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    PUBLISHED = "published", _("Validée par le comité")
    SUPERSEDED = "superseded", _("Brouillon remplacé")


class TerritoryKind(models.TextChoices):
    DEPARTEMENT = "departement", _("Département")
    EPCI = "epci", _("Intercommunalité (EPCI)")
    COMMUNE = "commune", _("Commune")


# The narrative the partners write, in the order the page shows it.
NARRATIVE_FIELDS = ("strengths", "needs", "priorities", "remarks")
