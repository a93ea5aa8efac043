"""Barrier-lifting actions (transport, childcare, driving licence…) run by a partner with a limited number of
places, and the people advisers refer to them: a place, or the waiting list (docs/barrier_actions.md)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tandem.barrier_actions.enums import ACTIVE_STATUSES, ActionStatus, EnrolmentStatus
from tandem.people.enums import BarrierKind


class BarrierAction(models.Model):
    """An action a partner runs to lift one kind of barrier, with its places. No personal data: every member of a
    partner reads the catalogue of actions (counts only); the owner's managers keep it."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="barrier_actions",
        verbose_name=_("organisation qui porte l'action"),
    )
    title = models.CharField(_("intitulé"), max_length=200)
    barrier_kind = models.CharField(_("frein"), max_length=20, choices=BarrierKind.choices, db_index=True)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    communes = models.ManyToManyField(
        "territories.Commune",
        blank=True,
        related_name="+",
        verbose_name=_("communes desservies"),
        help_text=_("Vide : le territoire de l'organisation qui porte l'action."),
    )
    capacity = models.PositiveIntegerField(_("nombre de places"))
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN, db_index=True
    )
    service = models.ForeignKey(
        "service_catalogue.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="barrier_actions",
        verbose_name=_("service du catalogue"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_on", "title", "id"]
        verbose_name = _("action de levée des freins")
        verbose_name_plural = _("actions de levée des freins")
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="barrier_action_capacity_positive"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="barrier_action_ends_after"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="barrier_action_by_owner")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.service_id is not None and self.service is not None:
            if self.service.organisation_id != self.organisation_id:
                raise ValidationError({"service": _("Choisissez un service de l'organisation qui porte l'action.")})
        if self.ends_on is not None and self.starts_on is not None and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("L'action finit après avoir commencé.")})


class Enrolment(models.Model):
    """A person referred to an action by an adviser: a place, else the waiting list (in order of arrival), then out
    of it (left, or the action followed to its end). Personal data: read and written under tandem.access."""

    action = models.ForeignKey(BarrierAction, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="barrier_enrolments", verbose_name=_("personne")
    )
    status = models.CharField(_("statut"), max_length=20, choices=EnrolmentStatus.choices, db_index=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("orientée par")
    )
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("conseiller ou conseillère"),
    )
    # The order of the waiting list: first come, first served.
    created_at = models.DateTimeField(auto_now_add=True)
    placed_at = models.DateTimeField(_("place obtenue le"), null=True, blank=True)
    ended_at = models.DateTimeField(_("sortie le"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["action", "created_at", "id"]
        verbose_name = _("orientation vers une action")
        verbose_name_plural = _("orientations vers des actions")
        constraints = [
            models.UniqueConstraint(
                fields=["action", "person"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="one_active_enrolment_per_action",
            ),
        ]
        indexes = [models.Index(fields=["action", "status", "created_at"], name="enrolment_by_action_status")]

    def __str__(self) -> str:
        return f"{self.action} – {self.person_id}"
