"""A file uploaded through a page or the API, imported in the background, with its progress and its report."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tandem.imports.enums import FINISHED_STATUSES, ImportKind, ImportStatus


class ImportJob(models.Model):
    kind = models.CharField(_("type"), max_length=20, choices=ImportKind.choices)
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    api_token = models.ForeignKey(
        "accounts.ApiToken", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Kept out of the static and media URLs: only the worker reads it; deleted once the import is over.
    file = models.FileField(_("fichier"), upload_to="imports/%Y/%m/", max_length=255, blank=True)
    file_name = models.CharField(_("nom du fichier"), max_length=255)
    options = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("état"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED, db_index=True
    )
    progress_done = models.BigIntegerField(default=0)
    progress_total = models.BigIntegerField(null=True, blank=True)
    report = models.JSONField(null=True, blank=True)
    error = models.TextField(_("erreur"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import de fichier")
        verbose_name_plural = _("imports de fichiers")
        indexes = [models.Index(fields=["organisation", "-created_at"], name="import_jobs_of_organisation")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.file_name}"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    @property
    def is_queued(self) -> bool:
        return self.status == ImportStatus.QUEUED

    @property
    def is_done(self) -> bool:
        return self.status == ImportStatus.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == ImportStatus.FAILED

    @property
    def percent(self) -> int | None:
        if self.status == ImportStatus.DONE:
            return 100
        if not self.progress_total:
            return None
        return min(99, int(100 * self.progress_done / self.progress_total))
