"""Shared territorial diagnostics (docs/diagnostics.md): a territory's young job seekers, its offers against the
jobs they seek and their barriers, as figures frozen on a date, with what the partners write about them.

A diagnostic is a territory (a département, an EPCI or a commune), perhaps the convention it serves; its versions
are numbered 1, 2, 3…, each with its date, its figures computed once at creation (aggregates only, never a name)
and its narrative. Only the latest version, while a draft, changes; the committee publishes it, then it is frozen.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tandem.diagnostics.enums import TerritoryKind, VersionStatus


class Diagnostic(models.Model):
    title = models.CharField(_("intitulé"), max_length=200)
    # Exactly one of the three (a check constraint).
    departement = models.ForeignKey(
        "territories.Departement", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    epci = models.ForeignKey("territories.Epci", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    commune = models.ForeignKey(
        "territories.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    convention = models.ForeignKey(
        "partnerships.Convention",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="diagnostics",
        verbose_name=_("convention servie"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("créé par l'organisation"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("diagnostic territorial partagé")
        verbose_name_plural = _("diagnostics territoriaux partagés")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(departement__isnull=False, epci__isnull=True, commune__isnull=True)
                    | Q(departement__isnull=True, epci__isnull=False, commune__isnull=True)
                    | Q(departement__isnull=True, epci__isnull=True, commune__isnull=False)
                ),
                name="diagnostic_one_territory",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def territory_kind(self) -> str:
        if self.departement_id:
            return TerritoryKind.DEPARTEMENT
        if self.epci_id:
            return TerritoryKind.EPCI
        return TerritoryKind.COMMUNE

    @property
    def territory_code(self) -> str:
        return str(self.departement_id or self.epci_id or self.commune_id or "")

    def place_q(self, field: str = "commune") -> Q:
        """Rows whose commune (`field`, a foreign key to Commune) lies in the territory."""
        if self.departement_id:
            return Q(**{f"{field}__departement_id": self.departement_id})
        if self.epci_id:
            return Q(**{f"{field}__epci_id": self.epci_id})
        return Q(**{f"{field}_id": self.commune_id})

    @property
    def territory_name(self) -> str:
        place = self.departement or self.epci or self.commune
        return place.name if place is not None else ""


class DiagnosticVersion(models.Model):
    diagnostic = models.ForeignKey(Diagnostic, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    as_of = models.DateField(_("situation au"))
    # Computed once when the version is created (tandem.diagnostics.figures), never again: two versions compare.
    figures = models.JSONField(_("chiffres"), default=dict, editable=False)
    status = models.CharField(
        _("statut"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT, db_index=True
    )
    strengths = models.TextField(_("atouts du territoire"), max_length=10000, blank=True)
    needs = models.TextField(_("besoins et difficultés"), max_length=10000, blank=True)
    priorities = models.TextField(_("priorités de l'année"), max_length=10000, blank=True)
    remarks = models.TextField(_("remarques"), max_length=10000, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    narrative_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    narrative_at = models.DateTimeField(_("analyse modifiée le"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("validée le"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["diagnostic", "-number"]
        verbose_name = _("version d'un diagnostic")
        verbose_name_plural = _("versions d'un diagnostic")
        constraints = [
            models.UniqueConstraint(fields=["diagnostic", "number"], name="diagnostic_version_number"),
            models.UniqueConstraint(
                fields=["diagnostic"], condition=Q(status=VersionStatus.DRAFT), name="diagnostic_one_draft"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.diagnostic} – v{self.number}"
