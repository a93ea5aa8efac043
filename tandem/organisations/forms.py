from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from tandem.organisations.enums import OrganisationKind, PartnershipKind
from tandem.organisations.models import Organisation
from tandem.organisations.services import INSEE_CODE, parse_commune_codes
from tandem.territories.forms import CommuneInput

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class OrganisationFilterForm(DsfrBaseForm):
    q = forms.CharField(label=_("Nom, SIRET ou code SAFIR"), required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("Tous"))] + OrganisationKind.choices)


class CoverageForm(DsfrBaseForm):
    commune_codes = forms.CharField(
        label=_("Codes INSEE des communes couvertes"),
        help_text=_("Un code par ligne, ou séparés par des virgules ou des espaces (ex. 67180, 67544)."),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
    )
    codes_file = forms.FileField(
        label=_("Ou un fichier de codes INSEE"),
        required=False,
        help_text=_(
            "Fichier texte ou CSV (UTF-8 ou Windows-1252) : les codes INSEE qu'il contient remplacent la liste."
        ),
    )
    epci_code = forms.CharField(
        label=_("Ajouter toutes les communes d'un EPCI (SIREN)"),
        required=False,
        max_length=9,
        help_text=_("Facultatif : le SIREN à 9 chiffres de l'EPCI, par exemple 200067254."),
    )

    def clean_commune_codes(self) -> list[str]:
        return parse_commune_codes(self.cleaned_data["commune_codes"])

    def clean_codes_file(self) -> list[str] | None:
        upload = self.cleaned_data.get("codes_file")
        if not upload:
            return None
        raw = upload.read(2_000_000)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
        # Keep only tokens shaped like INSEE codes, so a CSV header or a name column is ignored.
        codes = [code for code in parse_commune_codes(text) if INSEE_CODE.match(code)]
        if not codes:
            raise forms.ValidationError(_("Ce fichier ne contient aucun code INSEE."))
        return codes

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("codes_file"):
            cleaned["commune_codes"] = cleaned["codes_file"]
        return cleaned

    def clean_epci_code(self) -> str:
        code = self.cleaned_data["epci_code"].strip()
        if code and (len(code) != 9 or not code.isdigit()):
            raise forms.ValidationError(_("Un SIREN d'EPCI compte 9 chiffres."))
        return code


class CoverageLookupForm(DsfrBaseForm):
    # A search: every commune the text may mean is listed (commune_suggestions), none is chosen in its place.
    commune = forms.CharField(
        label=_("Commune"),
        help_text=_("Nom, code INSEE ou code postal (ex. Haguenau, 67180 ou 67500)"),
        max_length=250,
        widget=CommuneInput,
    )


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _deadline_field(label: StrOrPromise, initial: int, help_text: StrOrPromise) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        initial=initial,
        min_value=1,
        max_value=365,
        help_text=help_text,
        error_messages={
            "min_value": _("Un délai compte au moins un jour."),
            "max_value": _("Un délai compte au plus 365 jours."),
        },
    )


class PartnerSearchForm(DsfrBaseForm):
    q = forms.CharField(
        label=_("Organisation partenaire"),
        help_text=_("Nom, SIRET ou code SAFIR (au moins 2 caractères)"),
        min_length=2,
        max_length=100,
    )


class PartnershipLinkForm(DsfrBaseForm):
    """The terms of a link; the service checks them again (dates, deadlines, no overlapping link of the same kind)."""

    starts_on = forms.DateField(label=_("Début"), widget=_date_input())
    ends_on = forms.DateField(
        label=_("Fin"), required=False, widget=_date_input(), help_text=_("Vide si sans fin prévue.")
    )
    is_reference_site = forms.BooleanField(
        label=_("Site de référence"),
        required=False,
        help_text=_("Cotraitance seulement : l'agence France Travail de référence de la Mission Locale."),
    )
    referral_answer_days = _deadline_field(
        _("Délai de réponse à une orientation (jours)"), 7, _("Au moins 1 jour, compté à partir de la proposition.")
    )
    first_meeting_days = _deadline_field(
        _("Délai de premier rendez-vous (jours)"), 15, _("Au moins 1 jour, compté à partir de l'acceptation.")
    )
    notes = forms.CharField(
        label=_("Remarques"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("La date de fin précède la date de début."))
        return cleaned


class PartnershipLinkCreateForm(PartnershipLinkForm):
    partner = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Type de partenariat"), choices=PartnershipKind.choices)

    field_order = ["partner", "kind"]

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_partner(self) -> Organisation:
        partner = Organisation.objects.filter(pk=self.cleaned_data["partner"]).first()
        if partner is None:
            raise forms.ValidationError(_("Choisissez l'organisation partenaire dans la recherche."))
        if partner.pk == self.organisation.pk:
            raise forms.ValidationError(_("Un partenariat relie deux organisations différentes."))
        return partner


class PartnershipLinkEndForm(DsfrBaseForm):
    ends_on = forms.DateField(
        label=_("Dernier jour du partenariat"),
        widget=_date_input(),
        help_text=_("Aujourd'hui au plus tôt. Les orientations déjà faites suivent leur cours."),
    )
