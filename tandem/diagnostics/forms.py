"""Forms of shared territorial diagnostics: the list's filter, a new diagnostic, a new version, the narrative, the
choice of two versions to compare. Validation only: the services check the rules (who, the state)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from tandem.diagnostics.selectors import Territory, territory_parse
from tandem.partnerships.models import Convention

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TERRITORY_HELP = _(
    "Code du département (67), SIREN de l'intercommunalité (246700488) ou code INSEE de la commune (67180)."
)


class TerritoryField(forms.CharField):
    def clean(self, value: Any) -> Territory | None:
        code = super().clean(value)
        if not code:
            return None
        territory = territory_parse(code)
        if territory is None:
            raise ValidationError(_("Aucun département, intercommunalité ou commune n'a ce code."), code="unknown")
        return territory


class FilterForm(DsfrBaseForm):
    territoire = TerritoryField(label=_("Territoire"), required=False, max_length=9, help_text=TERRITORY_HELP)


class DiagnosticForm(DsfrBaseForm):
    title = forms.CharField(label=_("Intitulé"), max_length=200)
    territory = TerritoryField(label=_("Territoire"), max_length=9, help_text=TERRITORY_HELP)
    as_of = forms.DateField(
        label=_("Situation au"),
        widget=DATE,
        help_text=_("Le premier jour d'un mois : les chiffres sont calculés à cette date."),
    )
    convention = forms.ModelChoiceField(
        label=_("Convention servie"),
        queryset=Convention.objects.none(),
        required=False,
        empty_label="—",
        help_text=_("Facultatif : la convention dont le comité suit ce diagnostic."),
    )

    def __init__(self, *args: Any, conventions: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"as_of": timezone.localdate().replace(day=1)})
        super().__init__(*args, **kwargs)
        field = self.fields["convention"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = conventions if conventions is not None else Convention.objects.none()


class VersionForm(DsfrBaseForm):
    as_of = forms.DateField(
        label=_("Situation au"),
        widget=DATE,
        help_text=_(
            "Le premier jour d'un mois : les chiffres sont recalculés à cette date ; l'analyse de la version "
            "précédente est reprise."
        ),
    )


class NarrativeForm(DsfrBaseForm):
    strengths = forms.CharField(
        label=_("Atouts du territoire"), max_length=10000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    needs = forms.CharField(
        label=_("Besoins et difficultés"), max_length=10000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    priorities = forms.CharField(
        label=_("Priorités de l'année"), max_length=10000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    remarks = forms.CharField(
        label=_("Remarques"), max_length=10000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CompareForm(DsfrBaseForm):
    a = forms.TypedChoiceField(label=_("Version A"), coerce=int)
    b = forms.TypedChoiceField(label=_("Version B"), coerce=int)

    def __init__(self, *args: Any, numbers: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(n, _("Version %(n)s") % {"n": n}) for n in numbers]
        for name in ("a", "b"):
            field = self.fields[name]
            assert isinstance(field, forms.TypedChoiceField)
            field.choices = choices
