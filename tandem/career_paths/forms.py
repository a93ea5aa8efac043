"""Forms of the missions along a path: a mission, its cancellation, a training reached.

Validation only: the services check the values against the rules (the agency, the dates, the hours, access)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from tandem.career_paths.enums import TRAINING_SCHEMES, CancelReason
from tandem.employers.models import Employer
from tandem.organisations.models import Organisation
from tandem.people.enums import Scheme
from tandem.referentials.models import RomeCode

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MissionForm(DsfrBaseForm):
    agency = forms.ModelChoiceField(label=_("Agence d'emploi"), queryset=Organisation.objects.none(), empty_label="—")
    employer_siret = forms.CharField(
        label=_("SIRET de l'entreprise utilisatrice"),
        max_length=14,
        required=False,
        help_text=_("Si l'entreprise est dans Tandem : 14 chiffres."),
    )
    employer_name = forms.CharField(
        label=_("Nom de l'entreprise utilisatrice"),
        max_length=255,
        required=False,
        help_text=_("Si l'entreprise n'est pas dans Tandem."),
    )
    job_label = forms.CharField(label=_("Poste"), max_length=200)
    rome_code = forms.CharField(label=_("Code ROME"), max_length=5, required=False, help_text=_("Par exemple N1103"))
    appellation_code = forms.CharField(
        label=_("Appellation ROME (code OGR)"), max_length=10, required=False, help_text=_("Par exemple 38829")
    )
    starts_on = forms.DateField(label=_("Début"), widget=DATE)
    ends_on = forms.DateField(label=_("Fin"), widget=DATE, required=False, help_text=_("Vide tant qu'elle dure."))
    hours = forms.DecimalField(
        label=_("Heures travaillées"),
        min_value=0,
        max_digits=7,
        decimal_places=2,
        help_text=_("Par exemple 35 ou 17,5"),
    )

    def __init__(self, *args: Any, agencies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agencies if agencies is not None else Organisation.objects.none()

    def clean_employer_siret(self) -> Employer | None:
        siret = "".join(self.cleaned_data.get("employer_siret", "").split())
        if not siret:
            return None
        employer = Employer.objects.filter(siret=siret).first()
        if employer is None:
            raise forms.ValidationError(_("Aucune entreprise de Tandem n'a ce SIRET : indiquez plutôt son nom."))
        return employer

    def clean_rome_code(self) -> str:
        code = self.cleaned_data.get("rome_code", "").strip().upper()
        if code and not RomeCode.objects.filter(code=code).exists():
            raise forms.ValidationError(_("Code ROME inconnu : %(code)s.") % {"code": code})
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("employer_siret") and not (data.get("employer_name") or "").strip():
            if "employer_siret" not in self.errors:
                self.add_error("employer_name", _("Indiquez l'entreprise utilisatrice : son SIRET ou son nom."))
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("La mission finit après avoir commencé : vérifiez les dates."))
        return data


class CancelForm(DsfrBaseForm):
    reason = forms.ChoiceField(label=_("Motif"), choices=[("", "—"), *CancelReason.choices])


class TrainingForm(DsfrBaseForm):
    scheme = forms.ChoiceField(
        label=_("Formation"), choices=[(scheme.value, scheme.label) for scheme in map(Scheme, TRAINING_SCHEMES)]
    )
    starts_on = forms.DateField(label=_("Début de la formation"), widget=DATE)
