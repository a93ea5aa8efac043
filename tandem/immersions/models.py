"""Immersions (docs/immersions.md): a staff member of a Mission Locale spends days at a partner temp agency or
France Travail agency, or the other way round; a young person spends days in a company (PMSMP)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tandem.immersions.enums import PmsmpObjective, PmsmpResult, PmsmpStatus, StaffImmersionStatus

# A PMSMP lasts at most 30 calendar days per agreement (Code du travail, art. D. 5135-3).
PMSMP_MAX_DAYS = 30
PMSMP_MAX_WEEKLY_HOURS = 35


class StaffImmersion(models.Model):
    """A staff member of one partner spends some days at another to see how it works (no young person's data)."""

    staff_name = models.CharField(_("professionnel·le en immersion"), max_length=200)
    staff_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("compte Tandem du professionnel"),
    )
    sending_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="staff_immersions_sent",
        verbose_name=_("organisation d'origine"),
    )
    host_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="staff_immersions_hosted",
        verbose_name=_("organisation d'accueil"),
    )
    convention = models.ForeignKey(
        "partnerships.Convention",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_immersions",
        verbose_name=_("convention de partenariat"),
    )
    starts_on = models.DateField(_("premier jour"))
    ends_on = models.DateField(_("dernier jour"))
    objective = models.TextField(_("objectif"))
    report = models.TextField(_("bilan"), blank=True)
    status = models.CharField(
        _("statut"),
        max_length=20,
        choices=StaffImmersionStatus.choices,
        default=StaffImmersionStatus.PLANNED,
        db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("immersion d'un professionnel")
        verbose_name_plural = _("immersions de professionnels")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="staff_immersion_dates_ordered"),
            models.CheckConstraint(
                condition=~Q(sending_organisation=F("host_organisation")), name="staff_immersion_two_organisations"
            ),
        ]
        indexes = [
            models.Index(fields=["sending_organisation", "starts_on"], name="staff_immersion_by_sender"),
            models.Index(fields=["host_organisation", "starts_on"], name="staff_immersion_by_host"),
        ]

    def __str__(self) -> str:
        return gettext("Immersion de %(name)s") % {"name": self.staff_name}

    @property
    def person_id(self) -> None:
        """No young person: the API's workflow runner writes its audit entries (audit_row) without one."""
        return None

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": gettext("Le dernier jour vient après le premier.")})


def pmsmp_dates_error(starts_on: datetime.date, ends_on: datetime.date) -> str:
    """The French sentence refusing the dates of a PMSMP, or "" when they hold (start ≤ end, 30 days at most)."""
    if ends_on < starts_on:
        return gettext("Le dernier jour de l'immersion vient après le premier.")
    latest = starts_on + datetime.timedelta(days=PMSMP_MAX_DAYS - 1)
    if ends_on > latest:
        return gettext(
            "Une PMSMP dure au plus %(days)s jours calendaires par convention : commencée le %(start)s, elle finit "
            "au plus tard le %(latest)s. Pour aller au-delà, signez une nouvelle convention."
        ) % {
            "days": PMSMP_MAX_DAYS,
            "start": formats.date_format(starts_on, "SHORT_DATE_FORMAT"),
            "latest": formats.date_format(latest, "SHORT_DATE_FORMAT"),
        }
    return ""


class Pmsmp(models.Model):
    """A young person's immersion in a company under a three-party agreement (personal data: audited)."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="pmsmps", verbose_name=_("bénéficiaire")
    )
    employer = models.ForeignKey(
        "employers.Employer", on_delete=models.PROTECT, related_name="pmsmps", verbose_name=_("entreprise d'accueil")
    )
    tutor_name = models.CharField(_("tuteur ou tutrice"), max_length=200)
    tutor_function = models.CharField(_("fonction du tuteur"), max_length=200, blank=True)
    tutor_phone = models.CharField(_("téléphone du tuteur"), max_length=30, blank=True)
    tutor_email = models.EmailField(_("adresse électronique du tuteur"), blank=True)
    starts_on = models.DateField(_("premier jour"))
    ends_on = models.DateField(_("dernier jour"))
    weekly_hours = models.PositiveSmallIntegerField(
        _("heures par semaine"),
        default=PMSMP_MAX_WEEKLY_HOURS,
        validators=[MinValueValidator(1), MaxValueValidator(PMSMP_MAX_WEEKLY_HOURS)],
    )
    objective = models.CharField(_("objectif"), max_length=20, choices=PmsmpObjective.choices)
    job_label = models.CharField(_("métier"), max_length=200)
    rome = models.ForeignKey(
        "referentials.RomeCode",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("code ROME"),
    )
    activities = models.TextField(_("activités confiées"))
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="pmsmps",
        verbose_name=_("structure prescriptrice"),
    )
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("conseiller·ère"),
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=PmsmpStatus.choices, default=PmsmpStatus.PROPOSED, db_index=True
    )
    signed_on = models.DateField(_("convention signée le"), null=True, blank=True)
    attendance_ok = models.BooleanField(_("assiduité satisfaisante"), null=True, blank=True)
    skills_observed = models.TextField(_("compétences observées"), blank=True)
    result = models.CharField(_("résultat"), max_length=20, choices=PmsmpResult.choices, blank=True)
    cancel_reason = models.CharField(_("motif d'annulation"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("immersion en entreprise (PMSMP)")
        verbose_name_plural = _("immersions en entreprise (PMSMP)")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="pmsmp_dates_ordered"),
            models.CheckConstraint(
                condition=Q(weekly_hours__gte=1) & Q(weekly_hours__lte=PMSMP_MAX_WEEKLY_HOURS),
                name="pmsmp_weekly_hours_in_range",
            ),
            models.CheckConstraint(
                condition=Q(signed_on__isnull=False) | Q(status__in=[PmsmpStatus.PROPOSED, PmsmpStatus.CANCELLED]),
                name="pmsmp_signed_once_past_proposed",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "starts_on"], name="pmsmp_by_prescriber")]

    def __str__(self) -> str:
        return gettext("PMSMP chez %(employer)s") % {"employer": self.employer.display_name}

    def clean(self) -> None:
        if self.starts_on and self.ends_on:
            error = pmsmp_dates_error(self.starts_on, self.ends_on)
            if error:
                raise ValidationError({"ends_on": error})
