from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from tandem.organisations.enums import OrganisationKind
from tandem.organisations.services import INSEE_CODE, parse_commune_codes
from tandem.territories.forms import CommuneInput


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
