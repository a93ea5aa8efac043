"""Forms of the exits: an exit, its cancellation, the situation six months later.

Validation only: the services check the values against the rules (the day, the lead follow, the contract)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from tandem.exits.enums import CancelReason, ContractType, ExitReason, Situation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CONTRACT_CHOICES = [("", "—"), *ContractType.choices]


class ExitForm(DsfrBaseForm):
    exited_on = forms.DateField(label=_("Date de sortie"), widget=DATE)
    reason = forms.ChoiceField(label=_("Motif de sortie"), choices=[("", "—"), *ExitReason.choices])
    contract_type = forms.ChoiceField(
        label=_("Type de contrat"), choices=CONTRACT_CHOICES, required=False, help_text=_("Pour une sortie en emploi.")
    )
    contract_months = forms.IntegerField(
        label=_("Durée du contrat (mois)"),
        min_value=1,
        max_value=120,
        required=False,
        help_text=_("Pour un CDD, une mission d'intérim ou un contrat aidé ; par exemple 6."),
    )


class CancelForm(DsfrBaseForm):
    reason = forms.ChoiceField(label=_("Motif"), choices=[("", "—"), *CancelReason.choices])


class FollowUpForm(DsfrBaseForm):
    observed_on = forms.DateField(label=_("Date d'observation"), widget=DATE)
    situation = forms.ChoiceField(label=_("Situation à six mois"), choices=[("", "—"), *Situation.choices])
    contract_type = forms.ChoiceField(
        label=_("Type de contrat"),
        choices=CONTRACT_CHOICES,
        required=False,
        help_text=_("Pour une personne en emploi."),
    )
    contract_months = forms.IntegerField(
        label=_("Durée du contrat (mois)"),
        min_value=1,
        max_value=120,
        required=False,
        help_text=_("Pour un CDD, une mission d'intérim ou un contrat aidé ; par exemple 6."),
    )
