from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DashboardSnapshot(models.Model):
    """A dashboard's figures for a scope and a year as last measured (tandem.indicators.snapshots): the figures
    before secrecy and before any label is translated. Measured again when older than the settings' maximum age
    (TANDEM_INDICATORS_MAX_AGE) or by `manage.py indicators_refresh`; the page says when they were measured."""

    scope = models.CharField(_("périmètre"), max_length=40)
    year = models.PositiveSmallIntegerField(_("année"))
    figures = models.JSONField(_("chiffres"))
    computed_at = models.DateTimeField(_("calculé le"))
    # Set by the first reader who finds the figures too old and queues their measure; cleared when measured.
    refresh_queued_at = models.DateTimeField(_("nouveau calcul demandé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("tableau de bord calculé")
        verbose_name_plural = _("tableaux de bord calculés")
        constraints = [
            models.UniqueConstraint(fields=["scope", "year"], name="one_dashboard_snapshot_per_scope_and_year")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.year}"
