"""What a dashboard is asked for: a scope (nation, region:24, organisation:12…) and a year."""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.indicators.scopes import RECORD_UNKNOWN, Scope, scope_parse

FIRST_YEAR = 2000


class DashboardForm(forms.Form):
    perimetre = forms.CharField(label=_("Périmètre"), max_length=40, required=False)
    annee = forms.IntegerField(label=_("Année"), min_value=FIRST_YEAR, required=False)

    def clean_perimetre(self) -> Scope:
        """The scope named (an unknown user, organisation or convention raises Http404, as one not readable)."""
        try:
            return scope_parse(self.cleaned_data["perimetre"] or "nation")
        except forms.ValidationError as error:
            if error.code == RECORD_UNKNOWN:
                raise Http404 from error
            raise

    def clean_annee(self) -> int:
        year = self.cleaned_data["annee"] or timezone.localdate().year
        if year > timezone.localdate().year:
            raise forms.ValidationError(_("Choisissez une année passée ou l'année en cours."), code="future")
        return int(year)
