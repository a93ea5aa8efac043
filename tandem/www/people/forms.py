"""Forms of the people pages that read other apps' vocabularies (a referral's status, the partners)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from tandem.organisations.models import Organisation
from tandem.people.enums import BarrierKind, Scheme
from tandem.referrals.enums import ReferralStatus
from tandem.territories.forms import CommuneField

SCOPE_OWN, SCOPE_ALL = "own", "all"


class CaseloadFilterForm(DsfrBaseForm):
    scope = forms.ChoiceField(
        label=_("Afficher"),
        required=False,
        choices=[(SCOPE_OWN, _("Mes suivis")), (SCOPE_ALL, _("Toute la structure"))],
        help_text=_("Mes suivis : les personnes dont vous êtes le conseiller pour votre structure"),
    )
    query = forms.CharField(
        label=_("Rechercher"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_(
            "Nom ou prénom (accents facultatifs), commune, identifiant France Travail ou date de naissance (JJ/MM/AAAA)"
        ),
    )
    status = forms.ChoiceField(
        label=_("Situation"),
        required=False,
        choices=[
            ("", _("Toutes")),
            ("lead", _("Dont nous sommes référents")),
            ("contributor", _("Auxquels nous contribuons")),
        ]
        + [(value, _("Orientation : %(s)s") % {"s": label}) for value, label in ReferralStatus.choices],
    )
    overdue = forms.BooleanField(label=_("En retard uniquement"), required=False)
    barrier = forms.ChoiceField(label=_("Frein"), required=False, choices=[("", _("Tous"))] + BarrierKind.choices)
    scheme = forms.ChoiceField(label=_("Dispositif"), required=False, choices=[("", _("Tous"))] + Scheme.choices)
    commune = CommuneField(label=_("Commune"), required=False, help_text=_("Nom ou code postal"))

    def clean_commune(self) -> str:
        commune = self.cleaned_data["commune"]
        return commune.code if commune else ""


class ReferralProposeForm(DsfrBaseForm):
    to_organisation = forms.ModelChoiceField(label=_("Orienter vers"), queryset=Organisation.objects.none())
    reason = forms.CharField(label=_("Motif de l'orientation"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, partners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = partners if partners is not None else Organisation.objects.none()
