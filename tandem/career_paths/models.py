"""Missions along a path: a young person's temp-work missions, whichever agency placed them (docs/career_paths.md)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tandem.career_paths.enums import MAX_HOURS_PER_DAY, CancelReason, MissionStatus


class Mission(models.Model):
    """A temp-work mission of a young person: the agency that placed them, the company, the job, the dates and the
    hours worked (personal data)."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="missions", verbose_name=_("personne")
    )
    agency = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agence d'emploi"),
    )
    employer = models.ForeignKey(
        "employers.Employer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="missions",
        verbose_name=_("entreprise utilisatrice"),
    )
    employer_name = models.CharField(_("entreprise utilisatrice (hors Tandem)"), max_length=255, blank=True)
    job_label = models.CharField(_("poste"), max_length=200)
    rome = models.ForeignKey(
        "referentials.RomeCode",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("code ROME"),
    )
    appellation = models.ForeignKey(
        "referentials.RomeAppellation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("appellation ROME"),
    )
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    hours = models.DecimalField(
        _("heures travaillées"), max_digits=7, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=MissionStatus.choices, default=MissionStatus.RECORDED, db_index=True
    )
    cancel_reason = models.CharField(_("motif d'annulation"), max_length=20, choices=CancelReason.choices, blank=True)
    # Who answers for the record: the agency itself, or the lead organisation that wrote what the person reported.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("enregistrée par (organisation)"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("mission d'intérim")
        verbose_name_plural = _("missions d'intérim")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="mission_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(hours__gte=0), name="mission_hours_positive"),
            models.CheckConstraint(
                condition=Q(employer__isnull=False) | ~Q(employer_name=""), name="mission_names_its_employer"
            ),
            models.CheckConstraint(
                condition=Q(status=MissionStatus.CANCELLED) | Q(cancel_reason=""), name="mission_reason_if_cancelled"
            ),
        ]
        indexes = [models.Index(fields=["person", "starts_on"], name="mission_by_person")]

    def __str__(self) -> str:
        return f"{self.job_label} ({self.starts_on:%d/%m/%Y})"

    @property
    def employer_display(self) -> str:
        return self.employer.display_name if self.employer is not None else self.employer_name

    def calendar_days(self, today: datetime.date | None = None) -> int:
        """The calendar days the mission covers: to its end, or to today while it runs (0 before it starts)."""
        end = self.ends_on or (today or timezone.localdate())
        return max((end - self.starts_on).days + 1, 0)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.employer_id is None and not self.employer_name.strip():
            errors["employer_name"] = gettext("Indiquez l'entreprise utilisatrice : choisie dans Tandem, ou son nom.")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = gettext("La mission finit après avoir commencé : vérifiez les dates.")
        elif self.starts_on and self.hours is not None and self.hours > 0:
            # The plausibility: at most 12 h for each calendar day of the mission (so far, while it runs; a mission
            # that starts later counts its first day).
            days = max(self.calendar_days(), 1)
            if self.hours > MAX_HOURS_PER_DAY * days:
                errors["hours"] = _(
                    "%(hours)s heures sur %(days)s jour(s) de mission, c'est plus de %(max)s heures par jour : "
                    "vérifiez les heures ou les dates."
                ) % {
                    "hours": formats.number_format(self.hours, decimal_pos=2 if self.hours % 1 else 0),
                    "days": days,
                    "max": MAX_HOURS_PER_DAY,
                }
        if errors:
            raise ValidationError(errors)
