"""Employers: the companies partners prospect, their contacts (personal data) and every interaction with them.

A company is one establishment (SIRET). It has one referent among the partners (the single contact,
"interlocuteur unique"): an adviser and their organisation, handed over by a service that writes an event.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.core.codes import validate_siren, validate_siret
from tandem.core.fields import derived_update_fields
from tandem.core.text import search_normalise
from tandem.employers.enums import ContactChannel, Diffusion, InteractionKind, SizeBracket


def employer_search_key(*, name: str, usual_name: str, siret: str) -> str:
    """What a search matches: the names (accents and case aside) and the SIRET."""
    return " ".join(part for part in (search_normalise(name), search_normalise(usual_name), siret) if part)[:520]


class Employer(models.Model):
    name = models.CharField(_("raison sociale"), max_length=255)
    usual_name = models.CharField(_("enseigne ou nom d'usage"), max_length=255, blank=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[validate_siret])
    # Derived from the SIRET by save() (its first nine digits); kept to group a company's establishments.
    siren = models.CharField(_("SIREN"), max_length=9, blank=True, validators=[validate_siren], db_index=True)
    nic = models.CharField(_("NIC"), max_length=5, blank=True)
    naf = models.ForeignKey(
        "referentials.NafCode",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("code NAF"),
    )
    size_bracket = models.CharField(
        _("tranche d'effectif"), max_length=2, choices=SizeBracket.choices, blank=True, default="", db_default=""
    )
    street = models.CharField(_("adresse"), max_length=255, blank=True, default="", db_default="")
    postcode = models.CharField(_("code postal"), max_length=5, blank=True, default="", db_default="")
    commune = models.ForeignKey(
        "territories.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    diffusion = models.CharField(
        _("diffusion"), max_length=1, choices=Diffusion.choices, default=Diffusion.PUBLIC, db_default=Diffusion.PUBLIC
    )
    is_active = models.BooleanField(_("en activité"), default=True, db_default=True)
    is_employer = models.BooleanField(_("employeur"), default=True, db_default=True)
    # The single contact: one adviser of one partner organisation answers for the company.
    referent_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation référente"),
    )
    referent_adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("interlocuteur unique"),
    )
    search_key = models.CharField(max_length=520, blank=True, editable=False, default="", db_default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("mis à jour le"), default=timezone.now, db_default=Now())

    class Meta:
        ordering = ["name"]
        verbose_name = _("employeur")
        verbose_name_plural = _("employeurs")
        constraints = [models.UniqueConstraint(fields=["siret"], condition=~Q(siret=""), name="unique_employer_siret")]
        indexes = [
            models.Index(fields=["commune", "naf"], name="employer_commune_naf"),
            # The list, by name: the first page read from the index (500,000 companies at national scale).
            models.Index(fields=["name", "id"], name="employer_by_name"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.usual_name or self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.siret:
            self.siren, self.nic = self.siret[:9], self.siret[9:]
        self.search_key = employer_search_key(name=self.name, usual_name=self.usual_name, siret=self.siret)
        kwargs = derived_update_fields(kwargs, sources={"name", "usual_name", "siret"}, derived="search_key")
        kwargs = derived_update_fields(kwargs, sources={"siret"}, derived="siren")
        kwargs = derived_update_fields(kwargs, sources={"siret"}, derived="nic")
        super().save(*args, **kwargs)


class EmployerContact(models.Model):
    """A person at the company partners talk to: personal data (access-ruled, audited, exported, purged)."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="contacts")
    first_name = models.CharField(_("prénom"), max_length=150)
    last_name = models.CharField(_("nom"), max_length=150)
    role = models.CharField(_("fonction"), max_length=150, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    preferred_channel = models.CharField(_("canal préféré"), max_length=10, choices=ContactChannel.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ajouté par"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("contact en entreprise")
        verbose_name_plural = _("contacts en entreprise")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class EmployerInteraction(models.Model):
    """One contact of a partner with the company (call, visit, offer collected…): the shared timeline's rows."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="interactions")
    kind = models.CharField(_("nature"), max_length=20, choices=InteractionKind.choices)
    occurred_at = models.DateTimeField(_("le"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("pour")
    )
    contact = models.ForeignKey(
        EmployerContact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interactions",
        verbose_name=_("contact"),
    )
    note = models.TextField(_("note"), blank=True)
    # What it came from, when recorded by another app (a visit of a campaign, an offer…): by type and id.
    subject_type = models.CharField(max_length=40, blank=True)
    subject_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("échange avec l'entreprise")
        verbose_name_plural = _("échanges avec l'entreprise")
        indexes = [models.Index(fields=["employer", "-occurred_at"], name="interaction_by_employer")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.occurred_at:%d/%m/%Y}"
