"""A young person's record: identity, situation, barriers, schemes, who follows them, consents, notes."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.core.fields import derived_update_fields
from tandem.core.text import search_normalise
from tandem.people import job_rows
from tandem.people.enums import (
    BarrierKind,
    BarrierStatus,
    ConsentRecipient,
    ContractWish,
    FollowRole,
    FtCategory,
    HousingSituation,
    LegalBasis,
    QualificationLevel,
    Scheme,
)


class Person(models.Model):
    first_name = models.CharField(_("prénom"), max_length=150)
    last_name = models.CharField(_("nom de famille"), max_length=150)
    birth_date = models.DateField(_("date de naissance"))
    email = models.EmailField(_("adresse électronique"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    commune = models.ForeignKey(
        "territories.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune de résidence"),
    )
    ft_identifier = models.CharField(_("identifiant France Travail"), max_length=20, blank=True)
    ft_registered_on = models.DateField(_("inscrit·e à France Travail le"), null=True, blank=True)
    ft_category = models.CharField(_("catégorie"), max_length=1, choices=FtCategory.choices, blank=True)
    education_level = models.ForeignKey(
        "referentials.EducationLevel",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("niveau de formation"),
    )
    has_rqth = models.BooleanField(_("RQTH"), default=False)
    housing = models.CharField(_("logement"), max_length=20, choices=HousingSituation.choices, blank=True)
    resources = models.CharField(_("ressources"), max_length=255, blank=True)
    is_precarious = models.BooleanField(_("situation de précarité"), default=False)
    # Personal data: legal basis, when the person was informed, retention.
    legal_basis = models.CharField(
        _("base légale"), max_length=20, choices=LegalBasis.choices, default=LegalBasis.PUBLIC_INTEREST
    )
    informed_on = models.DateField(_("informé·e du traitement le"), null=True, blank=True)
    last_contact_on = models.DateField(_("dernier contact"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymisé le"), null=True, blank=True)
    possible_duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("doublon possible de"),
    )
    # The names as search reads them (tandem.core.text.search_normalise), kept by save(); trigram-indexed on
    # PostgreSQL (migration 0005).
    search_key = models.CharField(max_length=310, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("personne accompagnée")
        verbose_name_plural = _("personnes accompagnées")
        constraints = [
            models.UniqueConstraint(
                fields=["ft_identifier"],
                condition=~Q(ft_identifier=""),
                name="unique_ft_identifier_when_given",
                # Same words whoever follows the record: nothing more is disclosed (docs/security.md).
                violation_error_message=_(
                    "Cet identifiant France Travail est celui d'un dossier déjà suivi, par votre organisation ou "
                    "un partenaire : retrouvez-le dans vos personnes suivies ou demandez une orientation."
                ),
                violation_error_code="ft_identifier_taken",
            ),
        ]
        indexes = [models.Index(fields=["last_name", "first_name", "birth_date"], name="person_identity")]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # An anonymised record answers to no name at all.
        names = "" if self.anonymised_at else f"{self.last_name} {self.first_name}"
        self.search_key = search_normalise(names)
        sources = {"first_name", "last_name", "anonymised_at"}
        super().save(*args, **derived_update_fields(kwargs, sources=sources, derived="search_key"))

    def clean(self) -> None:
        """A birth date that can be true, whatever the channel (form, API, import): full_clean() runs this."""
        super().clean()
        if not isinstance(self.birth_date, datetime.date):
            return  # no valid date: clean_fields already says so
        if self.birth_date > timezone.localdate():
            raise ValidationError({"birth_date": _("La date de naissance ne peut pas être dans le futur.")})
        if self.birth_date.year < 1900:
            raise ValidationError({"birth_date": _("La date de naissance ne peut pas être antérieure à 1900.")})

    def age_on(self, day: datetime.date) -> int:
        return day.year - self.birth_date.year - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))


class Follow(models.Model):
    """An organisation following a person: exactly one lead (organisation and adviser) at a time."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="follows")
    # Read by organisation through follow_caseload and follow_visible (organisation first): no index of its own.
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="follows", db_index=False
    )
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="follows"
    )
    role = models.CharField(_("rôle"), max_length=20, choices=FollowRole.choices)
    started_at = models.DateTimeField(_("depuis"))
    ended_at = models.DateTimeField(_("jusqu'au"), null=True, blank=True)
    end_reason = models.CharField(_("motif de fin"), max_length=255, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            # One lead organisation and adviser per person at any time.
            models.UniqueConstraint(
                fields=["person"], condition=Q(role=FollowRole.LEAD, ended_at__isnull=True), name="one_current_lead"
            ),
            models.UniqueConstraint(
                fields=["person", "organisation"], condition=Q(ended_at__isnull=True), name="one_current_follow_per_org"
            ),
            models.CheckConstraint(
                condition=~Q(role=FollowRole.LEAD) | Q(adviser__isnull=False), name="lead_has_an_adviser"
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "role", "ended_at"], name="follow_caseload"),
            # The access rule's followed half (tandem.access.permissions): the people an organisation follows now,
            # read from the index alone.
            models.Index(fields=["organisation", "person"], condition=Q(ended_at__isnull=True), name="follow_visible"),
        ]


class Barrier(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="barriers")
    kind = models.CharField(_("frein"), max_length=20, choices=BarrierKind.choices)
    status = models.CharField(
        _("statut"), max_length=20, choices=BarrierStatus.choices, default=BarrierStatus.IDENTIFIED
    )
    identified_on = models.DateField(_("identifié le"))
    lifted_on = models.DateField(_("levé le"), null=True, blank=True)
    comment = models.TextField(_("commentaire"), blank=True)

    class Meta:
        ordering = ["kind"]
        constraints = [models.UniqueConstraint(fields=["person", "kind"], name="one_barrier_per_kind")]


class BarrierAction(models.Model):
    barrier = models.ForeignKey(Barrier, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action"), max_length=500)
    done_on = models.DateField(_("le"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-done_on", "-id"]


class SchemeEnrolment(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="schemes")
    scheme = models.CharField(_("dispositif"), max_length=20, choices=Scheme.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")), name="scheme_dates_ordered"
            ),
        ]


class Consent(models.Model):
    """The person's agreement to share their record with a temp agency or an employer; revocable."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    recipient_kind = models.CharField(_("destinataire"), max_length=20, choices=ConsentRecipient.choices)
    recipient = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation destinataire"),
    )
    given_on = models.DateField(_("recueilli le"))
    revoked_on = models.DateField(_("retiré le"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-given_on"]


class Note(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("note"))
    is_shared = models.BooleanField(
        _("partagée avec les partenaires"), default=False, help_text=_("Sinon, visible de votre organisation seule")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]


class JobProfile(models.Model):
    """What the person looks for and brings (the job project): drives the matching and the anonymous CV.

    Written by people.services.job_profile_save only; its JSON rows are checked by people.job_rows.
    """

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="job_profile")
    sought_romes = models.ManyToManyField(
        "referentials.RomeCode", blank=True, related_name="+", verbose_name=_("métiers recherchés (ROME)")
    )
    # An appellation says its ROME: the matching reads both.
    sought_appellations = models.ManyToManyField(
        "referentials.RomeAppellation", blank=True, related_name="+", verbose_name=_("appellations recherchées")
    )
    max_distance_km = models.PositiveSmallIntegerField(
        _("distance maximale (km)"), default=30, validators=[MinValueValidator(1), MaxValueValidator(300)]
    )
    has_driving_licence = models.BooleanField(_("permis B"), default=False)
    has_vehicle = models.BooleanField(_("véhicule"), default=False)
    wished_contract_types = models.JSONField(_("contrats souhaités"), default=list, blank=True)
    part_time_only = models.BooleanField(_("temps partiel uniquement"), default=False)
    qualification_level = models.CharField(
        _("niveau de qualification"), max_length=10, choices=QualificationLevel.choices, blank=True
    )
    skills = models.TextField(_("compétences"), blank=True)
    experiences = models.JSONField(
        _("expériences"), default=list, blank=True, help_text=_("[{title, sector, duration_months, year}]")
    )
    trainings = models.JSONField(_("formations"), default=list, blank=True, help_text=_("[{title, year, level}]"))
    languages = models.JSONField(_("langues"), default=list, blank=True, help_text=_("[{language, level}]"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("projet professionnel")

    @property
    def wished_contract_labels(self) -> list[str]:
        labels = dict(ContractWish.choices)
        return [str(labels.get(code, code)) for code in self.wished_contract_types or []]

    @property
    def experience_rows(self) -> list[dict[str, Any]]:
        return job_rows.experiences_read(self.experiences)

    @property
    def training_rows(self) -> list[dict[str, Any]]:
        return job_rows.trainings_read(self.trainings)

    @property
    def language_rows(self) -> list[dict[str, Any]]:
        return job_rows.languages_read(self.languages)
