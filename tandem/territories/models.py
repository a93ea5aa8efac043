"""French territory referential: régions, départements, EPCI and communes (COG)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("région")
        verbose_name_plural = _("régions")

    def __str__(self) -> str:
        return self.name


class Departement(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departements")

    class Meta:
        ordering = ["code"]
        verbose_name = _("département")
        verbose_name_plural = _("départements")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Epci(models.Model):
    """Établissement public de coopération intercommunale à fiscalité propre."""

    code = models.CharField(_("SIREN"), max_length=9, primary_key=True)
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=10, help_text=_("ME, CU, CA, CC, METRO"))
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("EPCI")
        verbose_name_plural = _("EPCI")

    def __str__(self) -> str:
        return self.name


class ZrrStatus(models.TextChoices):
    CLASSEE = "C", _("Classée en ZRR")
    PARTIELLEMENT = "P", _("Partiellement classée en ZRR")
    NON_CLASSEE = "NC", _("Non classée en ZRR")


class Commune(models.Model):
    code = models.CharField(_("code INSEE"), max_length=5, primary_key=True)
    name = models.CharField(_("nom"), max_length=200, db_index=True)
    # The name as people type it: lower case, no accents, ligatures or hyphens, "st" read "saint"
    # (tandem.territories.selectors.commune_name_key). Filled by the import; lets a typed name find its commune.
    search_name = models.CharField(_("nom normalisé"), max_length=200, db_index=True, blank=True, editable=False)
    # Communes of overseas collectivities (Saint-Pierre-et-Miquelon, Saint-Martin, Polynésie…) belong to
    # no département or région: they carry their collectivity's code instead.
    departement = models.ForeignKey(
        Departement, on_delete=models.PROTECT, related_name="communes", null=True, blank=True
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="communes", null=True, blank=True)
    overseas_collectivity = models.CharField(_("collectivité d'outre-mer"), max_length=3, blank=True)
    epci = models.ForeignKey(Epci, on_delete=models.SET_NULL, null=True, blank=True, related_name="communes")
    postcodes = models.JSONField(_("codes postaux"), default=list, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    zrr = models.CharField(_("statut ZRR"), max_length=2, choices=ZrrStatus.choices, blank=True)
    has_qpv = models.BooleanField(_("compte un QPV"), null=True, blank=True, help_text=_("Inconnu si vide"))
    cog_version = models.CharField(_("version du COG"), max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def in_zrr(self) -> bool:
        return self.zrr in (ZrrStatus.CLASSEE, ZrrStatus.PARTIELLEMENT)


class CommunePostcode(models.Model):
    """One row per (postcode, commune): lets a postcode find its communes through an index."""

    postcode = models.CharField(_("code postal"), max_length=5, db_index=True)
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="postcode_rows")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["postcode", "commune"], name="unique_postcode_commune")]
