"""Forms of employer events: the event, the search for a company or a young person to add, what came of it.

Validation only: the services check the values against the rules (partners, dates, access)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from tandem.employer_events.enums import EventFormat, EventTheme, ParticipationOutcome
from tandem.organisations.models import Organisation
from tandem.territories.forms import CommuneField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class EventForm(DsfrBaseForm):
    format = forms.ChoiceField(label=_("Type d'événement"), choices=[("", "—"), *EventFormat.choices])
    title = forms.CharField(label=_("Intitulé"), max_length=200)
    theme = forms.ChoiceField(label=_("Thème"), choices=[("", "—"), *EventTheme.choices], required=False)
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    starts_at = forms.TimeField(label=_("Début"), widget=TIME)
    ends_at = forms.TimeField(label=_("Fin"), widget=TIME)
    street = forms.CharField(label=_("Adresse"), max_length=255, required=False)
    commune = CommuneField(label=_("Commune"), help_text=_("Nom ou code postal, par exemple Bordeaux ou 33000."))
    partners = forms.ModelMultipleChoiceField(
        label=_("Partenaires associés"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Parmi les partenaires de l'organisation qui organise."),
    )
    capacity = forms.IntegerField(
        label=_("Nombre de places"), min_value=1, max_value=10000, required=False, help_text=_("Vide : sans limite.")
    )

    def __init__(self, *args: Any, partners: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["partners"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = partners if partners is not None else Organisation.objects.none()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("L'événement finit après avoir commencé."))
        return data


class SearchForm(DsfrBaseForm):
    q = forms.CharField(label=_("Rechercher"), max_length=100, required=False)


class OutcomeForm(DsfrBaseForm):
    outcome = forms.ChoiceField(
        label=_("Suite donnée"), choices=[("", "—"), *ParticipationOutcome.choices], required=False
    )


class MissionForm(DsfrBaseForm):
    """A mission that followed a session, as the agency's contact types it (the path's rules are checked by
    tandem.career_paths' service)."""

    employer_name = forms.CharField(label=_("Entreprise utilisatrice"), max_length=200)
    job_label = forms.CharField(label=_("Poste"), max_length=200)
    rome_code = forms.CharField(
        label=_("Code ROME"), max_length=5, required=False, help_text=_("Facultatif, par exemple N1103.")
    )
    starts_on = forms.DateField(label=_("Début de la mission"), widget=DATE)
    ends_on = forms.DateField(label=_("Fin prévue"), widget=DATE, required=False)
    hours = forms.DecimalField(
        label=_("Heures de travail prévues"), min_value=Decimal("0"), max_digits=7, decimal_places=2
    )
