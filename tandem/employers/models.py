"""Employers: the companies partners prospect and whose offers they share (minimal record for now)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tandem.core.codes import validate_siret


class Employer(models.Model):
    name = models.CharField(_("raison sociale"), max_length=255)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[validate_siret])
    naf = models.ForeignKey(
        "referentials.NafCode",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("code NAF"),
    )
    commune = models.ForeignKey(
        "territories.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("employeur")
        verbose_name_plural = _("employeurs")
        constraints = [models.UniqueConstraint(fields=["siret"], condition=~Q(siret=""), name="unique_employer_siret")]

    def __str__(self) -> str:
        return self.name
