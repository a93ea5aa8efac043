"""Forms of the company pages: the values go through the employers' services, which check them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from tandem.accounts.enums import Role
from tandem.accounts.models import Membership
from tandem.employers.enums import ContactChannel, InteractionKind, SizeBracket
from tandem.employers.services import ContactData, EmployerData
from tandem.territories.forms import CommuneField

MAX_PARTNER_FILE_BYTES = 2 * 1024 * 1024


class EmployerSearchForm(DsfrBaseForm):
    q = forms.CharField(label=_("Nom, SIRET ou SIREN"), required=False, max_length=100)
    commune = CommuneField(label=_("Commune"), required=False, help_text=_("Nom ou code postal"))


class EmployerForm(DsfrBaseForm):
    name = forms.CharField(label=_("Raison sociale"), max_length=255)
    usual_name = forms.CharField(label=_("Enseigne ou nom d'usage"), max_length=255, required=False)
    siret = forms.CharField(label=_("SIRET"), max_length=14, required=False, help_text=_("14 chiffres"))
    naf = forms.CharField(label=_("Code NAF"), max_length=10, required=False, help_text=_("Exemple : 47.71Z"))
    size_bracket = forms.ChoiceField(
        label=_("Tranche d'effectif"), choices=[("", "—"), *SizeBracket.choices], required=False
    )
    street = forms.CharField(label=_("Adresse"), max_length=255, required=False)
    postcode = forms.CharField(label=_("Code postal"), max_length=5, required=False)
    commune = CommuneField(label=_("Commune"), required=False, help_text=_("Nom ou code postal"))

    def data_for_service(self) -> EmployerData:
        data = self.cleaned_data
        commune = data.get("commune")
        return EmployerData(
            name=data["name"],
            usual_name=data["usual_name"],
            siret=data["siret"].replace(" ", ""),
            naf=data["naf"],
            size_bracket=data["size_bracket"],
            street=data["street"],
            postcode=data["postcode"],
            commune_code=commune.code if commune is not None else "",
        )


class ContactForm(DsfrBaseForm):
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    role = forms.CharField(label=_("Fonction"), max_length=150, required=False)
    email = forms.EmailField(label=_("Courriel"), required=False)
    phone = forms.CharField(label=_("Téléphone"), max_length=30, required=False)
    preferred_channel = forms.ChoiceField(
        label=_("Canal préféré"), choices=[("", "—"), *ContactChannel.choices], required=False
    )

    def data_for_service(self) -> ContactData:
        return ContactData(**self.cleaned_data)


class InteractionForm(DsfrBaseForm):
    kind = forms.ChoiceField(label=_("Nature de l'échange"), choices=InteractionKind.choices)
    occurred_at = forms.DateTimeField(
        label=_("Date et heure"),
        required=False,
        help_text=_("Laissez vide pour maintenant."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    contact = forms.TypedChoiceField(label=_("Avec"), coerce=int, required=False, empty_value=None)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000)

    def __init__(self, *args: Any, contacts: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact"].choices = [("", "—"), *(contacts or [])]


class ReferentForm(DsfrBaseForm):
    """The adviser who becomes the company's single contact: a member of the acting organisation or of one of
    its active partners."""

    membership = forms.TypedChoiceField(label=_("Nouvel interlocuteur unique"), coerce=int)

    def __init__(self, *args: Any, memberships: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.memberships = {membership.pk: membership for membership in memberships}
        self.fields["membership"].choices = [
            (m.pk, f"{m.user.get_full_name() or m.user.email} – {m.organisation.name}") for m in memberships
        ]

    def chosen(self) -> Membership:
        return self.memberships[self.cleaned_data["membership"]]


REFERENT_ROLES = [Role.ADVISER, Role.EMPLOYER_RELATIONS, Role.MANAGER]


class PartnerFileForm(DsfrBaseForm):
    file = forms.FileField(
        label=_("Fichier CSV des entreprises"),
        help_text=_("Colonnes : siret ; raison_sociale ; code_commune ; naf ; tranche_effectif (2 Mo au plus)."),
        validators=[FileExtensionValidator(["csv", "txt"])],
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_PARTNER_FILE_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse 2 Mo : importez le fichier Sirene avec la commande."))
        return upload
