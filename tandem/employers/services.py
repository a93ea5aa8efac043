"""Writes about companies: the record, its contacts, its interactions and its single contact.

The caller has checked the right to act (tandem.employers.permissions); every value is checked here and a
doubtful one is refused with a French message, never reinterpreted.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.core.codes import naf_normalise, validate_siret
from tandem.core.errors import Conflict
from tandem.employers.enums import ContactChannel, Diffusion, InteractionKind, SizeBracket
from tandem.employers.models import Employer, EmployerContact, EmployerInteraction
from tandem.employers.permissions import may_hold_referent
from tandem.events.enums import EventKind
from tandem.events.services import event_record
from tandem.organisations.models import Organisation
from tandem.referentials.models import NafCode
from tandem.territories.models import Commune
from tandem.territories.selectors import commune_resolve

_POSTCODE = re.compile(r"\d{5}")


@dataclass(frozen=True, kw_only=True)
class EmployerData:
    """A company as typed in a form, sent by the API or read from a partner's file."""

    name: str
    siret: str = ""
    usual_name: str = ""
    naf: str = ""
    size_bracket: str = ""
    street: str = ""
    postcode: str = ""
    # An INSEE code (files, API) or what someone typed ("33000 Bordeaux"): both go through commune_resolve.
    commune_code: str = ""
    commune: str = ""


def _naf(value: str) -> NafCode | None:
    if not value.strip():
        return None
    code = naf_normalise(value)
    naf = NafCode.objects.filter(pk=code).first() if code else None
    if naf is None:
        raise ValidationError({"naf": _("Code NAF inconnu : « %(value)s » (exemple : 47.71Z).") % {"value": value}})
    return naf


def _commune(data: EmployerData) -> Commune | None:
    try:
        if data.commune_code.strip():
            return commune_resolve(code=data.commune_code.strip())
        return commune_resolve(text=data.commune.strip())
    except ValidationError as error:
        raise ValidationError({"commune": error.messages}) from error


def _checked(data: EmployerData) -> dict[str, object]:
    errors: dict[str, list[str]] = {}
    name = data.name.strip()
    if not name:
        errors["name"] = [_("Indiquez la raison sociale.")]
    siret = data.siret.strip()
    if siret:
        try:
            validate_siret(siret)
        except ValidationError as error:
            errors["siret"] = error.messages
    if data.size_bracket and data.size_bracket not in SizeBracket.values:
        errors["size_bracket"] = [
            _("Tranche d'effectif inconnue : « %(value)s » (codes INSEE : NN, 00, 01… 53).")
            % {"value": data.size_bracket}
        ]
    postcode = data.postcode.strip()
    if postcode and not _POSTCODE.fullmatch(postcode):
        errors["postcode"] = [_("Un code postal compte exactement 5 chiffres.")]
    fields: dict[str, object] = {}
    for key, read in (("naf", lambda: _naf(data.naf)), ("commune", lambda: _commune(data))):
        try:
            fields[key] = read()
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return {
        **fields,
        "name": name[:255],
        "siret": siret,
        "usual_name": data.usual_name.strip()[:255],
        "size_bracket": data.size_bracket,
        "street": data.street.strip()[:255],
        "postcode": postcode,
    }


def _siret_taken(siret: str, *, exclude: int | None = None) -> Conflict:
    others = Employer.objects.filter(siret=siret)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    other = others.first()
    name = other.display_name if other is not None else siret
    return Conflict(
        {"siret": [_("Cette entreprise existe déjà : %(name)s (SIRET %(siret)s).") % {"name": name, "siret": siret}]}
    )


@transaction.atomic
def employer_create(*, data: EmployerData, by: User | None, organisation: Organisation | None) -> Employer:
    fields = _checked(data)
    if fields["siret"] and Employer.objects.filter(siret=fields["siret"]).exists():
        raise _siret_taken(str(fields["siret"]))
    employer = Employer(**fields)
    try:
        with transaction.atomic():
            employer.save(force_insert=True)
    except IntegrityError as error:  # the same SIRET created at the same moment
        raise _siret_taken(employer.siret) from error
    return employer


@transaction.atomic
def employer_update(
    *, employer: Employer, data: EmployerData, by: User | None, organisation: Organisation | None
) -> Employer:
    fields = _checked(data)
    if fields["siret"] and Employer.objects.filter(siret=fields["siret"]).exclude(pk=employer.pk).exists():
        raise _siret_taken(str(fields["siret"]), exclude=employer.pk)
    if employer.diffusion == Diffusion.PARTIAL and fields["street"]:
        raise ValidationError(
            {"street": [_("Cet établissement n'est pas diffusible : son adresse n'est pas enregistrée.")]}
        )
    for name, value in fields.items():
        setattr(employer, name, value)
    employer.updated_at = timezone.now()
    employer.save()
    return employer


@dataclass(frozen=True, kw_only=True)
class ContactData:
    first_name: str
    last_name: str
    role: str = ""
    email: str = ""
    phone: str = ""
    preferred_channel: str = ""


def _contact_fields(data: ContactData) -> dict[str, str]:
    errors: dict[str, list[str]] = {}
    if not data.first_name.strip():
        errors["first_name"] = [_("Indiquez le prénom.")]
    if not data.last_name.strip():
        errors["last_name"] = [_("Indiquez le nom.")]
    if data.preferred_channel and data.preferred_channel not in ContactChannel.values:
        errors["preferred_channel"] = [_("Canal inconnu : « %(value)s ».") % {"value": data.preferred_channel}]
    email = data.email.strip()
    if email:
        try:
            EmployerContact._meta.get_field("email").run_validators(email)
        except ValidationError as error:
            errors["email"] = error.messages
    if errors:
        raise ValidationError(errors)
    return {
        "first_name": data.first_name.strip()[:150],
        "last_name": data.last_name.strip()[:150],
        "role": data.role.strip()[:150],
        "email": email,
        "phone": data.phone.strip()[:30],
        "preferred_channel": data.preferred_channel,
    }


@transaction.atomic
def contact_create(
    *, employer: Employer, data: ContactData, by: User | None, organisation: Organisation
) -> EmployerContact:
    contact = EmployerContact(employer=employer, created_by=by, organisation=organisation, **_contact_fields(data))
    contact.save(force_insert=True)
    return contact


@transaction.atomic
def contact_update(
    *, contact: EmployerContact, data: ContactData, by: User | None, organisation: Organisation
) -> EmployerContact:
    for name, value in _contact_fields(data).items():
        setattr(contact, name, value)
    contact.save()
    return contact


@transaction.atomic
def contact_delete(*, contact: EmployerContact, by: User | None, organisation: Organisation) -> None:
    """The person asked to be forgotten, or left the company: their row goes, and the notes of the interactions
    with them (they may name them); the interactions stay."""
    EmployerInteraction.objects.filter(contact=contact).update(note="")
    contact.delete()


@transaction.atomic
def interaction_record(
    *,
    employer: Employer,
    kind: str,
    by: User | None,
    organisation: Organisation,
    occurred_at: datetime.datetime | None = None,
    note: str = "",
    contact: EmployerContact | None = None,
    subject: models.Model | None = None,
) -> EmployerInteraction:
    """One contact of a partner with the company, on its shared timeline. Other apps call it for what they
    record themselves (a campaign's visit, an offer collected): `subject` is that row."""
    errors: dict[str, list[str]] = {}
    if kind not in InteractionKind.values:
        errors["kind"] = [_("Nature d'échange inconnue : « %(value)s ».") % {"value": kind}]
    if contact is not None and contact.employer_id != employer.pk:
        errors["contact"] = [_("Ce contact ne travaille pas dans cette entreprise.")]
    if occurred_at is not None and occurred_at > timezone.now() + datetime.timedelta(minutes=5):
        errors["occurred_at"] = [_("Un échange enregistré a déjà eu lieu : la date ne peut pas être à venir.")]
    if errors:
        raise ValidationError(errors)
    interaction = EmployerInteraction(
        employer=employer,
        kind=kind,
        by=by,
        organisation=organisation,
        contact=contact,
        note=note.strip(),
        subject_type=(subject._meta.model_name or "") if subject is not None else "",
        subject_id=subject.pk if subject is not None else None,
    )
    if occurred_at is not None:
        interaction.occurred_at = occurred_at
    interaction.save(force_insert=True)
    return interaction


def _referent_checked(*, employer: Employer, adviser: User, organisation: Organisation) -> None:
    if not may_hold_referent(adviser=adviser, organisation=organisation):
        raise ValidationError(
            {
                "adviser": [
                    _(
                        "%(name)s ne travaille pas pour %(organisation)s comme conseiller, chargé de relations "
                        "entreprises ou responsable."
                    )
                    % {"name": adviser.get_full_name() or adviser.email, "organisation": organisation.name}
                ]
            }
        )


@transaction.atomic
def referent_assign(
    *,
    employer: Employer,
    adviser: User,
    organisation: Organisation,
    by: User | None,
    acting_organisation: Organisation | None = None,
) -> Employer:
    """The company's first single contact. Refused (Conflict) if someone already holds it: hand it over."""
    _referent_checked(employer=employer, adviser=adviser, organisation=organisation)
    now = timezone.now()
    taken = Employer.objects.filter(pk=employer.pk, referent_adviser__isnull=True).update(
        referent_adviser=adviser, referent_organisation=organisation, updated_at=now
    )
    if not taken:
        raise Conflict(_("Cette entreprise a déjà un interlocuteur unique : passez-lui le relais."))
    employer.referent_adviser, employer.referent_organisation, employer.updated_at = adviser, organisation, now
    event_record(
        kind=EventKind.EMPLOYER_REFERENT_ASSIGNED,
        by=by,
        organisation=acting_organisation or organisation,
        subject=employer,
        payload={"adviser": adviser.pk, "organisation": organisation.name},
    )
    return employer


@transaction.atomic
def referent_hand_over(
    *,
    employer: Employer,
    adviser: User,
    organisation: Organisation,
    by: User | None,
    acting_organisation: Organisation | None = None,
) -> Employer:
    """The single contact passes from its holder to another adviser (of the same organisation or a partner).
    Conditional on the holder the caller saw: two hand-overs at once cannot both win."""
    _referent_checked(employer=employer, adviser=adviser, organisation=organisation)
    previous_adviser_id, previous_organisation = employer.referent_adviser_id, employer.referent_organisation
    if previous_adviser_id is None:
        return referent_assign(
            employer=employer,
            adviser=adviser,
            organisation=organisation,
            by=by,
            acting_organisation=acting_organisation,
        )
    if previous_adviser_id == adviser.pk and employer.referent_organisation_id == organisation.pk:
        raise Conflict(
            _("%(name)s est déjà l'interlocuteur unique de cette entreprise.") % {"name": adviser.get_full_name()}
        )
    now = timezone.now()
    moved = Employer.objects.filter(
        pk=employer.pk,
        referent_adviser_id=previous_adviser_id,
        referent_organisation_id=employer.referent_organisation_id,
    ).update(referent_adviser=adviser, referent_organisation=organisation, updated_at=now)
    if not moved:
        raise Conflict(_("L'interlocuteur unique vient de changer : rechargez la page."))
    employer.referent_adviser, employer.referent_organisation, employer.updated_at = adviser, organisation, now
    event_record(
        kind=EventKind.EMPLOYER_REFERENT_HANDED_OVER,
        by=by,
        organisation=acting_organisation or organisation,
        subject=employer,
        payload={
            "adviser": adviser.pk,
            "organisation": organisation.name,
            "previous_adviser": previous_adviser_id,
            "previous_organisation": previous_organisation.name if previous_organisation is not None else "",
        },
    )
    return employer
