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
