"""Shared job offers and the positioning of young people on them (mise en relation)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tandem.core.fields import derived_update_fields
from tandem.offers.enums import (
    OPEN_POSITIONING_STATUSES,
    ContractType,
    CvKind,
    ExperienceRequirement,
    NotRetainedReason,
    OfferSource,
    OfferStatus,
    PositioningStatus,
    SharingScope,
    WorkingTime,
)
from tandem.offers.search import offer_search_key

# What the matching's ranking reads of an open offer beside its job and point (criteria.OFFER_BASE, without the
# joined tables' columns) and what the sharing rule reads: included in offer_open_for_matching.
MATCHING_COLUMNS = (
    "id",
    "organisation",
    "sharing",
    "commune",
    "appellation",
    "requires_driving_licence",
    "night_work",
    "working_time",
    "contract_type",
    "experience",
    "experience_label",
    "qualification_level",
)


class Offer(models.Model):
    source = models.CharField(_("source"), max_length=20, choices=OfferSource.choices)
    external_id = models.CharField(_("identifiant à la source"), max_length=64)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="offers",
        verbose_name=_("organisation qui partage l'offre"),
        db_index=False,  # offer_by_org_date starts with it
    )
    title = models.CharField(_("intitulé"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    rome = models.ForeignKey(
        "referentials.RomeCode",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offers",
        verbose_name=_("code ROME"),
        db_index=False,  # offer_rome (a plain index: nobody searches codes by prefix)
    )
    rome_version = models.CharField(_("version du ROME"), max_length=10, blank=True)
    appellation = models.ForeignKey(
        "referentials.RomeAppellation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # offer_appellation (a plain index: nobody searches codes by prefix)
    )
    employer = models.ForeignKey(
        "employers.Employer", on_delete=models.SET_NULL, null=True, blank=True, related_name="offers"
    )
    employer_name = models.CharField(_("employeur"), max_length=255, blank=True)
    naf_code = models.CharField(_("code NAF"), max_length=5, blank=True)
    commune = models.ForeignKey(
        "territories.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lieu de travail"),
        db_index=False,  # offer_by_commune_date starts with it
    )
    place_label = models.CharField(_("lieu (libellé)"), max_length=255, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    contract_type = models.CharField(_("type de contrat"), max_length=30, choices=ContractType.choices)
    contract_duration_months = models.PositiveSmallIntegerField(_("durée (mois)"), null=True, blank=True)
    working_time = models.CharField(_("temps de travail"), max_length=10, choices=WorkingTime.choices, blank=True)
    working_time_label = models.CharField(_("durée du travail"), max_length=255, blank=True)
    night_work = models.BooleanField(_("travail de nuit"), default=False)
    salary_label = models.CharField(_("salaire"), max_length=255, blank=True)
    salary_min = models.DecimalField(
        _("salaire mensuel minimum (€)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    salary_max = models.DecimalField(
        _("salaire mensuel maximum (€)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    requires_driving_licence = models.BooleanField(_("permis de conduire exigé"), default=False)
    driving_licence_label = models.CharField(_("permis"), max_length=255, blank=True)
    qualification_level = models.CharField(_("niveau de qualification"), max_length=255, blank=True)
    experience = models.CharField(_("expérience"), max_length=1, choices=ExperienceRequirement.choices, blank=True)
    experience_label = models.CharField(_("expérience (libellé)"), max_length=255, blank=True)
    languages = models.JSONField(_("langues"), default=list, blank=True)
    positions = models.PositiveSmallIntegerField(_("postes"), default=1)
    # Hires recorded through Tandem's positionings: counted by one conditional UPDATE (positioning_hire),
    # so that hires at once never exceed the positions.
    hires = models.PositiveSmallIntegerField(_("embauches"), default=0, editable=False)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    source_updated_at = models.DateTimeField(_("mise à jour à la source le"), null=True, blank=True)
    expires_on = models.DateField(_("expire le"), null=True, blank=True)
    # Indexed as the first column of offer_open_by_place; offer_open_for_matching holds the open offers only.
    status = models.CharField(
        _("statut"),
        max_length=20,
        choices=OfferStatus.choices,
        default=OfferStatus.OPEN,
    )
    sharing = models.CharField(
        _("partage"), max_length=20, choices=SharingScope.choices, default=SharingScope.TERRITORY
    )
    # The title and the employer as search reads them (tandem.offers.search), kept by save() and the importers;
    # trigram-indexed on PostgreSQL (migration 0003).
    search_key = models.CharField(max_length=520, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("offre")
        verbose_name_plural = _("offres")
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="unique_offer_per_source"),
            models.CheckConstraint(condition=Q(positions__gte=1), name="offer_has_positions"),
        ]
        indexes = [
            # Open offers of given jobs around a point (the matching): the jobs, then the box, in the index; with
            # every column the matching's ranking reads of an offer (queries, criteria.OFFER_BASE) and the sharing
            # rule's (offers.selectors.offer_scope_q), so that PostgreSQL reads them from the index alone (index-only
            # scan): most offers in a city's box belong to organisations that do not share them with the reader,
            # and fetching each from the table cost 13 of a ranking's 20 ms in Paris at national scale.
            models.Index(
                fields=["rome", "latitude", "longitude"],
                include=[*MATCHING_COLUMNS],
                condition=Q(status=OfferStatus.OPEN),
                name="offer_open_for_matching",
            ),
            models.Index(fields=["status", "latitude", "longitude"], name="offer_open_by_place"),
            # The few open offers without coordinates of their own, by job (the matching's parts placed by their
            # commune or nowhere): without it, PostgreSQL read every open offer without a latitude, whatever its
            # job, and a page of suggestions took 100 ms more at national scale.
            models.Index(
                fields=["rome"],
                condition=Q(status=OfferStatus.OPEN) & (Q(latitude__isnull=True) | Q(longitude__isnull=True)),
                name="offer_open_unplaced_by_rome",
            ),
            # Every index an insert maintains costs the imports (docs/benchmarks.md): foreign keys already first
            # in an index above get none of their own, code columns get a plain one (no LIKE twin).
            models.Index(fields=["rome"], name="offer_rome"),
            models.Index(fields=["appellation"], name="offer_appellation"),
            # The list's sharing branches (tandem.offers.selectors.offer_pages_for), newest first, answered by the
            # index alone on PostgreSQL: an organisation's (and its partners') offers, a territory's offers.
            models.Index(
                fields=["organisation", "status", "published_at"], include=["id", "sharing"], name="offer_by_org_date"
            ),
            models.Index(
                fields=["commune", "status", "published_at"], include=["id", "sharing"], name="offer_by_commune_date"
            ),
        ]

    @property
    def is_open(self) -> bool:
        """Open to new candidates (the offer workflow's first state; withdrawn, expired and filled are not)."""
        return self.status == OfferStatus.OPEN

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_key = offer_search_key(title=self.title, employer_name=self.employer_name)
        sources = {"title", "employer_name"}
        super().save(*args, **derived_update_fields(kwargs, sources=sources, derived="search_key"))

    def clean(self) -> None:
        if self.positions is not None and self.positions < self.hires:
            raise ValidationError(
                {
                    "positions": _(
                        "Cette offre compte déjà %(hires)s embauche(s) : indiquez au moins autant de postes."
                    )
                    % {"hires": self.hires}
                }
            )


class Positioning(models.Model):
    """A young person put forward for an offer (mise en relation), followed to hire or refusal."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="positionings")
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="positionings")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="positionings"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("statut"),
        max_length=20,
        choices=PositioningStatus.choices,
        default=PositioningStatus.PROPOSED,
        db_index=True,
    )
    cv_kind = models.CharField(_("CV"), max_length=10, choices=CvKind.choices, default=CvKind.ANONYMOUS)
    proposed_at = models.DateTimeField(_("proposée le"))
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    interview_at = models.DateTimeField(_("entretien le"), null=True, blank=True)
    hired_contract_type = models.CharField(_("contrat signé"), max_length=30, choices=ContractType.choices, blank=True)
    hired_start_on = models.DateField(_("début du contrat"), null=True, blank=True)
    hired_duration_months = models.PositiveSmallIntegerField(_("durée (mois)"), null=True, blank=True)
    not_retained_reason = models.CharField(_("motif"), max_length=20, choices=NotRetainedReason.choices, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-proposed_at"]
        verbose_name = _("mise en relation")
        verbose_name_plural = _("mises en relation")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "offer"],
                condition=Q(status__in=OPEN_POSITIONING_STATUSES),
                name="one_open_positioning_per_person_and_offer",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="positioning_board")]


class SeenSoughtJob(models.Model):
    """A job (ROME code) sought by a person an organisation sees (follows now, or shares an open referral with):
    the candidates' index of the matching. Written by database triggers only (tandem.offers.matching.seen), never
    by the application; no foreign key constraints (the rows follow their sources, which the triggers read)."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    # None: the person seeks no job yet (one row, for the tier of those who seek nothing).
    rome = models.ForeignKey(
        "referentials.RomeCode",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        related_name="+",
    )
    domain = models.CharField(max_length=3, null=True)

    class Meta:
        indexes = [
            # The candidates of an offer's job, then of its domain: index-only, the organisation's own rows.
            models.Index(fields=["organisation", "rome", "person"], name="seen_by_job"),
            models.Index(fields=["organisation", "domain", "person"], name="seen_by_domain"),
            # The triggers replace a person's rows.
            models.Index(fields=["person"], name="seen_of_person"),
        ]
