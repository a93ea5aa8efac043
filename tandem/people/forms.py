from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from tandem.organisations.models import Organisation
from tandem.people.enums import BarrierKind, BarrierStatus, ConsentRecipient, Scheme
from tandem.people.models import Person
from tandem.referrals.enums import ReferralStatus
from tandem.territories.models import Commune


class CommuneCodeField(forms.CharField):
    """A commune typed as its INSEE code (an arrondissement code gives its commune)."""

    def to_python(self, value):
        from tandem.territories.selectors import commune_code_normalize

        code = super().to_python(value).strip()
        if not code:
            return None
        commune = Commune.objects.filter(code=commune_code_normalize(code)).first()
        if commune is None:
            raise forms.ValidationError(_("Commune inconnue : %(code)s"), params={"code": code})
        return commune


class PersonForm(DsfrBaseForm, forms.ModelForm):
    commune = CommuneCodeField(
        label=_("Commune de résidence (code INSEE)"), required=False, help_text=_("Par exemple 67544 pour Wissembourg")
    )

    class Meta:
        model = Person
        fields = [
            "first_name",
            "last_name",
            "birth_date",
            "email",
            "phone",
            "address",
            "commune",
            "ft_identifier",
            "ft_registered_on",
            "ft_category",
            "education_level",
            "has_rqth",
            "housing",
            "resources",
            "is_precarious",
            "informed_on",
        ]
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ft_registered_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "informed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.commune_id:
            self.initial["commune"] = self.instance.commune_id


class CaseloadFilterForm(DsfrBaseForm):
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
    commune = forms.CharField(label=_("Commune (code INSEE)"), required=False, max_length=5)


class ReferralProposeForm(DsfrBaseForm):
    to_organisation = forms.ModelChoiceField(label=_("Orienter vers"), queryset=Organisation.objects.none())
    reason = forms.CharField(label=_("Motif de l'orientation"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, partners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = partners if partners is not None else Organisation.objects.none()


class NoteForm(DsfrBaseForm):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    is_shared = forms.BooleanField(
        label=_("Partager avec les partenaires qui accompagnent la personne"), required=False
    )


class BarrierForm(DsfrBaseForm):
    kind = forms.ChoiceField(label=_("Frein"), choices=BarrierKind.choices)
    comment = forms.CharField(label=_("Commentaire"), required=False, max_length=1000)


class BarrierUpdateForm(DsfrBaseForm):
    status = forms.ChoiceField(label=_("Statut"), choices=BarrierStatus.choices)
    action = forms.CharField(label=_("Action menée"), required=False, max_length=500)


class SchemeForm(DsfrBaseForm):
    scheme = forms.ChoiceField(label=_("Dispositif"), choices=Scheme.choices)
    starts_on = forms.DateField(label=_("Début"), widget=forms.DateInput(attrs={"type": "date"}))


class ConsentForm(DsfrBaseForm):
    recipient_kind = forms.ChoiceField(label=_("Partage avec"), choices=ConsentRecipient.choices)
    recipient = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none(), required=False)
    given_on = forms.DateField(label=_("Recueilli le"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, recipients=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = recipients if recipients is not None else Organisation.objects.none()


class HandOverForm(DsfrBaseForm):
    adviser = forms.ModelChoiceField(label=_("Nouveau ou nouvelle référente"), queryset=None)
    reason = forms.CharField(label=_("Motif du passage de relais"), max_length=255)

    def __init__(self, *args, advisers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adviser"].queryset = advisers
