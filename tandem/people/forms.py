from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from tandem.accounts.models import User
from tandem.organisations.models import Organisation
from tandem.people.enums import BarrierKind, BarrierStatus, ConsentRecipient, Scheme
from tandem.people.models import Person
from tandem.territories.forms import CommuneField


class PersonForm(DsfrBaseForm, forms.ModelForm):
    commune = CommuneField(
        label=_("Commune de résidence"),
        required=False,
        help_text=_("Son nom ou son code postal, puis choisissez dans la liste : par exemple Haguenau ou 67500."),
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
            # The commune itself, shown as its label (a bare code could read as a postcode).
            self.initial["commune"] = self.instance.commune
        # Helps date pickers; the rule itself is Person.clean's.
        self.fields["birth_date"].widget.attrs.update(min="1900-01-01", max=timezone.localdate().isoformat())


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
    adviser: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Nouveau ou nouvelle référente"), queryset=None
    )
    reason = forms.CharField(label=_("Motif du passage de relais"), max_length=255)

    def __init__(self, *args, advisers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adviser"].queryset = advisers
