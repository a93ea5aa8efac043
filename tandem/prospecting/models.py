"""Joint prospecting (ROC): campaigns, their pairs (binômes), target lists and visits to companies."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tandem.employers.enums import SizeBracket
from tandem.prospecting.enums import CampaignStatus, ServicePresented, VisitOutcome, VisitStatus

DEFAULT_REVISIT_DAYS = 180
DEFAULT_TARGET_COUNT = 60


class Campaign(models.Model):
    """A targeted offer search (ROC): a territory, sectors, sizes, dates and the partners involved."""

    name = models.CharField(_("nom"), max_length=200)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation qui pilote"),
    )
    organisations = models.ManyToManyField(
        "organisations.Organisation", related_name="prospecting_campaigns", verbose_name=_("partenaires")
    )
    communes = models.ManyToManyField("territories.Commune", blank=True, related_name="+", verbose_name=_("communes"))
    epcis = models.ManyToManyField("territories.Epci", blank=True, related_name="+", verbose_name=_("EPCI"))
    naf_codes = models.ManyToManyField(
        "referentials.NafCode", blank=True, related_name="+", verbose_name=_("secteurs (codes NAF)")
    )
    rome_codes = models.ManyToManyField(
        "referentials.RomeCode", blank=True, related_name="+", verbose_name=_("métiers (codes ROME)")
    )
    size_brackets = models.JSONField(_("tranches d'effectifs"), default=list, blank=True)
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    status = models.CharField(
        _("statut"), max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT, db_index=True
    )
    revisit_after_days = models.PositiveSmallIntegerField(
        _("délai avant une nouvelle visite (jours)"),
        default=DEFAULT_REVISIT_DAYS,
        help_text=_("Les entreprises visitées depuis moins longtemps sont écartées de la liste."),
    )
    target_count = models.PositiveSmallIntegerField(_("nombre d'entreprises ciblées"), default=DEFAULT_TARGET_COUNT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("campagne de prospection")
        verbose_name_plural = _("campagnes de prospection")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="campaign_ends_after_it_starts"),
            models.CheckConstraint(condition=Q(target_count__gte=1), name="campaign_targets_at_least_one"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("La campagne ne peut pas finir avant de commencer.")})
        unknown = [code for code in self.size_brackets or [] if code not in SizeBracket.values]
        if not isinstance(self.size_brackets, list) or unknown:
            raise ValidationError(
                {"size_brackets": _("Tranche d'effectifs inconnue : %(codes)s") % {"codes": ", ".join(unknown)}}
            )


class Pair(models.Model):
    """Two volunteers of two different organisations who prospect together during a campaign (binôme)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="pairs")
    number = models.PositiveSmallIntegerField(_("numéro"))
    first_member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    first_organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    second_member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    second_organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["campaign", "number"]
        verbose_name = _("binôme")
        verbose_name_plural = _("binômes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(first_organisation=F("second_organisation")), name="pair_of_two_organisations"
            ),
            models.CheckConstraint(condition=~Q(first_member=F("second_member")), name="pair_of_two_people"),
            models.UniqueConstraint(fields=["campaign", "number"], name="unique_pair_number_per_campaign"),
            models.UniqueConstraint(fields=["campaign", "first_member"], name="unique_pair_first_member"),
            models.UniqueConstraint(fields=["campaign", "second_member"], name="unique_pair_second_member"),
        ]

    def __str__(self) -> str:
        return _("Binôme %(number)s") % {"number": self.number}

    def member_ids(self) -> tuple[int, int]:
        return (self.first_member_id, self.second_member_id)


class CampaignTarget(models.Model):
    """A company on a campaign's target list, with its rank, its score and the pair that visits it."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    employer = models.ForeignKey("employers.Employer", on_delete=models.PROTECT, related_name="campaign_targets")
    rank = models.PositiveIntegerField(_("rang"))
    score = models.FloatField(_("potentiel d'embauche"))
    pair = models.ForeignKey(Pair, on_delete=models.SET_NULL, null=True, blank=True, related_name="targets")

    class Meta:
        ordering = ["campaign", "rank"]
        verbose_name = _("entreprise ciblée")
        verbose_name_plural = _("entreprises ciblées")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "employer"], name="unique_campaign_target"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} – {self.employer}"


class Visit(models.Model):
    """A visit to a company: planned (date, pair, company), then its report and the offers it collected."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, null=True, blank=True, related_name="visits")
    employer = models.ForeignKey("employers.Employer", on_delete=models.PROTECT, related_name="visits")
    pair = models.ForeignKey(Pair, on_delete=models.SET_NULL, null=True, blank=True, related_name="visits")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation qui a prévu la visite"),
    )
    planned_on = models.DateField(_("prévue le"))
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=VisitStatus.choices, default=VisitStatus.PLANNED, db_index=True
    )
    visited_on = models.DateField(_("visitée le"), null=True, blank=True)
    outcome = models.CharField(_("issue"), max_length=20, choices=VisitOutcome.choices, blank=True)
    needs = models.TextField(_("besoins identifiés"), blank=True)
    services_presented = models.JSONField(_("services présentés"), default=list, blank=True)
    next_step = models.CharField(_("prochaine étape"), max_length=255, blank=True)
    next_step_due_on = models.DateField(_("prochaine étape avant le"), null=True, blank=True)
    reported_at = models.DateTimeField(_("compte rendu le"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    offers = models.ManyToManyField(
        "offers.Offer", blank=True, related_name="visits", verbose_name=_("offres recueillies")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["planned_on", "id"]
        verbose_name = _("visite d'entreprise")
        verbose_name_plural = _("visites d'entreprises")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=VisitStatus.REPORTED) | ~Q(outcome=""), name="reported_visit_has_an_outcome"
            ),
        ]
        indexes = [
            models.Index(fields=["employer", "status", "visited_on"], name="visit_by_employer"),
            models.Index(fields=["campaign", "status"], name="visit_by_campaign"),
        ]

    def __str__(self) -> str:
        return f"{self.employer} – {self.planned_on}"

    def clean(self) -> None:
        unknown = [code for code in self.services_presented or [] if code not in ServicePresented.values]
        if unknown:
            raise ValidationError({"services_presented": _("Service inconnu : %(codes)s") % {"codes": unknown}})
