"""Job and activity referentials: ROME codes and appellations, NAF codes, hiring weights."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RomeCode(models.Model):
    code = models.CharField(_("code ROME"), max_length=5, primary_key=True)
    version = models.CharField(_("version du ROME"), max_length=10, default="v3")
    label = models.CharField(_("libellé"), max_length=255)
    domain_code = models.CharField(_("domaine professionnel"), max_length=3, blank=True)
    domain_label = models.CharField(_("libellé du domaine"), max_length=255, blank=True)
    broad_domain_code = models.CharField(_("grand domaine"), max_length=1, blank=True)
    broad_domain_label = models.CharField(_("libellé du grand domaine"), max_length=255, blank=True)
    in_tension = models.BooleanField(_("métier en tension"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("code ROME")
        verbose_name_plural = _("codes ROME")

    def __str__(self) -> str:
        return f"{self.code} – {self.label}"


class RomeAppellation(models.Model):
    code_ogr = models.CharField(_("code OGR"), max_length=10, primary_key=True)
    label = models.CharField(_("libellé"), max_length=255)
    rome = models.ForeignKey(RomeCode, on_delete=models.CASCADE, related_name="appellations")

    class Meta:
        ordering = ["label"]
        verbose_name = _("appellation ROME")
        verbose_name_plural = _("appellations ROME")

    def __str__(self) -> str:
        return self.label


class NafCode(models.Model):
    """NAF rév. 2 sub-class, stored without the dot ("7820Z"); `dotted` gives "78.20Z"."""

    code = models.CharField(_("code NAF"), max_length=5, primary_key=True)
    label = models.CharField(_("libellé"), max_length=255)

    class Meta:
        ordering = ["code"]
        verbose_name = _("code NAF")
        verbose_name_plural = _("codes NAF")

    def __str__(self) -> str:
        return f"{self.dotted} – {self.label}"

    @property
    def dotted(self) -> str:
        return f"{self.code[:2]}.{self.code[2:]}"


class RomeNafHiring(models.Model):
    """How many hirings of a ROME job happen in a NAF activity (La Bonne Boîte weights)."""

    rome = models.ForeignKey(RomeCode, on_delete=models.CASCADE, related_name="naf_hirings")
    naf = models.ForeignKey(NafCode, on_delete=models.CASCADE, related_name="rome_hirings")
    hirings = models.PositiveIntegerField(_("embauches"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["rome", "naf"], name="unique_rome_naf")]


class EducationLevel(models.Model):
    code = models.CharField(_("code"), max_length=10, primary_key=True)
    label = models.CharField(_("libellé"), max_length=255)

    class Meta:
        ordering = ["code"]
        verbose_name = _("niveau de formation")
        verbose_name_plural = _("niveaux de formation")

    def __str__(self) -> str:
        return self.label


class ReferentialImport(models.Model):
    """What one run of import_referentials loaded, for traceability of versions."""

    started_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=500)
    counts = models.JSONField(default=dict)
    versions = models.JSONField(default=dict)
    warnings = models.JSONField(default=list)
    # What was read (files' names, sizes and dates; the importers' code): an unchanged one needs no new run.
    fingerprint = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-started_at"]
