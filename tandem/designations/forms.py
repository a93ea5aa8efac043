from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from tandem.designations.parsing import row_from_fields
from tandem.people.enums import FtCategory

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class DesignationUploadForm(DsfrBaseForm):
    file = forms.FileField(
        label=_("Liste France Travail (CSV)"),
        validators=[FileExtensionValidator(["csv", "txt"])],
        help_text=_(
            "Fichier CSV, séparateur « ; » ou « , », encodé en UTF-8 ou Windows-1252, 5 Mo au plus. "
            "Le même fichier importé deux fois ne change rien."
        ),
    )


class DesignationForm(DsfrBaseForm):
    """One registrant; the checks are those of a row of a list (tandem.designations.parsing.row_parse)."""

    ft_identifier = forms.CharField(label=_("Identifiant France Travail"), max_length=20)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    birth_date = forms.DateField(
        label=_("Date de naissance"),
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    commune_code = forms.CharField(
        label=_("Code commune (INSEE)"),
        required=False,
        max_length=5,
        help_text=_("Par exemple 67544 pour Wissembourg. À défaut, le code postal."),
    )
    postcode = forms.CharField(label=_("Code postal"), required=False, max_length=5)
    commune_name = forms.CharField(
        label=_("Nom de la commune"),
        required=False,
        max_length=200,
        help_text=_("Utile quand le code postal dessert plusieurs communes."),
    )
    ft_registered_on = forms.DateField(
        label=_("Inscrit·e à France Travail le"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    ft_category = forms.ChoiceField(
        label=_("Catégorie"), required=False, choices=[("", _("Non renseignée"))] + FtCategory.choices
    )
    has_rqth = forms.BooleanField(
        label=_("Reconnaissance de la qualité de travailleur handicapé (RQTH)"),
        required=False,
        help_text=_("Case non cochée : l'information déjà connue est conservée."),
    )
    email = forms.EmailField(label=_("Adresse électronique"), required=False)
    phone = forms.CharField(label=_("Téléphone"), required=False, max_length=30)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        fields = {name: value for name, value in cleaned.items() if value not in (None, "")}
        # An unticked box says nothing: an RQTH already on the record is kept.
        fields["has_rqth"] = True if cleaned.get("has_rqth") else None
        try:
            cleaned["row"] = row_from_fields(**fields)
        except ValidationError as error:
            raise ValidationError([message[:1].upper() + message[1:] for message in error.messages]) from error
        return cleaned
