"""Forms of barrier-lifting actions: the list's filters, the action, the search for a person to refer.

Validation only: the services check the rules (who, the places, the state)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from tandem.people.enums import BarrierKind
from tandem.service_catalogue.models import Service
from tandem.territories.forms import CommuneField
from tandem.territories.models import Commune

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_COMMUNES = 200


class ActionFilterForm(DsfrBaseForm):
    barrier_kind = forms.ChoiceField(label=_("Frein"), choices=[("", "—"), *BarrierKind.choices], required=False)
    commune = CommuneField(
        label=_("Près de la commune"), required=False, help_text=_("Nom ou code postal, par exemple Échirolles.")
    )
    closed = forms.BooleanField(label=_("Afficher aussi les actions closes"), required=False)


class ActionForm(DsfrBaseForm):
    title = forms.CharField(label=_("Intitulé"), max_length=200)
    barrier_kind = forms.ChoiceField(label=_("Frein levé"), choices=[("", "—"), *BarrierKind.choices])
    description = forms.CharField(
        label=_("Description"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    capacity = forms.IntegerField(label=_("Nombre de places"), min_value=1, max_value=10000)
    starts_on = forms.DateField(label=_("Début"), widget=DATE)
    ends_on = forms.DateField(label=_("Fin"), widget=DATE, required=False, help_text=_("Vide : sans date de fin."))
    communes = forms.CharField(
        label=_("Communes desservies"),
        required=False,
        max_length=2000,
        help_text=_("Codes INSEE séparés par des virgules, par exemple 38185, 38151. Vide : votre territoire."),
    )
    service = forms.ModelChoiceField(
        label=_("Service du catalogue"),
        queryset=Service.objects.none(),
        required=False,
        empty_label="—",
        help_text=_("Le service de votre organisation que cette action met en œuvre, s'il y en a un."),
    )

    def __init__(self, *args: Any, services: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["service"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = services if services is not None else Service.objects.none()

    def clean_communes(self) -> list[Commune]:
        codes = sorted({code.strip() for code in self.cleaned_data["communes"].split(",") if code.strip()})
        if len(codes) > MAX_COMMUNES:
            raise ValidationError(_("Au plus %(max)s communes.") % {"max": MAX_COMMUNES})
        communes = list(Commune.objects.filter(code__in=codes).order_by("code"))
        unknown = sorted(set(codes) - {commune.pk for commune in communes})
        if unknown:
            raise ValidationError(_("Codes de commune inconnus : %(codes)s.") % {"codes": ", ".join(unknown)})
        return communes

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("L'action finit après avoir commencé."))
        return data


class SearchForm(DsfrBaseForm):
    q = forms.CharField(label=_("Rechercher une personne"), max_length=100, required=False)
