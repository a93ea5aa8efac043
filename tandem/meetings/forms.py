"""Forms of meetings and action plans. Validation only: the services check the values against the rules (parties,
members, axes, states)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from tandem.meetings.enums import ActionStatus, MeetingKind
from tandem.meetings.models import PlanAction
from tandem.organisations.models import Organisation
from tandem.partnerships.enums import Indicator

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.email)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.email)


class MeetingForm(DsfrBaseForm):
    kind = forms.ChoiceField(label=_("Instance"), choices=[("", "—"), *MeetingKind.choices])
    title = forms.CharField(label=_("Intitulé"), max_length=200)
    day = forms.DateField(label=_("Date"), widget=DATE)
    starts = forms.TimeField(label=_("Début"), widget=TIME)
    ends = forms.TimeField(label=_("Fin"), widget=TIME)
    place = forms.CharField(label=_("Lieu"), max_length=255, required=False)
    video_url = forms.URLField(
        label=_("Lien de visioconférence"), max_length=500, required=False, assume_scheme="https"
    )
    agenda = forms.CharField(
        label=_("Ordre du jour"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Un point par ligne."),
    )

    def clean_agenda(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["agenda"].splitlines() if line.strip()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, starts, ends = data.get("day"), data.get("starts"), data.get("ends")
        if day and starts and ends:
            if ends <= starts:
                self.add_error("ends", _("La réunion finit après avoir commencé."))
            else:
                data["starts_at"] = timezone.make_aware(datetime.datetime.combine(day, starts))
                data["ends_at"] = timezone.make_aware(datetime.datetime.combine(day, ends))
        if not data.get("place") and not data.get("video_url") and not self.errors:
            self.add_error("place", _("Donnez un lieu ou un lien de visioconférence."))
        return data

    @staticmethod
    def initial_of(meeting: Any) -> dict[str, Any]:
        starts, ends = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
        return {
            "kind": meeting.kind,
            "title": meeting.title,
            "day": starts.date(),
            "starts": starts.time(),
            "ends": ends.time(),
            "place": meeting.place,
            "video_url": meeting.video_url,
            "agenda": "\n".join(meeting.agenda),
        }


class InvitationsForm(DsfrBaseForm):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations invitées"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    people = PeopleChoiceField(
        label=_("Personnes invitées"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Parmi les membres des parties à la convention."),
    )

    def __init__(self, *args: Any, organisations: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (("organisations", organisations), ("people", people)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.queryset = queryset


class MinutesForm(DsfrBaseForm):
    minutes = forms.CharField(label=_("Compte rendu"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000)


class DecisionForm(DsfrBaseForm):
    text = forms.CharField(label=_("Nouvelle décision"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ReviewForm(DsfrBaseForm):
    action = forms.ModelChoiceField(label=_("Action examinée"), queryset=PlanAction.objects.none())
    note = forms.CharField(
        label=_("Point d'étape"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )

    def __init__(self, *args: Any, actions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["action"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = actions


class CadenceForm(DsfrBaseForm):
    kind = forms.ChoiceField(label=_("Instance"), choices=MeetingKind.choices)
    per_year = forms.IntegerField(
        label=_("Réunions attendues par an"),
        min_value=0,
        max_value=52,
        help_text=_("Tous les deux mois : 6. Zéro : pas de rythme demandé."),
    )


class ActionForm(DsfrBaseForm):
    title = forms.CharField(label=_("Action"), max_length=200)
    year = forms.IntegerField(label=_("Année du plan"), min_value=2000, max_value=2100)
    axis = forms.ChoiceField(label=_("Axe de la convention"), required=False)
    owner_organisation = forms.ModelChoiceField(label=_("Pilote"), queryset=Organisation.objects.none())
    owner = forms.ModelChoiceField(label=_("Responsable"), queryset=Organisation.objects.none(), required=False)
    due_on = forms.DateField(label=_("Échéance"), widget=DATE, required=False)
    indicator = forms.ChoiceField(label=_("Indicateur suivi"), choices=[("", "—"), *Indicator.choices], required=False)

    def __init__(self, *args: Any, axes: list[str], organisations: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        axis = self.fields["axis"]
        assert isinstance(axis, forms.ChoiceField)
        axis.choices = [("", "—"), *((value, value) for value in axes)]
        for name, queryset in (("owner_organisation", organisations), ("owner", people)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset


class PlanFilterForm(DsfrBaseForm):
    annee = forms.IntegerField(label=_("Année"), min_value=2000, max_value=2100, required=False)
    statut = forms.ChoiceField(label=_("Statut"), choices=[("", _("Tous")), *ActionStatus.choices], required=False)
    axe = forms.ChoiceField(label=_("Axe"), required=False)
    pilote = forms.ModelChoiceField(label=_("Pilote"), queryset=Organisation.objects.none(), required=False)

    def __init__(self, *args: Any, axes: list[str], organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        axis = self.fields["axe"]
        assert isinstance(axis, forms.ChoiceField)
        axis.choices = [("", _("Tous")), *((value, value) for value in axes)]
        pilot = self.fields["pilote"]
        assert isinstance(pilot, forms.ModelChoiceField)
        pilot.queryset = organisations
