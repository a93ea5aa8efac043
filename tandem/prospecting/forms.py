"""Prospecting's forms: a campaign, its volunteers, a visit planned and its report with the offers collected."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from tandem.accounts.models import Membership
from tandem.core.codes import naf_normalise
from tandem.employers.enums import SizeBracket
from tandem.employers.models import Employer
from tandem.offers.enums import ContractType
from tandem.offers.forms import RomeCodeField
from tandem.organisations.models import Organisation
from tandem.prospecting.enums import ServicePresented, VisitOutcome
from tandem.prospecting.models import DEFAULT_REVISIT_DAYS, DEFAULT_TARGET_COUNT, Pair
from tandem.referentials.models import NafCode, RomeCode
from tandem.territories.forms import CommuneField
from tandem.territories.models import Commune, Epci
from tandem.territories.selectors import CommuneUnresolved, commune_label, commune_resolve

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _items(text: str) -> list[str]:
    return [item.strip() for item in re.split(r"[\n;]+", text or "") if item.strip()]


class CommunesField(forms.Field):
    """Communes typed one a line, each read by commune_resolve: an ambiguous line is asked, never guessed."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "\n".join(commune_label(c) if isinstance(c, Commune) else str(c) for c in value)
        return value

    def to_python(self, value: Any) -> list[Commune]:
        communes: list[Commune] = []
        errors: list[ValidationError] = []
        for line in _items(str(value or "")):
            try:
                commune = commune_resolve(text=line)
            except CommuneUnresolved as error:
                errors.append(
                    ValidationError(_("« %(line)s » : %(error)s"), params={"line": line, "error": error.message})
                )
                continue
            if commune is not None and commune not in communes:
                communes.append(commune)
        if errors:
            raise ValidationError(errors)
        return communes


class CodesField(forms.Field):
    widget = forms.TextInput
    """Codes typed separated by commas or lines, each one known in its referential, else refused by name."""

    def __init__(self, *, model: type[NafCode] | type[RomeCode] | type[Epci], **kwargs: Any) -> None:
        self.model = model
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(str(getattr(item, "pk", item)) for item in value)
        return value

    def _normalise(self, code: str) -> str:
        if self.model is NafCode:
            return naf_normalise(code) or code.upper()
        return code.upper().replace(" ", "")

    def to_python(self, value: Any) -> list[Any]:
        codes = [self._normalise(code) for code in re.split(r"[\s,;]+", str(value or "")) if code]
        found = {row.pk: row for row in self.model._default_manager.filter(pk__in=codes)}
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise ValidationError(_("Codes inconnus : %(codes)s"), params={"codes": ", ".join(unknown)})
        return list(dict.fromkeys(found[code] for code in codes))


class CampaignForm(DsfrBaseForm):
    name = forms.CharField(label=_("Nom de la campagne"), max_length=200)
    starts_on = forms.DateField(label=_("Début"), widget=DATE)
    ends_on = forms.DateField(label=_("Fin"), widget=DATE)
    organisations = forms.ModelMultipleChoiceField(
        label=_("Partenaires associés"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Votre organisation y participe toujours."),
    )
    communes = CommunesField(
        label=_("Communes"),
        required=False,
        help_text=_("Une commune par ligne : nom ou code postal, par exemple Bordeaux ou 33000."),
    )
    epcis = CodesField(
        model=Epci, label=_("EPCI"), required=False, help_text=_("Numéros SIREN, par exemple 243300316.")
    )
    naf_codes = CodesField(
        model=NafCode, label=_("Secteurs (codes NAF)"), required=False, help_text=_("Par exemple 47.11D, 56.10A.")
    )
    rome_codes = CodesField(
        model=RomeCode, label=_("Métiers (codes ROME)"), required=False, help_text=_("Par exemple D1106, D1507.")
    )
    size_brackets = forms.MultipleChoiceField(
        label=_("Tranches d'effectifs"),
        choices=SizeBracket.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aucune case cochée : toutes les tailles."),
    )
    revisit_after_days = forms.IntegerField(
        label=_("Délai avant une nouvelle visite (jours)"), min_value=0, max_value=3650, initial=DEFAULT_REVISIT_DAYS
    )
    target_count = forms.IntegerField(
        label=_("Nombre d'entreprises ciblées"), min_value=1, max_value=1000, initial=DEFAULT_TARGET_COUNT
    )

    def __init__(self, *args: Any, partners: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisations"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = partners if partners is not None else Organisation.objects.none()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("communes") and not data.get("epcis") and not self.errors:
            self.add_error("communes", _("Choisissez le territoire : au moins une commune ou un EPCI."))
        return data


class VolunteersForm(DsfrBaseForm):
    """The volunteers of the campaign's organisations; the rotation forms the pairs."""

    volunteers = forms.MultipleChoiceField(
        label=_("Volontaires"), widget=forms.CheckboxSelectMultiple, help_text=_("Au moins deux organisations.")
    )
    wanted = forms.IntegerField(
        label=_("Nombre de binômes"),
        required=False,
        min_value=1,
        max_value=100,
        help_text=_("Vide : autant que les volontaires le permettent."),
    )

    def __init__(self, *args: Any, memberships: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.memberships = {f"{m.user_id}-{m.organisation_id}": m for m in memberships}
        field = self.fields["volunteers"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(key, f"{m.user} ({m.organisation})") for key, m in self.memberships.items()]

    def chosen(self) -> list[tuple[Any, Organisation]]:
        return [
            (self.memberships[key].user, self.memberships[key].organisation) for key in self.cleaned_data["volunteers"]
        ]


class VisitPlanForm(DsfrBaseForm):
    employer = forms.ModelChoiceField(label=_("Entreprise"), queryset=Employer.objects.none())
    pair = forms.ModelChoiceField(label=_("Binôme"), queryset=Pair.objects.none(), required=False)
    planned_on = forms.DateField(label=_("Date prévue"), widget=DATE)

    def __init__(self, *args: Any, employers: Any, pairs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        employer, pair = self.fields["employer"], self.fields["pair"]
        assert isinstance(employer, forms.ModelChoiceField) and isinstance(pair, forms.ModelChoiceField)
        employer.queryset, pair.queryset = employers, pairs


class VisitReportForm(DsfrBaseForm):
    visited_on = forms.DateField(label=_("Date de la visite"), widget=DATE)
    outcome = forms.ChoiceField(label=_("Issue"), choices=[("", "—"), *VisitOutcome.choices])
    needs = forms.CharField(label=_("Besoins identifiés"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    services_presented = forms.MultipleChoiceField(
        label=_("Services présentés"),
        choices=ServicePresented.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    next_step = forms.CharField(label=_("Prochaine étape"), required=False, max_length=255)
    next_step_due_on = forms.DateField(label=_("À faire avant le"), required=False, widget=DATE)


class CollectedOfferForm(DsfrBaseForm):
    """One offer collected during the visit: the shared offer's essentials; the rest is edited on the offer."""

    title = forms.CharField(label=_("Intitulé de l'offre"), max_length=255, required=False)
    rome = RomeCodeField(label=_("Code ROME"), required=False, help_text=_("Par exemple D1106"))
    contract_type = forms.ChoiceField(
        label=_("Type de contrat"), choices=[("", "—"), *ContractType.choices], required=False
    )
    commune = CommuneField(
        label=_("Lieu de travail"), required=False, help_text=_("Vide : la commune de l'entreprise.")
    )
    positions = forms.IntegerField(label=_("Postes"), min_value=1, max_value=999, initial=1, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("title") and not data.get("contract_type"):
            self.add_error("contract_type", _("Choisissez le type de contrat de l'offre."))
        if not data.get("title") and (data.get("rome") or data.get("contract_type") or data.get("commune")):
            self.add_error("title", _("Donnez l'intitulé de l'offre."))
        return data


CollectedOfferFormSet = formset_factory(CollectedOfferForm, extra=2, max_num=10)
