"""Forms of conventions: the convention, a party, a target, a secondment, a document, the steps' dates and the
lists' filters. Validation only: the services check the values against the rules (levels, parties, dates)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from tandem.accounts.models import User
from tandem.organisations.models import Organisation
from tandem.partnerships.enums import (
    ConventionKind,
    ConventionLevel,
    ConventionStatus,
    Indicator,
    PartyRole,
    SecondmentMission,
    WayOfWorking,
)
from tandem.partnerships.models import Convention

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_AXES = 12


def _deadline(label: Any, initial: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        initial=initial,
        min_value=1,
        max_value=365,
        error_messages={
            "min_value": _("Un délai compte au moins un jour."),
            "max_value": _("Un délai compte au plus 365 jours."),
        },
    )


class ConventionForm(DsfrBaseForm):
    level = forms.ChoiceField(label=_("Niveau"), choices=ConventionLevel.choices)
    parent = forms.ModelChoiceField(
        label=_("Convention de rattachement"),
        queryset=Convention.objects.none(),
        required=False,
        help_text=_("Une convention locale se rattache à une convention régionale, une régionale à la nationale."),
    )
    kind = forms.ChoiceField(label=_("Type de convention"), choices=ConventionKind.choices)
    title = forms.CharField(label=_("Intitulé"), max_length=200)
    starts_on = forms.DateField(label=_("Début"), widget=DATE)
    ends_on = forms.DateField(label=_("Fin"), widget=DATE, required=False, help_text=_("Vide si sans fin prévue."))
    axes = forms.CharField(
        label=_("Axes de travail"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Un axe par ligne (12 au plus)."),
    )
    referral_answer_days = _deadline(_("Délai de réponse à une orientation (jours)"), 7)
    first_meeting_days = _deadline(_("Délai de premier rendez-vous (jours)"), 15)
    ways_of_working = forms.MultipleChoiceField(
        label=_("Modalités de travail"),
        choices=WayOfWorking.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Remarques"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, parents: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents
        if editing:
            # The level and the kind make another convention: they never change.
            del self.fields["level"]
            del self.fields["kind"]

    def clean_axes(self) -> list[str]:
        axes = [line.strip() for line in self.cleaned_data["axes"].splitlines() if line.strip()]
        if len(axes) > MAX_AXES:
            raise forms.ValidationError(_("Douze axes de travail au plus."))
        if any(len(axis) > 200 for axis in axes):
            raise forms.ValidationError(_("Un axe de travail tient en 200 caractères."))
        return axes

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("La date de fin précède la date de début."))
        return cleaned


class OrganisationSearchForm(DsfrBaseForm):
    q = forms.CharField(
        label=_("Organisation"),
        help_text=_("Nom, SIRET ou code SAFIR (au moins 2 caractères)"),
        min_length=2,
        max_length=100,
    )


class PartyForm(DsfrBaseForm):
    role = forms.ChoiceField(label=_("Rôle"), choices=PartyRole.choices)
    contact = forms.ModelChoiceField(
        label=_("Interlocuteur unique"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Facultatif : parmi les membres de l'organisation."),
    )

    def __init__(self, *args: Any, contacts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["contact"]
        field.queryset = contacts
        field.label_from_instance = lambda user: user.get_full_name() or user.email


class TargetForm(DsfrBaseForm):
    indicator = forms.ChoiceField(label=_("Indicateur"), choices=Indicator.choices)
    year = forms.IntegerField(
        label=_("Année"), min_value=2000, max_value=2100, required=False, help_text=_("Ou une période ci-dessous.")
    )
    starts_on = forms.DateField(label=_("Du"), widget=DATE, required=False)
    ends_on = forms.DateField(label=_("Au"), widget=DATE, required=False)
    value = forms.DecimalField(label=_("Valeur"), min_value=0, max_digits=10, decimal_places=2)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        year, starts_on, ends_on = cleaned.get("year"), cleaned.get("starts_on"), cleaned.get("ends_on")
        if year is None and not (starts_on and ends_on):
            raise forms.ValidationError(_("Donnez une année, ou une période (du… au…)."))
        if year is not None and (starts_on or ends_on):
            raise forms.ValidationError(_("Une année ou une période, pas les deux."))
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("La date de fin précède la date de début."))
        return cleaned


class SecondmentForm(DsfrBaseForm):
    agent_name = forms.CharField(label=_("Agent mis à disposition"), max_length=200)
    from_agency = forms.ModelChoiceField(
        label=_("Agence France Travail d'origine"), queryset=Organisation.objects.none()
    )
    to_mission_locale = forms.ModelChoiceField(
        label=_("Mission Locale d'accueil"), queryset=Organisation.objects.none()
    )
    fte = forms.DecimalField(
        label=_("Quotité (ETP)"),
        min_value=0.01,
        max_value=1,
        max_digits=3,
        decimal_places=2,
        help_text=_("Entre 0,01 et 1 (un temps plein)."),
        error_messages={
            "min_value": _("Une quotité est supérieure à 0."),
            "max_value": _("Une quotité ne dépasse pas 1 ETP."),
        },
    )
    starts_on = forms.DateField(label=_("Début"), widget=DATE)
    ends_on = forms.DateField(label=_("Fin"), widget=DATE, required=False)
    missions = forms.MultipleChoiceField(
        label=_("Missions"), choices=SecondmentMission.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, agencies: Any, missions_locales: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from_agency"].queryset = agencies
        self.fields["to_mission_locale"].queryset = missions_locales

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("La date de fin précède la date de début."))
        return cleaned


class DocumentForm(DsfrBaseForm):
    title = forms.CharField(label=_("Titre du document"), max_length=200)
    file = forms.FileField(label=_("Fichier PDF"), help_text=_("Un fichier PDF de 10 Mo au plus."))


class ConventionSignForm(DsfrBaseForm):
    signed_on = forms.DateField(label=_("Signée le"), widget=DATE, initial=timezone.localdate)


class ConventionEndForm(DsfrBaseForm):
    ends_on = forms.DateField(label=_("Dernier jour"), widget=DATE, initial=timezone.localdate)


class ConventionFilterForm(DsfrBaseForm):
    level = forms.ChoiceField(label=_("Niveau"), required=False, choices=[("", _("Tous")), *ConventionLevel.choices])
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("Tous")), *ConventionKind.choices])
    status = forms.ChoiceField(label=_("Statut"), required=False, choices=[("", _("Tous")), *ConventionStatus.choices])


class SecondmentFilterForm(DsfrBaseForm):
    region = forms.ChoiceField(label=_("Région"), required=False)
    mission_locale = forms.ModelChoiceField(
        label=_("Mission Locale"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args: Any, regions: list[tuple[str, str]], missions_locales: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("Toutes")), *regions]
        self.fields["mission_locale"].queryset = missions_locales


class TerritoryForm(DsfrBaseForm):
    territory = forms.ChoiceField(label=_("Territoire"), help_text=_("Un département ou une région."))

    def __init__(self, *args: Any, territories: list[tuple[str, list[tuple[str, str]]]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["territory"].choices = [("", "—"), *territories]
