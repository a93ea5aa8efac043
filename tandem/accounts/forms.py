from __future__ import annotations

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from tandem.accounts.enums import Role, TokenScope
from tandem.accounts.lockout import normalise_email
from tandem.accounts.models import User


class LoginForm(DsfrBaseForm, AuthenticationForm):
    username = forms.EmailField(
        label=_("Adresse électronique"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _("Adresse électronique ou mot de passe incorrect."),
        "inactive": _("Ce compte est désactivé."),
    }

    def clean_username(self) -> str:
        # E-mails are stored lowercased; the lockout counts `Alice@…` and `alice@…` as one account.
        return normalise_email(self.cleaned_data["username"])


class TandemPasswordResetForm(DsfrBaseForm, PasswordResetForm):
    pass


class TandemSetPasswordForm(DsfrBaseForm, SetPasswordForm):
    pass


class TandemPasswordChangeForm(DsfrBaseForm, PasswordChangeForm):
    pass


class ProfileForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "phone", "preferred_language"]


class SwitchOrganisationForm(forms.Form):
    membership = forms.IntegerField()
    next = forms.CharField(required=False)


class ApiTokenForm(DsfrBaseForm):
    name = forms.CharField(
        label=_("Nom du jeton"), max_length=100, help_text=_("Par exemple : système d'information de la Mission Locale")
    )
    scope = forms.ChoiceField(label=_("Portée"), choices=TokenScope.choices, initial=TokenScope.READ)
    role = forms.ChoiceField(
        label=_("Rôle"),
        help_text=_("Le jeton agit avec les droits de ce rôle dans votre organisation, jamais plus que les vôtres."),
    )

    def __init__(self, *args, roles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(value, label) for value, label in Role.choices if value in roles]
        self.fields["role"].initial = Role.ADVISER if Role.ADVISER in roles else (roles[0] if roles else None)


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MembershipTermsForm(DsfrBaseForm):
    """Role, FTE share and dates of a membership; the service checks them again against the caller's rights."""

    role = forms.ChoiceField(label=_("Rôle"))
    fte_share = forms.DecimalField(
        label=_("Part d'ETP (mise à disposition)"),
        required=False,
        max_digits=3,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("Supérieure à 0 et au plus 1, par exemple 0,5 pour un mi-temps. Vide si non concerné."),
        error_messages={"max_digits": _("La part d'ETP est au plus 1, avec deux décimales.")},
    )
    starts_on = forms.DateField(label=_("Début du rattachement"), required=False, widget=_date_input())
    ends_on = forms.DateField(
        label=_("Fin du rattachement"),
        required=False,
        widget=_date_input(),
        help_text=_("Par exemple la fin d'une mise à disposition. Vide si sans fin prévue."),
    )

    def __init__(self, *args, roles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(value, label) for value, label in Role.choices if value in roles]

    def clean_fte_share(self):
        value = self.cleaned_data["fte_share"]
        if value is not None and not 0 < value <= 1:
            raise forms.ValidationError(
                _("La part d'ETP est supérieure à 0 et au plus 1 (par exemple 0,5 pour un mi-temps).")
            )
        return value

    def clean(self) -> dict:
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("La date de fin précède la date de début."))
        return cleaned


class MemberInviteForm(MembershipTermsForm):
    email = forms.EmailField(
        label=_("Adresse électronique"),
        help_text=_("Si un compte existe déjà à cette adresse, la personne est rattachée à votre organisation."),
    )
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)

    field_order = ["email", "first_name", "last_name", "role", "fte_share", "starts_on", "ends_on"]

    def __init__(self, *args, roles: list[str], **kwargs):
        super().__init__(*args, roles=roles, **kwargs)
        self.fields["starts_on"].help_text = _("Vide : à partir d'aujourd'hui.")
        self.fields["role"].initial = Role.ADVISER if Role.ADVISER in roles else (roles[0] if roles else None)

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])
