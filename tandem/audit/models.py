"""The audit log of personal data: every read and write of a person's record. Append-only."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    READ = "read", _("Consultation")
    CREATE = "create", _("Création")
    UPDATE = "update", _("Modification")
    EXPORT = "export", _("Export")
    ANONYMISE = "anonymise", _("Anonymisation")
    # A request for a record the caller may not see (answered 404): a manager can spot probing.
    DENIED = "denied", _("Accès refusé")


class AuditEntry(models.Model):
    at = models.DateTimeField(_("le"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    api_token = models.ForeignKey("accounts.ApiToken", on_delete=models.PROTECT, null=True, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("pour le compte de"),
    )
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    # Kept as a plain id: the log outlives any change of the record (anonymisation).
    person_id = models.BigIntegerField(_("personne"), null=True, db_index=True)
    object_type = models.CharField(_("objet"), max_length=40)
    object_id = models.BigIntegerField(null=True)
    detail = models.CharField(_("détail"), max_length=255, blank=True)
    path = models.CharField(_("adresse"), max_length=500, blank=True)
    method = models.CharField(max_length=10, blank=True)
    ip_address = models.GenericIPAddressField(_("adresse IP"), null=True)
    user_agent = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("trace d'accès")
        verbose_name_plural = _("journal d'accès")
        indexes = [models.Index(fields=["organisation", "at"], name="audit_by_organisation")]

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("The audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only")
