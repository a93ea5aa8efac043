from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from tandem.referrals.enums import ReferralOutcome, RefusalReason


class RefuseForm(DsfrBaseForm):
    reason = forms.ChoiceField(label=_("Motif du refus"), choices=[("", "—"), *RefusalReason.choices])
    comment = forms.CharField(label=_("Précision"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == RefusalReason.OTHER and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Précisez le motif de refus."))
        return cleaned


class ScheduleForm(DsfrBaseForm):
    meeting_at = forms.DateTimeField(
        label=_("Date et heure du premier rendez-vous"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )


class MeetingHeldForm(DsfrBaseForm):
    held_on = forms.DateField(label=_("Date du rendez-vous honoré"), widget=forms.DateInput(attrs={"type": "date"}))


class CloseForm(DsfrBaseForm):
    outcome = forms.ChoiceField(label=_("Issue"), choices=ReferralOutcome.choices)


class WithdrawForm(DsfrBaseForm):
    comment = forms.CharField(label=_("Motif du retrait"), required=False, max_length=500)
