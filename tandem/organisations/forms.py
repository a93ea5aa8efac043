from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from tandem.organisations.enums import OrganisationKind
from tandem.organisations.services import parse_commune_codes


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
    epci_code = forms.CharField(
        label=_("Ajouter toutes les communes d'un EPCI (SIREN)"),
        required=False,
        max_length=9,
        help_text=_("Facultatif : le SIREN à 9 chiffres de l'EPCI, par exemple 200067254."),
    )

    def clean_commune_codes(self) -> list[str]:
        return parse_commune_codes(self.cleaned_data["commune_codes"])

    def clean_epci_code(self) -> str:
        code = self.cleaned_data["epci_code"].strip()
        if code and (len(code) != 9 or not code.isdigit()):
            raise forms.ValidationError(_("Un SIREN d'EPCI compte 9 chiffres."))
        return code


class CoverageLookupForm(DsfrBaseForm):
    commune = forms.CharField(
        label=_("Commune"),
        help_text=_("Nom, code INSEE ou code postal (ex. Haguenau, 67180 ou 67500)"),
        max_length=100,
    )
