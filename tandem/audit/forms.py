from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from tandem.audit.models import AuditAction


class AuditFilterForm(DsfrBaseForm):
    person_id = forms.IntegerField(label=_("Numéro de dossier de la personne"), required=False, min_value=1)
    email = forms.EmailField(label=_("Adresse électronique de l'utilisateur"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("Toutes"))] + AuditAction.choices)
    date_from = forms.DateField(
        label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("La date de fin précède la date de début."))
        return cleaned
