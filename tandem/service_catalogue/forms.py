"""Forms of the services catalogue: the filters of the list and of the view by theme, and the service's form.

Validation only: the services check the rules (who, the site, the schema's values)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from tandem.organisations.models import Organisation
from tandem.service_catalogue.enums import (
    Audience,
    Fees,
    ReceptionMode,
    Requester,
    RequestMode,
    ServiceType,
    Theme,
    ThemeCategory,
    category_of,
)
from tandem.territories.forms import CommuneField
from tandem.territories.models import Commune, Departement

MAX_ZONE_COMMUNES = 200


def theme_choices(*, with_categories: bool) -> list[Any]:
    """The schema's themes grouped by category; for a filter, the whole category first in each group."""
    groups: list[Any] = []
    for category in ThemeCategory:
        themes: list[tuple[str, Any]] = [
            (theme.value, theme.label) for theme in Theme if category_of(theme.value) == category.value
        ]
        if with_categories:
            themes.insert(0, (category.value, _("%(category)s : toutes") % {"category": category.label}))
        groups.append((category.label, themes))
    return groups


class CatalogueFilterForm(DsfrBaseForm):
    q = forms.CharField(label=_("Rechercher"), max_length=100, required=False)
    theme = forms.ChoiceField(label=_("Thématique"), required=False)
    audience = forms.ChoiceField(label=_("Public"), choices=[("", "—"), *Audience.choices], required=False)
    organisation = forms.ModelChoiceField(
        label=_("Partenaire"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="—",
        help_text=_("Les partenaires qui proposent un service dans le département choisi, sinon le vôtre."),
    )
    departement = forms.ModelChoiceField(
        label=_("Département"), queryset=Departement.objects.order_by("code"), required=False, empty_label="—"
    )
    commune = CommuneField(
        label=_("Près de la commune"), required=False, help_text=_("Nom ou code postal, par exemple Haguenau.")
    )
    inactive = forms.BooleanField(label=_("Afficher aussi les services désactivés"), required=False)

    def __init__(self, *args: Any, partners: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        theme = self.fields["theme"]
        assert isinstance(theme, forms.ChoiceField)
        theme.choices = [("", "—"), *theme_choices(with_categories=True)]
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)
        organisation.queryset = partners if partners is not None else Organisation.objects.none()

    def partner_options(self, options: list[tuple[int, str]]) -> None:
        """Show these partners only (selectors.service_partners_in); any partner of the queryset stays valid, so a
        link naming a partner of another département still filters by it."""
        organisation = self.fields["organisation"]
        organisation.widget.choices = [("", "—"), *options]


class ServiceForm(DsfrBaseForm):
    name = forms.CharField(
        label=_("Nom du service"),
        min_length=3,
        max_length=150,
        help_text=_("Par exemple : Aide à la mobilité (sans point final)."),
    )
    summary = forms.CharField(
        label=_("Résumé"), max_length=280, required=False, help_text=_("Une phrase, montrée dans la liste.")
    )
    description = forms.CharField(
        label=_("Description"),
        min_length=5,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Ce que le service apporte, comment il se déroule : idéalement de 200 à 2 000 caractères."),
    )
    kind = forms.ChoiceField(label=_("Type de service"), choices=[("", "—"), *ServiceType.choices], required=False)
    themes = forms.MultipleChoiceField(
        label=_("Thématiques"),
        choices=theme_choices(with_categories=False),
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("Au moins une ; maintenez Ctrl (ou Cmd) pour en choisir plusieurs."),
    )
    audiences = forms.MultipleChoiceField(
        label=_("Publics"),
        choices=Audience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("« Tous publics » se choisit seul."),
    )
    audience_details = forms.CharField(label=_("Précisions sur les publics"), max_length=500, required=False)
    access_conditions = forms.CharField(
        label=_("Conditions d'accès"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Prérequis, justificatifs à présenter."),
    )
    request_modes = forms.MultipleChoiceField(
        label=_("Comment le mobiliser"),
        choices=RequestMode.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    requesters = forms.MultipleChoiceField(
        label=_("Mobilisable par"), choices=Requester.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    request_details = forms.CharField(
        label=_("Précisions sur la mobilisation"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Par exemple : orientation par le conseiller référent, fiche de liaison."),
    )
    request_link = forms.URLField(label=_("Lien de mobilisation"), required=False, assume_scheme="https")
    reception_modes = forms.MultipleChoiceField(
        label=_("Modes d'accueil"), choices=ReceptionMode.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    fees = forms.ChoiceField(label=_("Frais"), choices=[("", "—"), *Fees.choices], required=False)
    fees_details = forms.CharField(label=_("Précisions sur les frais"), max_length=500, required=False)
    email = forms.EmailField(label=_("Courriel de contact"), required=False)
    phone = forms.CharField(label=_("Téléphone de contact"), max_length=30, required=False)
    site = forms.ModelChoiceField(
        label=_("Site"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Tous les sites"),
        help_text=_("Le site qui rend le service, s'il n'est pas rendu partout."),
    )
    zone_departements = forms.ModelMultipleChoiceField(
        label=_("Zone : départements"),
        queryset=Departement.objects.order_by("code"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Vide, avec les communes : le territoire couvert par votre organisation."),
    )
    zone_communes = forms.CharField(
        label=_("Zone : communes"),
        required=False,
        max_length=2000,
        help_text=_("Codes INSEE séparés par des virgules, par exemple 67180, 67544."),
    )

    def __init__(self, *args: Any, sites: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        site = self.fields["site"]
        assert isinstance(site, forms.ModelChoiceField)
        if sites is None or not sites.exists():
            del self.fields["site"]
        else:
            site.queryset = sites

    def clean_zone_communes(self) -> list[Commune]:
        codes = sorted({code.strip() for code in self.cleaned_data["zone_communes"].split(",") if code.strip()})
        if len(codes) > MAX_ZONE_COMMUNES:
            raise ValidationError(_("Au plus %(max)s communes.") % {"max": MAX_ZONE_COMMUNES})
        communes = list(Commune.objects.filter(code__in=codes).order_by("code"))
        unknown = sorted(set(codes) - {commune.pk for commune in communes})
        if unknown:
            raise ValidationError(_("Codes de commune inconnus : %(codes)s.") % {"codes": ", ".join(unknown)})
        return communes
