"""Referrals (orientations) between partners, followed to the first meeting and the outcome."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _

from tandem.referrals.enums import OPEN_STATUSES, WAITING_STATUSES, ReferralOutcome, ReferralStatus, RefusalReason


class ReferralQuerySet(models.QuerySet["Referral"]):
    """The one definition of a late referral: waiting for an answer past its answer date, or for a first
    meeting past its meeting date. `deadline` is the date that matters in the referral's state."""

    def with_deadline(self, *, today: datetime.date) -> ReferralQuerySet:
        return self.annotate(deadline=deadline_expression()).annotate(
            is_overdue=Case(
                When(deadline__lt=today, then=Value(True)), default=Value(False), output_field=models.BooleanField()
            )
        )

    def due_by(self, *, day: datetime.date) -> ReferralQuerySet:
        """Waiting, with the date that matters on or before the day."""
        return self.filter(due_by_q(day))

    def overdue(self, *, today: datetime.date) -> ReferralQuerySet:
        return self.filter(overdue_q(today))


def deadline_expression() -> Case:
    """The date that matters in a referral's state: its answer date while proposed, its first meeting's date while
    accepted or scheduled, none once answered. Ordering by it (nulls last) puts the overdue first: the inbox's
    order, read from the index `referral_inbox_deadline`."""
    return Case(
        When(status=ReferralStatus.PROPOSED, then="answer_due_on"),
        When(status__in=WAITING_STATUSES, then="meeting_due_on"),
        default=Value(None),
        output_field=models.DateField(),
    )


def due_by_q(day: datetime.date) -> Q:
    return Q(status=ReferralStatus.PROPOSED, answer_due_on__lte=day) | Q(
        status__in=[ReferralStatus.ACCEPTED, ReferralStatus.MEETING_SCHEDULED], meeting_due_on__lte=day
    )


def overdue_q(today: datetime.date) -> Q:
    """Late: the date that matters in the referral's state is past."""
    return due_by_q(today - datetime.timedelta(days=1))


class Referral(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="referrals")
    # Read by organisation through referral_sent and referral_inbox (organisation first): no index of their own.
    from_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="referrals_sent",
        verbose_name=_("orienteur"),
        db_index=False,
    )
    to_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("destinataire"),
        db_index=False,
    )
    link = models.ForeignKey(
        "organisations.PartnershipLink", on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals"
    )
    is_designation = models.BooleanField(
        _("délégation du PPAE"), default=False, help_text=_("Proposition de cotraitance d'un jeune inscrit")
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.PROPOSED, db_index=True
    )
    reason = models.TextField(_("motif de l'orientation"), blank=True)
    proposed_at = models.DateTimeField(_("proposée le"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answer_due_on = models.DateField(_("réponse attendue le"))
    answered_at = models.DateTimeField(_("répondue le"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    refusal_reason = models.CharField(_("motif de refus"), max_length=30, choices=RefusalReason.choices, blank=True)
    refusal_comment = models.TextField(_("précision"), blank=True)
    meeting_due_on = models.DateField(_("premier rendez-vous attendu avant le"), null=True, blank=True)
    meeting_at = models.DateTimeField(_("premier rendez-vous le"), null=True, blank=True)
    meeting_held_on = models.DateField(_("premier rendez-vous honoré le"), null=True, blank=True)
    closed_at = models.DateTimeField(_("clôturée le"), null=True, blank=True)
    outcome = models.CharField(_("issue"), max_length=20, choices=ReferralOutcome.choices, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at"]
        verbose_name = _("orientation")
        verbose_name_plural = _("orientations")
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_organisation=models.F("to_organisation")), name="referral_between_two_organisations"
            ),
            models.UniqueConstraint(
                fields=["person", "to_organisation"],
                condition=Q(status__in=OPEN_STATUSES),
                name="one_open_referral_per_person_and_recipient",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReferralStatus.REFUSED) | ~Q(refusal_reason=""), name="refusal_has_a_reason"
            ),
        ]
        indexes = [
            models.Index(fields=["to_organisation", "status", "answer_due_on"], name="referral_inbox"),
            # Who may see a person (access.permissions.organisation_access_q): its open referrals' persons, by sender
            # and by receiver, read from the index alone.
            models.Index(
                fields=["from_organisation", "person"],
                condition=Q(status__in=OPEN_STATUSES),
                name="referral_open_sent",
            ),
            models.Index(
                fields=["to_organisation", "person"],
                condition=Q(status__in=OPEN_STATUSES),
                name="referral_open_received",
            ),
            # The inbox in its order, a receiver at a time: waiting referrals by deadline (the overdue first).
            models.Index(
                models.F("to_organisation"),
                deadline_expression(),
                models.F("id"),
                condition=Q(status__in=WAITING_STATUSES),
                name="referral_inbox_deadline",
            ),
            models.Index(fields=["from_organisation", "status"], name="referral_sent"),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.to_organisation} ({self.get_status_display()})"
