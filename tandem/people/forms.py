from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from tandem.accounts.models import User
from tandem.organisations.models import Organisation
from tandem.people import job_rows
from tandem.people.enums import (
    BarrierKind,
    BarrierStatus,
    ConsentRecipient,
    ContractWish,
    LanguageLevel,
    QualificationLevel,
    Scheme,
)
from tandem.people.models import Person
from tandem.referentials.selectors import Job, job_label, job_resolve
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
            "legal_basis",
            "informed_on",
        ]
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ft_registered_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "informed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"legal_basis": _("Ce qui fonde la tenue du dossier (RGPD, article 6).")}

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


# The job project ---------------------------------------------------------------------------------


class JobInput(forms.TextInput):
    """A text box tied to a <datalist> that htmx fills with jobs (ROME codes and appellations) as the person
    types; without JavaScript, a plain box that takes a ROME code, an OGR code or a label."""

    template_name = "people/widgets/job_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Job):
            return job_label(value)
        return super().format_value(value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        base_id = widget["attrs"].get("id") or f"job-{name}"
        widget["list_id"] = f"{base_id}-suggestions"
        widget["status_id"] = f"{base_id}-status"
        widget["suggestions_url"] = reverse("referentials:job_suggestions")
        return context


class JobField(forms.Field):
    """One job sought, through referentials.selectors.job_resolve: unknown or ambiguous text is asked, never guessed."""

    widget = JobInput

    def prepare_value(self, value: Any) -> Any:
        return job_label(value) if isinstance(value, Job) else value

    def to_python(self, value: Any) -> Job | None:
        return job_resolve(text=str(value or "")[:300])

    def has_changed(self, initial: Any, data: Any) -> bool:
        return (self.prepare_value(initial) or "") != " ".join(str(data or "").split())


class JobSoughtForm(DsfrBaseForm):
    job = JobField(
        label=_("Métier recherché"),
        required=False,
        help_text=_("Tapez un métier ou un code ROME, puis choisissez dans la liste : par exemple Commis de cuisine."),
    )


class JobProjectForm(DsfrBaseForm):
    qualification_level = forms.ChoiceField(
        label=_("Niveau de qualification"),
        choices=QualificationLevel.choices,
        required=False,
        help_text=_("Le plus haut diplôme obtenu"),
    )
    wished_contract_types = forms.MultipleChoiceField(
        label=_("Contrats souhaités"),
        choices=ContractWish.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    part_time_only = forms.BooleanField(label=_("Temps partiel uniquement"), required=False)
    max_distance_km = forms.IntegerField(
        label=_("Distance maximale du domicile (km)"),
        min_value=job_rows.MIN_DISTANCE_KM,
        max_value=job_rows.MAX_DISTANCE_KM,
        initial=30,
    )
    has_driving_licence = forms.BooleanField(label=_("Permis B"), required=False)
    has_vehicle = forms.BooleanField(label=_("Véhicule (voiture, deux-roues)"), required=False)
    skills = forms.CharField(
        label=_("Compétences"),
        required=False,
        max_length=job_rows.SKILLS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Une compétence par ligne"),
    )


class _RowForm(DsfrBaseForm):
    """A repeatable row: all empty, it is no row (kept out); otherwise its first field is required."""

    required_field = ""
    required_message: Any = ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        filled = any(value not in (None, "", []) for name, value in cleaned.items() if name != "DELETE")
        if filled and not cleaned.get(self.required_field) and self.required_field not in self.errors:
            self.add_error(self.required_field, self.required_message)
        cleaned["is_empty"] = not filled and not self.errors
        return cleaned


def _year_field(label: Any, *, latest: int) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=job_rows.EARLIEST_YEAR, max_value=latest)


class ExperienceForm(_RowForm):
    required_field = "title"
    required_message = _("Indiquez l'intitulé du poste.")

    title = forms.CharField(label=_("Poste occupé"), required=False, max_length=job_rows.TITLE_MAX_LENGTH)
    sector = forms.CharField(label=_("Secteur"), required=False, max_length=job_rows.TITLE_MAX_LENGTH)
    duration_months = forms.IntegerField(
        label=_("Durée (mois)"), required=False, min_value=1, max_value=job_rows.MAX_DURATION_MONTHS
    )
    year = forms.IntegerField(label=_("Année"), required=False, min_value=job_rows.EARLIEST_YEAR)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"] = _year_field(_("Année"), latest=timezone.localdate().year)


class TrainingForm(_RowForm):
    required_field = "title"
    required_message = _("Indiquez l'intitulé de la formation.")

    title = forms.CharField(label=_("Formation"), required=False, max_length=job_rows.TITLE_MAX_LENGTH)
    level = forms.ChoiceField(label=_("Niveau de qualification"), choices=QualificationLevel.choices, required=False)
    year = forms.IntegerField(label=_("Année"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        latest = timezone.localdate().year + job_rows.TRAINING_YEARS_AHEAD
        self.fields["year"] = _year_field(_("Année d'obtention ou de fin"), latest=latest)


class LanguageForm(_RowForm):
    required_field = "language"
    required_message = _("Indiquez la langue.")

    language = forms.CharField(label=_("Langue"), required=False, max_length=job_rows.LANGUAGE_MAX_LENGTH)
    level = forms.ChoiceField(label=_("Niveau"), choices=LanguageLevel.choices, required=False)


def _formset(form: type[forms.Form], max_num: int) -> type[forms.BaseFormSet]:
    return forms.formset_factory(
        form, extra=1, can_delete=True, max_num=max_num, validate_max=True, absolute_max=max_num + 5
    )


JobSoughtFormSet = forms.formset_factory(
    JobSoughtForm, extra=2, max_num=job_rows.MAX_JOBS, validate_max=True, absolute_max=job_rows.MAX_JOBS + 5
)
ExperienceFormSet = _formset(ExperienceForm, job_rows.MAX_ROWS)
TrainingFormSet = _formset(TrainingForm, job_rows.MAX_ROWS)
LanguageFormSet = _formset(LanguageForm, job_rows.MAX_LANGUAGES)


def formset_rows(formset: forms.BaseFormSet, *fields: str) -> list[dict[str, Any]]:
    """The rows kept of a valid formset: neither deleted nor empty, with the named fields."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if not data or data.get("DELETE") or data.get("is_empty"):
            continue
        rows.append({name: data.get(name) for name in fields})
    return rows
