from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from tandem.offers.enums import ContractType, CvKind, NotRetainedReason


class CvKindForm(DsfrBaseForm):
    cv_kind = forms.ChoiceField(
        label=_("CV transmis à l'employeur"),
        choices=CvKind.choices,
        initial=CvKind.ANONYMOUS,
        widget=forms.RadioSelect,
        help_text=_(
            "Le CV complet n'est possible qu'avec le consentement de la personne au partage avec un employeur."
        ),
    )

    def __init__(self, *args, full_cv_allowed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not full_cv_allowed:
            self.fields["cv_kind"].choices = [(CvKind.ANONYMOUS, CvKind.ANONYMOUS.label)]


class ProposeForm(CvKindForm):
    pass


class SendForm(CvKindForm):
    pass


class PersonSearchForm(DsfrBaseForm):
    q = forms.CharField(label=_("Nom ou prénom de la personne"), max_length=100, required=False)


class InterviewForm(DsfrBaseForm):
    interview_at = forms.DateTimeField(
        label=_("Date et heure de l'entretien"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )


class HireForm(DsfrBaseForm):
    contract_type = forms.ChoiceField(label=_("Contrat signé"), choices=[("", "—"), *ContractType.choices])
    start_on = forms.DateField(label=_("Début du contrat"), widget=forms.DateInput(attrs={"type": "date"}))
    duration_months = forms.IntegerField(
        label=_("Durée (mois)"), min_value=1, max_value=120, required=False, help_text=_("Sauf CDI")
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("contract_type") not in ("", None, ContractType.CDI) and not cleaned.get("duration_months"):
            self.add_error("duration_months", _("Indiquez la durée du contrat (en mois)."))
        return cleaned


class NotRetainedForm(DsfrBaseForm):
    reason = forms.ChoiceField(label=_("Motif"), choices=[("", "—"), *NotRetainedReason.choices])


class WithdrawForm(DsfrBaseForm):
    pass
