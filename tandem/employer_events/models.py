"""Employer events: information meetings, job datings and forums, the companies invited and the young people who
took part (docs/employer_events.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tandem.employer_events.enums import (
    EventFormat,
    EventStatus,
    EventTheme,
    InvitationStatus,
    ParticipationOutcome,
    RegistrationStatus,
)


class EmployerEvent(models.Model):
    """An event organised by one organisation with the partners taking part: a day, a place, its companies and
    young people."""

    format = models.CharField(_("type d'événement"), max_length=30, choices=EventFormat.choices)
    title = models.CharField(_("intitulé"), max_length=200)
    theme = models.CharField(_("thème"), max_length=30, choices=EventTheme.choices, blank=True)
    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("début"))
    ends_at = models.TimeField(_("fin"))
    street = models.CharField(_("adresse"), max_length=255, blank=True)
    commune = models.ForeignKey(
        "territories.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation qui organise"),
    )
    partners = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="employer_events",
        verbose_name=_("partenaires associés"),
    )
    capacity = models.PositiveIntegerField(_("nombre de places"), null=True, blank=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=EventStatus.choices, default=EventStatus.PLANNED, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["held_on", "starts_at", "id"]
        verbose_name = _("événement employeurs")
        verbose_name_plural = _("événements employeurs")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="employer_event_ends_after_start"),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1), name="employer_event_capacity_positive"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "held_on"], name="employer_event_by_organiser")]

    def __str__(self) -> str:
        return f"{self.get_format_display()} « {self.title} »"


class Invitation(models.Model):
    """A company invited to the event, its answer, then whether it came; optionally the offers it brings."""

    event = models.ForeignKey(EmployerEvent, on_delete=models.CASCADE, related_name="invitations")
    employer = models.ForeignKey(
        "employers.Employer", on_delete=models.PROTECT, related_name="event_invitations", verbose_name=_("entreprise")
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=InvitationStatus.choices, default=InvitationStatus.INVITED, db_index=True
    )
    offers = models.ManyToManyField(
        "offers.Offer", blank=True, related_name="event_invitations", verbose_name=_("offres présentées")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("invitée par")
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["event", "employer__name", "id"]
        verbose_name = _("entreprise invitée")
        verbose_name_plural = _("entreprises invitées")
        constraints = [models.UniqueConstraint(fields=["event", "employer"], name="unique_invitation_per_event")]

    def __str__(self) -> str:
        return f"{self.event} – {self.employer}"


class Registration(models.Model):
    """A young person registered by an adviser, then present or absent, and what came of it (personal data)."""

    event = models.ForeignKey(EmployerEvent, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="event_registrations", verbose_name=_("personne")
    )
    status = models.CharField(
        _("présence"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
        db_index=True,
    )
    outcome = models.CharField(_("suite"), max_length=20, choices=ParticipationOutcome.choices, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("inscrit·e par")
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["event", "id"]
        verbose_name = _("inscription d'un jeune")
        verbose_name_plural = _("inscriptions de jeunes")
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="unique_registration_per_event"),
            models.CheckConstraint(
                condition=Q(status=RegistrationStatus.PRESENT) | Q(outcome=""), name="registration_outcome_if_present"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} – {self.person_id}"
