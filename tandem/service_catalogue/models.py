"""The services catalogue: what each partner offers (docs/service_catalogue.md), described with the data·inclusion
schema's vocabulary so that it can be exported in that schema."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tandem.core.fields import derived_update_fields
from tandem.core.text import search_normalise
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation
from tandem.service_catalogue.enums import Audience, Fees, ReceptionMode, Requester, RequestMode, ServiceType, Theme

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The multiple-choice fields kept as lists on the row (shown and exported, never filtered on), with their values.
LIST_FIELDS: dict[str, type[models.TextChoices]] = {
    "reception_modes": ReceptionMode,
    "request_modes": RequestMode,
    "requesters": Requester,
}


class Service(models.Model):
    """A service a partner offers (an accompaniment, a workshop, an aid), at one of its sites or across its
    territory. Not personal data: every member of a partner reads the catalogue; the partner's managers keep it."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="catalogue_services",
        verbose_name=_("partenaire"),
    )
    site = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="catalogue_services_at_site",
        verbose_name=_("site"),
        help_text=_("Le site de la Mission Locale qui rend le service, s'il n'est pas rendu partout."),
    )
    name = models.CharField(_("nom du service"), max_length=150, validators=[MinLengthValidator(3)])
    summary = models.CharField(_("résumé"), max_length=280, blank=True)
    description = models.TextField(_("description"), max_length=10000, validators=[MinLengthValidator(5)])
    kind = models.CharField(_("type de service"), max_length=30, choices=ServiceType.choices, blank=True)
    audience_details = models.CharField(_("précisions sur les publics"), max_length=500, blank=True)
    access_conditions = models.TextField(_("conditions d'accès"), max_length=2000, blank=True)
    fees = models.CharField(_("frais"), max_length=20, choices=Fees.choices, blank=True)
    fees_details = models.CharField(_("précisions sur les frais"), max_length=500, blank=True)
    reception_modes = models.JSONField(_("modes d'accueil"), default=list, blank=True)
    request_modes = models.JSONField(_("comment le mobiliser"), default=list, blank=True)
    requesters = models.JSONField(_("mobilisable par"), default=list, blank=True)
    request_details = models.TextField(_("précisions sur la mobilisation"), max_length=2000, blank=True)
    request_link = models.URLField(_("lien de mobilisation"), blank=True)
    email = models.EmailField(_("courriel de contact"), blank=True)
    phone = models.CharField(_("téléphone de contact"), max_length=30, blank=True)
    zone_departements = models.ManyToManyField(
        "territories.Departement", blank=True, related_name="+", verbose_name=_("départements de la zone")
    )
    zone_communes = models.ManyToManyField(
        "territories.Commune", blank=True, related_name="+", verbose_name=_("communes de la zone")
    )
    is_active = models.BooleanField(_("actif"), default=True, db_index=True)
    # What the text search reads (tandem.core.text.search_normalise of the name, summary and description).
    search_key = models.TextField(editable=False, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(site=models.F("organisation")), name="service_site_is_not_its_organisation"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "is_active"], name="service_by_organisation")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if self.site_id is not None and self.site is not None:
            if self.site.kind != OrganisationKind.ML_SITE or self.site.parent_id != self.organisation_id:
                errors["site"] = _("Choisissez un site de l'organisation qui rend le service.")
        if self.name.strip().endswith(".") and not self.name.strip().endswith("etc."):
            errors["name"] = _("Le nom du service ne se termine pas par un point.")
        for field, choices in LIST_FIELDS.items():
            values = getattr(self, field)
            if not isinstance(values, list) or any(value not in choices.values for value in values):
                errors[field] = _("Valeur inconnue.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_key = search_normalise(f"{self.name} {self.summary} {self.description}")
        sources = {"name", "summary", "description"}
        super().save(*args, **derived_update_fields(kwargs, sources=sources, derived="search_key"))

    @property
    def provider(self) -> Organisation:
        """Where the service is given: its site, else the partner (data·inclusion's structure)."""
        return self.site if self.site is not None else self.organisation

    def reception_mode_labels(self) -> list[str]:
        return [str(ReceptionMode(value).label) for value in self.reception_modes]

    def request_mode_labels(self) -> list[str]:
        return [str(RequestMode(value).label) for value in self.request_modes]

    def requester_labels(self) -> list[str]:
        return [str(Requester(value).label) for value in self.requesters]


class ServiceTheme(models.Model):
    """One theme of a service (data·inclusion's `thematiques`): a row, so that the catalogue is searched by theme
    and by category from an index."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="theme_rows")
    theme = models.CharField(_("thématique"), max_length=100, choices=Theme.choices)

    class Meta:
        ordering = ["theme"]
        verbose_name = _("thématique d'un service")
        verbose_name_plural = _("thématiques des services")
        constraints = [models.UniqueConstraint(fields=["service", "theme"], name="unique_service_theme")]
        indexes = [models.Index(fields=["theme", "service"], name="service_theme_by_theme")]


class ServiceAudience(models.Model):
    """One public a service is for (data·inclusion's `publics`)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="audience_rows")
    audience = models.CharField(_("public"), max_length=60, choices=Audience.choices)

    class Meta:
        ordering = ["audience"]
        verbose_name = _("public d'un service")
        verbose_name_plural = _("publics des services")
        constraints = [models.UniqueConstraint(fields=["service", "audience"], name="unique_service_audience")]
        indexes = [models.Index(fields=["audience", "service"], name="service_audience_by_audience")]
