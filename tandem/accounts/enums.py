from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADVISER = "adviser", _("Conseiller ou conseillère")
    EMPLOYER_RELATIONS = "employer_relations", _("Chargé·e de relations entreprises")
    MANAGER = "manager", _("Responsable, direction")
    OBSERVER = "observer", _("Observateur (État, données agrégées)")
    ADMINISTRATOR = "administrator", _("Administrateur")


class TokenScope(models.TextChoices):
    READ = "read", _("Lecture")
    WRITE = "write", _("Lecture et écriture")
