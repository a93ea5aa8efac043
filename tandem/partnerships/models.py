"""Conventions between partners, from the national framework agreement to local conventions: their parties,
documents, targets and seconded staff (docs/partnerships.md).

A local convention is the source of the partnership links between its parties (organisations.PartnershipLink, the
read model referrals and access use): `ConventionLink` records which convention each link comes from, here, so that
organisations never needs to know about conventions.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tandem.partnerships.enums import (
    ConventionKind,
    ConventionLevel,
    ConventionStatus,
    Indicator,
    PartyRole,
    SecondmentMission,
    WayOfWorking,
)


def _codes_in(choices: type[models.TextChoices], values: object, field: str) -> None:
    if not isinstance(values, list) or any(value not in choices.values for value in values):
        raise ValidationError({field: _("Choix inconnu.")})


class Convention(models.Model):
    level = models.CharField(_("niveau"), max_length=20, choices=ConventionLevel.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("convention de rattachement"),
    )
    kind = models.CharField(_("type de convention"), max_length=30, choices=ConventionKind.choices)
    title = models.CharField(_("intitulé"), max_length=200)
    status = models.CharField(
        _("statut"), max_length=20, choices=ConventionStatus.choices, default=ConventionStatus.DRAFT, db_index=True
    )
    signed_on = models.DateField(_("signée le"), null=True, blank=True)
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    axes = models.JSONField(_("axes de travail"), default=list, blank=True)
    referral_answer_days = models.PositiveSmallIntegerField(
        _("délai de réponse à une orientation (jours)"), default=7, validators=[MinValueValidator(1)]
    )
    first_meeting_days = models.PositiveSmallIntegerField(
        _("délai de premier rendez-vous (jours)"), default=15, validators=[MinValueValidator(1)]
    )
    ways_of_working = models.JSONField(_("modalités de travail"), default=list, blank=True)
    notes = models.TextField(_("remarques"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["level", "title", "id"]
        verbose_name = _("convention")
        verbose_name_plural = _("conventions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="convention_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(referral_answer_days__gte=1) & Q(first_meeting_days__gte=1),
                name="convention_deadlines_at_least_one_day",
            ),
            models.CheckConstraint(
                condition=Q(level=ConventionLevel.NATIONAL, parent__isnull=True) | ~Q(level=ConventionLevel.NATIONAL),
                name="national_convention_has_no_parent",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        _codes_in(WayOfWorking, self.ways_of_working, "ways_of_working")
        if not isinstance(self.axes, list) or any(not isinstance(axis, str) or len(axis) > 200 for axis in self.axes):
            raise ValidationError({"axes": _("Un axe de travail tient en 200 caractères.")})


class ConventionParty(models.Model):
    """An organisation that is party to a convention, its role, and its single contact for the convention."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="convention_parties",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("rôle"), max_length=20, choices=PartyRole.choices, default=PartyRole.SIGNATORY)
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("interlocuteur unique"),
    )

    class Meta:
        ordering = ["convention", "id"]
        verbose_name = _("partie à une convention")
        verbose_name_plural = _("parties à une convention")
        constraints = [models.UniqueConstraint(fields=["convention", "organisation"], name="unique_convention_party")]

    def __str__(self) -> str:
        return f"{self.convention} – {self.organisation_id}"


class ConventionLink(models.Model):
    """The partnership link a local convention keeps between two of its parties (its source)."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="link_rows")
    link = models.OneToOneField(
        "organisations.PartnershipLink", on_delete=models.CASCADE, related_name="convention_row"
    )

    class Meta:
        verbose_name = _("lien issu d'une convention")
        verbose_name_plural = _("liens issus d'une convention")

    def __str__(self) -> str:
        return f"{self.convention_id} → {self.link_id}"


def convention_upload_to(instance: ConventionDocument, filename: str) -> str:
    return f"conventions/{instance.convention_id}/{filename}"


class ConventionDocument(models.Model):
    """A PDF attached to a convention (the signed convention, an amendment), shown to its readers only."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("titre"), max_length=200)
    file = models.FileField(_("fichier"), upload_to=convention_upload_to, max_length=255)
    size = models.PositiveIntegerField(_("taille (octets)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["convention", "-uploaded_at", "-id"]
        verbose_name = _("document de convention")
        verbose_name_plural = _("documents de convention")

    def __str__(self) -> str:
        return self.title


class Target(models.Model):
    """A quantified target of a convention: an indicator, a period (a year, or from a day to a day), a value."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField(_("indicateur"), max_length=40, choices=Indicator.choices)
    year = models.PositiveSmallIntegerField(
        _("année"), null=True, blank=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    starts_on = models.DateField(_("du"), null=True, blank=True)
    ends_on = models.DateField(_("au"), null=True, blank=True)
    value = models.DecimalField(
        _("valeur"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )

    class Meta:
        ordering = ["convention", "indicator", "year", "starts_on", "id"]
        verbose_name = _("objectif")
        verbose_name_plural = _("objectifs")
        constraints = [
            models.CheckConstraint(
                condition=(Q(year__isnull=False) & Q(starts_on__isnull=True) & Q(ends_on__isnull=True))
                | (Q(year__isnull=True) & Q(starts_on__isnull=False) & Q(ends_on__gte=F("starts_on"))),
                name="target_period_is_a_year_or_two_days",
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="target_value_not_negative"),
            models.UniqueConstraint(
                fields=["convention", "indicator", "year"],
                condition=Q(year__isnull=False),
                name="unique_target_per_indicator_and_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()} {self.period_label}: {self.value}"

    @property
    def period_label(self) -> str:
        if self.year is not None:
            return str(self.year)
        return f"{self.starts_on:%d/%m/%Y} – {self.ends_on:%d/%m/%Y}"


class Secondment(models.Model):
    """A France Travail agent seconded to a Mission Locale under a convention, for a share of their time."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="secondments")
    agent_name = models.CharField(_("agent mis à disposition"), max_length=200)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("compte de l'agent"),
    )
    from_agency = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="secondments_out",
        verbose_name=_("agence d'origine"),
    )
    to_mission_locale = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="secondments_in",
        verbose_name=_("Mission Locale d'accueil"),
    )
    fte = models.DecimalField(
        _("quotité (ETP)"),
        max_digits=3,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1"))],
    )
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    missions = models.JSONField(_("missions"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["convention", "to_mission_locale__name", "agent_name", "id"]
        verbose_name = _("mise à disposition")
        verbose_name_plural = _("mises à disposition")
        constraints = [
            models.CheckConstraint(condition=Q(fte__gt=0) & Q(fte__lte=1), name="secondment_fte_share"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="secondment_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agent_name} ({self.fte} ETP)"

    def clean(self) -> None:
        _codes_in(SecondmentMission, self.missions, "missions")
