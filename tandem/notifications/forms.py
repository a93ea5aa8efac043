from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from tandem.notifications.enums import EmailFrequency


class PreferenceForm(DsfrBaseForm):
    email_frequency = forms.ChoiceField(
        label=_("Recevoir mes notifications par courriel"),
        choices=EmailFrequency.choices,
        widget=forms.RadioSelect,
        help_text=_("Vos notifications restent toujours consultables dans Tandem."),
    )
