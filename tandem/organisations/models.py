"""Partner organisations, their coverage territories and the partnership links between them."""

from __future__ import annotations

import datetime

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tandem.core.codes import validate_safir, validate_siret
from tandem.organisations.enums import OrganisationKind, PartnershipKind
from tandem.territories.models import Commune


class Organisation(models.Model):
    kind = models.CharField(_("type"), max_length=40, choices=OrganisationKind.choices, db_index=True)
    name = models.CharField(_("nom"), max_length=255)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[validate_siret])
    safir_code = models.CharField(
        _("code SAFIR"), max_length=5, blank=True, validators=[validate_safir], help_text=_("Agences France Travail")
    )
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="organisations_located"
    )
    email = models.EmailField(_("adresse électronique de contact"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("rattachement")
    )
    active_from = models.DateField(_("actif depuis"), null=True, blank=True)
    active_until = models.DateField(_("actif jusqu'au"), null=True, blank=True)
    coverage = models.ManyToManyField(
        Commune, through="Coverage", related_name="covering_organisations", verbose_name=_("territoire couvert")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["safir_code"], condition=~Q(safir_code=""), name="unique_safir_code_when_given"
            ),
            models.CheckConstraint(
                condition=Q(active_until__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_until__gte=models.F("active_from")),
                name="organisation_active_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_active_on(self, day: datetime.date) -> bool:
        return (self.active_from is None or self.active_from <= day) and (
            self.active_until is None or day <= self.active_until
        )


class Coverage(models.Model):
    """One commune of an organisation's territory (territoire d'intervention, catchment)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="coverage_rows")
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="coverage_rows")

    class Meta:
        verbose_name = _("commune couverte")
        verbose_name_plural = _("communes couvertes")
        constraints = [models.UniqueConstraint(fields=["organisation", "commune"], name="unique_coverage")]
        indexes = [models.Index(fields=["commune", "organisation"], name="coverage_by_commune")]


class PartnershipLink(models.Model):
    """Who works with whom, from when; referral deadlines and, later, conventions hang on it."""

    kind = models.CharField(_("type"), max_length=30, choices=PartnershipKind.choices)
    organisation_a = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="links_as_a", verbose_name=_("organisation")
    )
    organisation_b = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="links_as_b", verbose_name=_("partenaire")
    )
    is_reference_site = models.BooleanField(
        _("site de référence"), default=False, help_text=_("L'agence France Travail de référence de la Mission Locale")
    )
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    referral_answer_days = models.PositiveSmallIntegerField(
        _("délai de réponse à une orientation (jours)"), default=7, validators=[MinValueValidator(1)]
    )
    first_meeting_days = models.PositiveSmallIntegerField(
        _("délai de premier rendez-vous (jours)"), default=15, validators=[MinValueValidator(1)]
    )
    notes = models.TextField(_("remarques"), blank=True)

    class Meta:
        ordering = ["organisation_a__name", "organisation_b__name"]
        verbose_name = _("lien de partenariat")
        verbose_name_plural = _("liens de partenariat")
        constraints = [
            models.CheckConstraint(
                condition=~Q(organisation_a=models.F("organisation_b")), name="partnership_between_two_organisations"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="partnership_dates_ordered",
            ),
            # A referral's deadlines are counted from its proposal: a deadline of 0 days would be overdue at once.
            models.CheckConstraint(
                condition=Q(referral_answer_days__gte=1) & Q(first_meeting_days__gte=1),
                name="partnership_deadlines_at_least_one_day",
            ),
            models.UniqueConstraint(
                fields=["organisation_a", "organisation_b", "kind", "starts_on"], name="unique_partnership_link"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_a} ↔ {self.organisation_b}"

    def is_active_on(self, day: datetime.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)

    def partner_of(self, organisation: Organisation) -> Organisation:
        return self.organisation_b if organisation.pk == self.organisation_a_id else self.organisation_a
