"""Exits from accompaniment: a young person leaving the accompaniment of the organisation that led them, why, and
their situation six months later (docs/exits.md)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tandem.exits import rules
from tandem.exits.enums import CancelReason, ContractType, ExitReason, ExitStatus, Situation


def _check_contract(row: models.Model, *, employed: bool) -> None:
    """The contract for an employment only, its length when it counts (the named rule: tandem.exits.rules)."""
    contract, months = row.contract_type, row.contract_months  # type: ignore[attr-defined]
    if not employed:
        if contract or months is not None:
            raise ValidationError(
                {"contract_type": gettext("Le contrat ne se renseigne que pour un emploi.")},
                code="contract_not_employed",
            )
        return
    if not contract:
        raise ValidationError({"contract_type": gettext("Choisissez le type de contrat.")}, code="contract_missing")
    if rules.needs_months(contract) and months is None:
        raise ValidationError(
            {"contract_months": gettext("Indiquez la durée du contrat en mois.")}, code="months_missing"
        )


class Exit(models.Model):
    """A young person's exit from the accompaniment of the organisation that led them (personal data)."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="exits", verbose_name=_("personne")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation référente"),
    )
    exited_on = models.DateField(_("date de sortie"))
    reason = models.CharField(_("motif de sortie"), max_length=20, choices=ExitReason.choices)
    contract_type = models.CharField(_("type de contrat"), max_length=20, choices=ContractType.choices, blank=True)
    contract_months = models.PositiveSmallIntegerField(
        _("durée du contrat (mois)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    # Written from the named rules on every save (tandem.exits.rules), so that lists and counts read a column.
    is_positive = models.BooleanField(_("sortie positive"), default=False)
    is_durable = models.BooleanField(_("emploi durable"), default=False)
    status = models.CharField(
        _("statut"), max_length=20, choices=ExitStatus.choices, default=ExitStatus.RECORDED, db_index=True
    )
    cancel_reason = models.CharField(_("motif d'annulation"), max_length=20, choices=CancelReason.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-exited_on", "-id"]
        verbose_name = _("sortie d'accompagnement")
        verbose_name_plural = _("sorties d'accompagnement")
        constraints = [
            # One standing exit per person and organisation: a cancelled one leaves room for the right one.
            models.UniqueConstraint(
                fields=["person", "organisation"],
                condition=Q(status=ExitStatus.RECORDED),
                name="exit_one_standing_per_organisation",
            ),
            models.CheckConstraint(
                condition=Q(status=ExitStatus.CANCELLED) | Q(cancel_reason=""), name="exit_reason_if_cancelled"
            ),
            models.CheckConstraint(
                condition=Q(reason=ExitReason.EMPLOYMENT) | Q(contract_type=""), name="exit_contract_if_employed"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status", "exited_on"], name="exit_by_organisation")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.exited_on:%d/%m/%Y})"

    def clean(self) -> None:
        _check_contract(self, employed=self.reason == ExitReason.EMPLOYMENT)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.is_positive = rules.is_positive(self.reason)
        self.is_durable = self.reason == ExitReason.EMPLOYMENT and rules.is_durable(
            self.contract_type, self.contract_months
        )
        super().save(*args, **kwargs)

    @property
    def follow_up_due_on(self) -> datetime.date:
        return rules.follow_up_due_on(self.exited_on)


class ExitFollowUp(models.Model):
    """The young person's situation six months after the exit: one per exit (personal data)."""

    exit = models.OneToOneField(Exit, on_delete=models.PROTECT, related_name="follow_up", verbose_name=_("sortie"))
    observed_on = models.DateField(_("date d'observation"))
    situation = models.CharField(_("situation"), max_length=20, choices=Situation.choices)
    contract_type = models.CharField(_("type de contrat"), max_length=20, choices=ContractType.choices, blank=True)
    contract_months = models.PositiveSmallIntegerField(
        _("durée du contrat (mois)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    is_durable = models.BooleanField(_("emploi durable"), default=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("enregistré par")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("situation à six mois")
        verbose_name_plural = _("situations à six mois")
        constraints = [
            models.CheckConstraint(
                condition=Q(situation=Situation.EMPLOYMENT) | Q(contract_type=""), name="follow_up_contract_if_employed"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_situation_display()} ({self.observed_on:%d/%m/%Y})"

    def clean(self) -> None:
        _check_contract(self, employed=self.situation == Situation.EMPLOYMENT)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.is_durable = self.situation == Situation.EMPLOYMENT and rules.is_durable(
            self.contract_type, self.contract_months
        )
        super().save(*args, **kwargs)
