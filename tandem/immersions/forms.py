"""Forms of immersions: a staff immersion, a PMSMP and its steps (signature, assessment, cancellation).

Validation only: the services check the values against the rules (partners, the person's access, 30 days)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from tandem.immersions.enums import PmsmpObjective, PmsmpResult, PmsmpStatus, StaffImmersionStatus
from tandem.immersions.models import PMSMP_MAX_WEEKLY_HOURS, pmsmp_dates_error
from tandem.organisations.models import Organisation
from tandem.partnerships.models import Convention

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StaffImmersionForm(DsfrBaseForm):
    staff_name = forms.CharField(label=_("Professionnel·le en immersion"), max_length=200)
    staff_email = forms.EmailField(
        label=_("Son adresse électronique Tandem"),
        required=False,
        help_text=_("Facultatif : relie l'immersion à son compte, s'il est membre de l'organisation d'origine."),
    )
    sending_organisation = forms.ModelChoiceField(
        label=_("Organisation d'origine"), queryset=Organisation.objects.none()
    )
    host_organisation = forms.ModelChoiceField(label=_("Organisation d'accueil"), queryset=Organisation.objects.none())
    convention = forms.ModelChoiceField(
        label=_("Convention de partenariat"), queryset=Convention.objects.none(), required=False
    )
    starts_on = forms.DateField(label=_("Premier jour"), widget=DATE)
    ends_on = forms.DateField(label=_("Dernier jour"), widget=DATE)
    objective = forms.CharField(label=_("Objectif"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)

    def __init__(self, *args: Any, organisations: Any = None, conventions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("sending_organisation", "host_organisation"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = organisations if organisations is not None else Organisation.objects.none()
        field = self.fields["convention"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = conventions if conventions is not None else Convention.objects.none()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("Le dernier jour vient après le premier."))
        return data


class ReportForm(DsfrBaseForm):
    report = forms.CharField(label=_("Bilan de l'immersion"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)


class PmsmpForm(DsfrBaseForm):
    siret = forms.CharField(
        label=_("SIRET de l'entreprise d'accueil"),
        max_length=17,
        help_text=_("14 chiffres ; l'entreprise doit figurer dans l'annuaire des entreprises."),
    )
    tutor_name = forms.CharField(label=_("Tuteur ou tutrice"), max_length=200)
    tutor_function = forms.CharField(label=_("Fonction du tuteur"), max_length=200, required=False)
    tutor_phone = forms.CharField(label=_("Téléphone du tuteur"), max_length=30, required=False)
    tutor_email = forms.EmailField(label=_("Adresse électronique du tuteur"), required=False)
    starts_on = forms.DateField(label=_("Premier jour"), widget=DATE)
    ends_on = forms.DateField(label=_("Dernier jour"), widget=DATE, help_text=_("30 jours calendaires au plus."))
    weekly_hours = forms.IntegerField(
        label=_("Heures par semaine"), min_value=1, max_value=PMSMP_MAX_WEEKLY_HOURS, initial=PMSMP_MAX_WEEKLY_HOURS
    )
    objective = forms.ChoiceField(label=_("Objectif"), choices=[("", "—"), *PmsmpObjective.choices])
    job_label = forms.CharField(label=_("Métier"), max_length=200)
    rome_code = forms.CharField(
        label=_("Code ROME"), max_length=5, required=False, help_text=_("Facultatif, par exemple G1602.")
    )
    activities = forms.CharField(
        label=_("Activités confiées"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )

    def clean_siret(self) -> str:
        return "".join(self.cleaned_data["siret"].split())

    def clean_rome_code(self) -> str:
        return self.cleaned_data["rome_code"].strip().upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends:
            error = pmsmp_dates_error(starts, ends)
            if error:
                self.add_error("ends_on", error)
        return data


class SignForm(DsfrBaseForm):
    signed_on = forms.DateField(
        label=_("Convention signée par les trois parties le"), widget=DATE, initial=timezone.localdate
    )


class AssessmentForm(DsfrBaseForm):
    attendance_ok = forms.TypedChoiceField(
        label=_("Assiduité"),
        choices=[("", "—"), ("yes", _("Satisfaisante")), ("no", _("Insuffisante"))],
        coerce=lambda value: value == "yes",
    )
    skills_observed = forms.CharField(
        label=_("Compétences observées"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
    result = forms.ChoiceField(label=_("Résultat"), choices=[("", "—"), *PmsmpResult.choices])


class CancelForm(DsfrBaseForm):
    reason = forms.CharField(label=_("Motif d'annulation"), max_length=255)


class ListFilterForm(DsfrBaseForm):
    statut = forms.ChoiceField(label=_("Statut"), required=False, choices=[("", _("Tous"))])

    def __init__(self, *args: Any, staff: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        states = StaffImmersionStatus.choices if staff else PmsmpStatus.choices
        field = self.fields["statut"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Tous")), *states]


class SearchForm(DsfrBaseForm):
    q = forms.CharField(label=_("Rechercher un jeune"), max_length=100, required=False)
