from __future__ import annotations

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from tandem.offers.enums import ContractType, OfferSource, OfferStatus, SharingScope
from tandem.offers.models import Offer
from tandem.offers.services import FORMAT_CSV, FORMAT_FRANCE_TRAVAIL
from tandem.referentials.models import RomeCode
from tandem.territories.forms import CommuneField

DISTANCES_KM = [5, 10, 20, 30, 50, 100]
MAX_UPLOAD_MEGABYTES = 100


class RomeCodeField(forms.CharField):
    """A ROME code typed as such ("J1501"); unknown codes are refused."""

    def to_python(self, value):
        code = (super().to_python(value) or "").strip().upper()
        if not code:
            return None
        rome = RomeCode.objects.filter(code=code).first()
        if rome is None:
            raise forms.ValidationError(_("Code ROME inconnu : %(code)s"), params={"code": code})
        return rome


ALL_STATUSES = "tous"


class OfferFilterForm(DsfrBaseForm):
    query = forms.CharField(
        label=_("Rechercher"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("Mots de l'intitulé ou nom de l'employeur, accents facultatifs"),
    )
    rome = forms.CharField(label=_("Code ROME"), required=False, max_length=5, help_text=_("Par exemple J1501"))
    commune = CommuneField(label=_("Commune"), required=False, help_text=_("Nom ou code postal"))
    distance_km = forms.TypedChoiceField(
        label=_("Rayon"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("La commune seulement"))] + [(km, f"{km} km") for km in DISTANCES_KM],
    )
    contract_type = forms.ChoiceField(
        label=_("Contrat"), required=False, choices=[("", _("Tous"))] + ContractType.choices
    )
    source = forms.ChoiceField(label=_("Origine"), required=False, choices=[("", _("Toutes"))] + OfferSource.choices)
    sharing = forms.ChoiceField(label=_("Partage"), required=False, choices=[("", _("Tous"))] + SharingScope.choices)
    # Open offers unless asked: the owner finds their withdrawn, filled or expired ones here.
    status = forms.ChoiceField(
        label=_("Statut"),
        required=False,
        choices=[
            ("", _("Ouvertes")),
            *[(value, label) for value, label in OfferStatus.choices if value != OfferStatus.OPEN],
            (ALL_STATUSES, _("Tous les statuts")),
        ],
    )

    def clean_status(self) -> str:
        """The selector's status: open by default, "" for every status."""
        value = self.cleaned_data.get("status") or OfferStatus.OPEN
        return "" if value == ALL_STATUSES else value


class OfferForm(DsfrBaseForm, forms.ModelForm):
    """An offer typed by a partner; France Travail's come from their export."""

    rome = RomeCodeField(label=_("Code ROME"), required=False, help_text=_("Par exemple J1501"))
    commune = CommuneField(
        label=_("Lieu de travail"),
        required=False,
        help_text=_("Nom de la commune ou code postal, puis choisissez dans la liste : par exemple Haguenau ou 67500."),
    )

    class Meta:
        model = Offer
        fields = [
            "title",
            "description",
            "rome",
            "employer_name",
            "commune",
            "contract_type",
            "contract_duration_months",
            "working_time",
            "working_time_label",
            "salary_label",
            "salary_min",
            "salary_max",
            "requires_driving_licence",
            "experience",
            "positions",
            "expires_on",
            "sharing",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["rome"] = self.instance.rome_id or ""
            # The commune itself, shown as its label (a bare code could read as a postcode).
            self.initial["commune"] = self.instance.commune


class OfferUploadForm(DsfrBaseForm):
    format = forms.ChoiceField(
        label=_("Format du fichier"),
        choices=[
            (FORMAT_CSV, _("Offres de notre organisation (CSV)")),
            (FORMAT_FRANCE_TRAVAIL, _("Export France Travail « Offres d'emploi v2 » (JSON)")),
        ],
    )
    file = forms.FileField(
        label=_("Fichier"),
        validators=[FileExtensionValidator(["csv", "txt", "json"])],
        help_text=_(
            "CSV séparé par « ; » ou « , » (UTF-8 ou Windows-1252), ou JSON de l'API France Travail ; "
            "100 Mo au plus (au-delà, la commande import_offers). Un même fichier importé deux fois ne "
            "crée pas de doublon."
        ),
    )

    def __init__(self, *args, can_import_france_travail: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_import_france_travail:
            self.fields["format"].choices = [c for c in self.fields["format"].choices if c[0] == FORMAT_CSV]

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_UPLOAD_MEGABYTES * 1_000_000:
            raise forms.ValidationError(
                _("Fichier trop volumineux (%(max)s Mo au plus)."), params={"max": MAX_UPLOAD_MEGABYTES}
            )
        return file
