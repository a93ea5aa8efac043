"""Every write about conventions: the convention and its steps, its parties, targets, secondments and documents,
and the partnership links it keeps (tandem.partnerships.links).

Each service checks the caller's right itself (tandem.partnerships.permissions), whatever the channel (page, API
token): a caller who may not write the convention gets PermissionDenied, which pages and the API answer with a 404.
A rule of the convention's state is a Conflict (409); a value that breaks a rule, a ValidationError.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import Membership, User
from tandem.core.errors import Conflict
from tandem.events.enums import EventKind
from tandem.events.services import event_record
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation, PartnershipLink
from tandem.partnerships.enums import (
    SIGNING_ROLES,
    ConventionKind,
    ConventionLevel,
    ConventionStatus,
    Indicator,
    PartyRole,
)
from tandem.partnerships.links import convention_anchor, links_adopt, links_sync
from tandem.partnerships.models import (
    Convention,
    ConventionDocument,
    ConventionLink,
    ConventionParty,
    Secondment,
    Target,
)
from tandem.partnerships.permissions import (
    can_create_convention,
    can_edit_convention,
    can_see_convention,
    convention_signing_ids,
    forget_parties,
)
from tandem.partnerships.rules import FT_KINDS, require_complete_parties, require_valid_parties
from tandem.partnerships.workflow import CONVENTION, convention_payload

CONVENTION_FIELDS = (
    "title",
    "parent",
    "starts_on",
    "ends_on",
    "axes",
    "referral_answer_days",
    "first_meeting_days",
    "ways_of_working",
    "notes",
)
PARENT_LEVEL: dict[str, str] = {
    ConventionLevel.LOCAL: ConventionLevel.REGIONAL,
    ConventionLevel.REGIONAL: ConventionLevel.NATIONAL,
}
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
MISSION_LOCALE_KINDS = {OrganisationKind.MISSION_LOCALE, OrganisationKind.ML_SITE}


@dataclass(frozen=True, kw_only=True)
class ConventionData:
    """A convention's terms as typed in the form or sent by the API."""

    title: str
    starts_on: datetime.date
    ends_on: datetime.date | None = None
    parent: Convention | None = None
    axes: Sequence[str] = ()
    referral_answer_days: int = 7
    first_meeting_days: int = 15
    ways_of_working: Sequence[str] = ()
    notes: str = ""

    def fields(self) -> dict[str, Any]:
        return {
            "title": self.title.strip(),
            "parent": self.parent,
            "starts_on": self.starts_on,
            "ends_on": self.ends_on,
            "axes": [axis.strip() for axis in self.axes if axis.strip()],
            "referral_answer_days": self.referral_answer_days,
            "first_meeting_days": self.first_meeting_days,
            "ways_of_working": sorted(set(self.ways_of_working)),
            "notes": self.notes.strip(),
        }


@dataclass(frozen=True, kw_only=True)
class PartyData:
    organisation: Organisation
    role: str = PartyRole.SIGNATORY
    contact: User | None = None


@dataclass(frozen=True, kw_only=True)
class SecondmentData:
    agent_name: str
    from_agency: Organisation
    to_mission_locale: Organisation
    fte: Decimal
    starts_on: datetime.date
    ends_on: datetime.date | None = None
    missions: Sequence[str] = field(default_factory=tuple)
    agent: User | None = None

    def fields(self) -> dict[str, Any]:
        return {
            "agent_name": self.agent_name.strip(),
            "agent": self.agent,
            "from_agency": self.from_agency,
            "to_mission_locale": self.to_mission_locale,
            "fte": Decimal(self.fte).quantize(Decimal("0.01")),
            "starts_on": self.starts_on,
            "ends_on": self.ends_on,
            "missions": sorted(set(self.missions)),
        }


def _is_admin(user: User | None) -> bool:
    return user is not None and user.is_administrator


def _refuse() -> PermissionDenied:
    return PermissionDenied(_("Vous ne pouvez pas modifier cette convention."))


def _require_edit(user: User | None, membership: Membership | None, convention: Convention) -> None:
    if not can_edit_convention(user, membership, convention):
        raise _refuse()


def _acting(user: User | None, membership: Membership | None, convention: Convention) -> Organisation | None:
    """The organisation an event is recorded for: the caller's, when it is a party; None for a platform
    administrator acting from outside."""
    if membership is not None and convention.parties.filter(organisation_id=membership.organisation_id).exists():
        return membership.organisation
    return membership.organisation if membership is not None and not _is_admin(user) else None


def _not_ended(convention: Convention) -> None:
    if convention.status == ConventionStatus.ENDED:
        raise Conflict(_("Cette convention est terminée : elle ne change plus."), code="convention_ended")


def _require_parent(*, user: User | None, membership: Membership | None, level: str, parent: Convention | None) -> None:
    if level == ConventionLevel.NATIONAL:
        if parent is not None:
            raise ValidationError({"parent": _("La convention nationale n'a pas de convention de rattachement.")})
        return
    if parent is None:
        return
    if not can_see_convention(user, membership, parent):
        raise ValidationError({"parent": _("Convention de rattachement inconnue.")})
    if parent.level != PARENT_LEVEL[level]:
        raise ValidationError(
            {"parent": _("Une convention locale se rattache à une convention régionale, une régionale à la nationale.")}
        )


def _require_contacts(parties: Sequence[PartyData]) -> None:
    for party in parties:
        if party.contact is None:
            continue
        active = Membership.objects.active().filter(user=party.contact, organisation=party.organisation).exists()
        if not active:
            raise ValidationError(
                {
                    "contact": _("L'interlocuteur unique de %(name)s est l'un de ses membres.")
                    % {"name": party.organisation.name}
                }
            )


def _record(
    kind: str,
    convention: Convention,
    *,
    user: User | None,
    organisation: Organisation | None,
    **payload: Any,
) -> None:
    event_record(
        kind=kind,
        by=user,
        organisation=organisation,
        subject=convention,
        payload=convention_payload(convention) | payload,
    )


def _parties(convention: Convention) -> list[ConventionParty]:
    return list(convention.parties.select_related("organisation").order_by("pk"))


def _check_parties(convention: Convention) -> None:
    """After a change of parties: the rules of the moment, and those of a signed convention once it is signed."""
    parties = _parties(convention)
    if convention.status == ConventionStatus.DRAFT:
        require_valid_parties(convention, parties)
    else:
        require_complete_parties(convention, parties)


# The convention ---------------------------------------------------------------------------------------------------


@transaction.atomic
def convention_create(
    *,
    user: User | None,
    membership: Membership | None,
    level: str,
    kind: str,
    data: ConventionData,
    parties: Sequence[PartyData],
) -> Convention:
    """A convention in preparation (draft) with its parties; the caller's organisation signs it (a platform
    administrator may create one for others). Its partnership links come once it is signed."""
    if level not in ConventionLevel.values or kind not in ConventionKind.values:
        raise ValidationError(_("Niveau ou type de convention inconnu."))
    if not can_create_convention(user, membership, level):
        raise PermissionDenied(_("Vous ne pouvez pas créer de convention de ce niveau."))
    signing = {party.organisation.pk for party in parties if party.role in SIGNING_ROLES}
    if not _is_admin(user) and (membership is None or membership.organisation_id not in signing):
        raise ValidationError(_("Votre organisation signe les conventions qu'elle crée."), code="creator_not_party")
    fields = data.fields()
    _require_parent(user=user, membership=membership, level=level, parent=fields["parent"])
    convention = Convention(level=level, kind=kind, created_by=user, **fields)
    convention.full_clean()
    require_valid_parties(convention, parties)
    _require_contacts(parties)
    convention.save()
    ConventionParty.objects.bulk_create(
        [
            ConventionParty(
                convention=convention, organisation=party.organisation, role=party.role, contact=party.contact
            )
            for party in parties
        ]
    )
    _record(
        EventKind.CONVENTION_CREATED,
        convention,
        user=user,
        organisation=_acting(user, membership, convention),
        parties=[party.organisation.pk for party in parties],
    )
    return convention


@transaction.atomic
def convention_update(
    *, convention: Convention, user: User | None, membership: Membership | None, data: ConventionData
) -> tuple[Convention, list[str]]:
    """Change a convention's terms (its level, kind and parties aside); its links follow. Deadlines apply to the
    referrals proposed from then on. Returns the names of the fields that changed."""
    _require_edit(user, membership, convention)
    _not_ended(convention)
    current = Convention.objects.select_for_update().get(pk=convention.pk)
    fields = data.fields()
    if fields["parent"] != current.parent:
        _require_parent(user=user, membership=membership, level=current.level, parent=fields["parent"])
    changed = [name for name in CONVENTION_FIELDS if getattr(current, name) != fields[name]]
    if not changed:
        return current, []
    for name in changed:
        setattr(current, name, fields[name])
    current.full_clean()
    current.save()
    links_sync(current)
    _record(
        EventKind.CONVENTION_UPDATED,
        current,
        user=user,
        organisation=_acting(user, membership, current),
        fields=sorted(changed),
    )
    return current, changed


def _step(
    name: str,
    convention: Convention,
    user: User | None,
    membership: Membership | None,
    data: dict[str, Any] | None = None,
) -> Convention:
    _require_edit(user, membership, convention)
    # A signing party acts as itself; a platform administrator from outside acts as the platform (no party).
    signing = membership is not None and membership.organisation_id in convention_signing_ids(convention)
    organisation = membership.organisation if signing and membership is not None else None
    return CONVENTION.run(name, convention, by=user, organisation=organisation, data=data or {})


def convention_sign(
    *, convention: Convention, user: User | None, membership: Membership | None, signed_on: datetime.date | None = None
) -> Convention:
    """Signed: a local reinforced partnership only with its Mission Locale and reference site; its links begin."""
    return _step("sign", convention, user, membership, {"signed_on": signed_on})


def convention_activate(*, convention: Convention, user: User | None, membership: Membership | None) -> Convention:
    return _step("activate", convention, user, membership)


def convention_end(
    *, convention: Convention, user: User | None, membership: Membership | None, ends_on: datetime.date | None = None
) -> Convention:
    """Ended on its last day (today at the earliest when in force): its links end the same day."""
    return _step("end", convention, user, membership, {"ends_on": ends_on})


# Parties ----------------------------------------------------------------------------------------------------------


@transaction.atomic
def party_add(
    *,
    convention: Convention,
    user: User | None,
    membership: Membership | None,
    organisation: Organisation,
    role: str,
    contact: User | None = None,
) -> ConventionParty:
    _require_edit(user, membership, convention)
    _not_ended(convention)
    if role not in PartyRole.values:
        raise ValidationError({"role": _("Rôle inconnu.")})
    _require_contacts([PartyData(organisation=organisation, role=role, contact=contact)])
    if convention.parties.filter(organisation=organisation).exists():
        raise Conflict(_("%(name)s est déjà partie à cette convention.") % {"name": organisation.name})
    party = ConventionParty(convention=convention, organisation=organisation, role=role, contact=contact)
    party.full_clean()
    party.save()
    _check_parties(convention)
    forget_parties(convention)
    links_sync(convention)
    _record(
        EventKind.CONVENTION_PARTY_ADDED,
        convention,
        user=user,
        organisation=_acting(user, membership, convention),
        organisation_id=organisation.pk,
        name=organisation.name,
        role=role,
    )
    return party


@transaction.atomic
def party_update(
    *, party: ConventionParty, user: User | None, membership: Membership | None, role: str, contact: User | None
) -> ConventionParty:
    convention = party.convention
    _require_edit(user, membership, convention)
    _not_ended(convention)
    if role not in PartyRole.values:
        raise ValidationError({"role": _("Rôle inconnu.")})
    _require_contacts([PartyData(organisation=party.organisation, role=role, contact=contact)])
    if (party.role, party.contact_id) == (role, contact.pk if contact else None):
        return party
    party.role, party.contact = role, contact
    party.save(update_fields=["role", "contact"])
    _check_parties(convention)
    forget_parties(convention)
    links_sync(convention)
    _record(
        EventKind.CONVENTION_PARTY_CHANGED,
        convention,
        user=user,
        organisation=_acting(user, membership, convention),
        organisation_id=party.organisation_id,
        name=party.organisation.name,
        role=role,
    )
    return party


@transaction.atomic
def party_remove(
    *, party: ConventionParty, user: User | None, membership: Membership | None, last_day: datetime.date | None = None
) -> None:
    """The organisation leaves the convention: its partnership link ends on `last_day` (today by default)."""
    convention = party.convention
    _require_edit(user, membership, convention)
    _not_ended(convention)
    if last_day is not None and last_day < timezone.localdate():
        raise ValidationError(
            {"ends_on": _("Un partenariat se termine aujourd'hui au plus tôt, pas dans le passé.")},
            code="party_leaves_in_past",
        )
    organisation = party.organisation
    if Secondment.objects.filter(convention=convention, to_mission_locale=organisation).exists() or (
        Secondment.objects.filter(convention=convention, from_agency=organisation).exists()
    ):
        raise Conflict(_("Retirez d'abord les mises à disposition de %(name)s.") % {"name": organisation.name})
    party.delete()
    _check_parties(convention)
    forget_parties(convention)
    links_sync(convention, today=last_day)
    _record(
        EventKind.CONVENTION_PARTY_REMOVED,
        convention,
        user=user,
        organisation=_acting(user, membership, convention),
        organisation_id=organisation.pk,
        name=organisation.name,
    )


# Targets ----------------------------------------------------------------------------------------------------------


def _period(target: Target) -> dict[str, Any]:
    if target.year is not None:
        return {"year": target.year}
    assert target.starts_on is not None and target.ends_on is not None
    return {"starts_on": target.starts_on.isoformat(), "ends_on": target.ends_on.isoformat()}


@transaction.atomic
def target_set(
    *,
    convention: Convention,
    user: User | None,
    membership: Membership | None,
    indicator: str,
    value: Decimal,
    year: int | None = None,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Target:
    """The convention's target for an indicator over a year (replaced if there is one) or a period."""
    _require_edit(user, membership, convention)
    _not_ended(convention)
    if indicator not in Indicator.values:
        raise ValidationError({"indicator": _("Indicateur inconnu.")})
    if (year is None) == (starts_on is None or ends_on is None):
        raise ValidationError(_("Donnez une année, ou une période (du… au…), pas les deux."))
    target = (
        Target.objects.select_for_update().filter(convention=convention, indicator=indicator, year=year).first()
        if year is not None
        else None
    ) or Target(convention=convention, indicator=indicator, year=year, starts_on=starts_on, ends_on=ends_on)
    target.value = value
    target.full_clean()
    target.save()
    _record(
        EventKind.CONVENTION_TARGET_SET,
        convention,
        user=user,
        organisation=_acting(user, membership, convention),
        indicator=indicator,
        value=str(value),
        **_period(target),
    )
    return target


@transaction.atomic
def target_remove(*, target: Target, user: User | None, membership: Membership | None) -> None:
    convention = target.convention
    _require_edit(user, membership, convention)
    _not_ended(convention)
    payload = {"indicator": target.indicator, "value": str(target.value), **_period(target)}
    target.delete()
    _record(
        EventKind.CONVENTION_TARGET_REMOVED,
        convention,
        user=user,
        organisation=_acting(user, membership, convention),
        **payload,
    )


# Secondments ------------------------------------------------------------------------------------------------------


def _require_secondment(convention: Convention, fields: dict[str, Any]) -> None:
    """From a France Travail agency to a Mission Locale, both parties to the convention or to one below it."""
    involved = set(
        ConventionParty.objects.filter(organisation__in=[fields["from_agency"].pk, fields["to_mission_locale"].pk])
        .filter(
            convention__in=Convention.objects.filter(pk=convention.pk)
            | Convention.objects.filter(parent=convention.pk)
            | Convention.objects.filter(parent__parent=convention.pk)
        )
        .values_list("organisation_id", flat=True)
    )
    errors: dict[str, str] = {}
    if fields["from_agency"].kind not in FT_KINDS:
        errors["from_agency"] = _("L'agent vient d'une agence ou d'une direction France Travail.")
    elif fields["from_agency"].pk not in involved:
        errors["from_agency"] = _("Cette agence n'est pas partie à la convention.")
    if fields["to_mission_locale"].kind not in MISSION_LOCALE_KINDS:
        errors["to_mission_locale"] = _("L'agent est mis à disposition d'une Mission Locale.")
    elif fields["to_mission_locale"].pk not in involved:
        errors["to_mission_locale"] = _("Cette Mission Locale n'est pas partie à la convention.")
    if errors:
        raise ValidationError(errors)


def _secondment_payload(secondment: Secondment) -> dict[str, Any]:
    return {
        "secondment": secondment.pk,
        "from": secondment.from_agency.name,
        "to": secondment.to_mission_locale.name,
        "fte": str(secondment.fte),
    }


@transaction.atomic
def secondment_create(
    *, convention: Convention, user: User | None, membership: Membership | None, data: SecondmentData
) -> Secondment:
    _require_edit(user, membership, convention)
    _not_ended(convention)
    fields = data.fields()
    _require_secondment(convention, fields)
    secondment = Secondment(convention=convention, **fields)
    secondment.full_clean()
    secondment.save()
    _record(
        EventKind.CONVENTION_SECONDMENT_ADDED,
        convention,
        user=user,
        organisation=_acting(user, membership, convention),
        **_secondment_payload(secondment),
    )
    return secondment


@transaction.atomic
def secondment_update(
    *, secondment: Secondment, user: User | None, membership: Membership | None, data: SecondmentData
) -> Secondment:
    convention = secondment.convention
    _require_edit(user, membership, convention)
    _not_ended(convention)
    fields = data.fields()
    _require_secondment(convention, fields)
    for name, value in fields.items():
        setattr(secondment, name, value)
    secondment.full_clean()
    secondment.save()
    _record(
        EventKind.CONVENTION_SECONDMENT_CHANGED,
        convention,
        user=user,
        organisation=_acting(user, membership, convention),
        **_secondment_payload(secondment),
    )
    return secondment


@transaction.atomic
def secondment_remove(*, secondment: Secondment, user: User | None, membership: Membership | None) -> None:
    convention = secondment.convention
    _require_edit(user, membership, convention)
    _not_ended(convention)
    payload = _secondment_payload(secondment)
    secondment.delete()
    _record(
        EventKind.CONVENTION_SECONDMENT_REMOVED,
        convention,
        user=user,
        organisation=_acting(user, membership, convention),
        **payload,
    )


# Documents --------------------------------------------------------------------------------------------------------


def _require_pdf(upload: UploadedFile[bytes]) -> None:
    """A PDF by its name and by its content (it starts with %PDF-), 10 MB at most: each with a clear message."""
    name = upload.name or ""
    if PurePath(name).suffix.lower() != ".pdf":
        raise ValidationError(
            {"file": _("Seuls les fichiers PDF sont acceptés (le nom du fichier finit par .pdf).")}, code="not_pdf"
        )
    if upload.size is None or upload.size > DOCUMENT_MAX_BYTES:
        raise ValidationError(
            {"file": _("Ce fichier dépasse 10 Mo : réduisez-le ou découpez-le.")}, code="document_too_large"
        )
    if upload.size == 0:
        raise ValidationError({"file": _("Ce fichier est vide.")}, code="document_empty")
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ValidationError(
            {"file": _("Ce fichier n'est pas un PDF : son contenu ne commence pas comme celui d'un PDF.")},
            code="not_pdf",
        )


@transaction.atomic
def document_add(
    *, convention: Convention, user: User | None, membership: Membership | None, title: str, upload: UploadedFile[bytes]
) -> ConventionDocument:
    _require_edit(user, membership, convention)
    _require_pdf(upload)
    name = PurePath(upload.name or "document.pdf").name
    upload.name = f"{timezone.now():%Y%m%d%H%M%S}-{name}"[:120]
    document = ConventionDocument(
        convention=convention, title=title.strip(), file=upload, size=upload.size or 0, uploaded_by=user
    )
    document.full_clean()
    document.save()
    _record(
        EventKind.CONVENTION_DOCUMENT_ADDED,
        convention,
        user=user,
        organisation=_acting(user, membership, convention),
        document=document.pk,
        document_title=document.title,
    )
    return document


# Partnership links (the organisation page) -------------------------------------------------------------------------


@transaction.atomic
def convention_of_link(*, link: PartnershipLink) -> Convention:
    """The local convention a link comes from; a link written before conventions existed (or by a data loader)
    becomes one first, as the data migration does."""
    row = ConventionLink.objects.filter(link=link).select_related("convention").first()
    if row is None:
        links_adopt(
            convention_model=Convention,
            party_model=ConventionParty,
            link_row_model=ConventionLink,
            links=[PartnershipLink.objects.select_related("organisation_a", "organisation_b").get(pk=link.pk)],
            today=timezone.localdate(),
        )
        row = ConventionLink.objects.select_related("convention").get(link=link)
    return row.convention


@transaction.atomic
def partnership_create(
    *,
    user: User | None,
    membership: Membership | None,
    organisation: Organisation,
    partner: Organisation,
    kind: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    is_reference_site: bool = False,
    referral_answer_days: int = 7,
    first_meeting_days: int = 15,
    notes: str = "",
) -> PartnershipLink:
    """A partnership between two organisations, from the organisation page: a local convention between the two,
    signed today and in force from its first day, whose link is returned."""
    if partner.pk == organisation.pk:
        raise ValidationError({"partner": _("Un partenariat relie deux organisations différentes.")})
    if is_reference_site and kind != ConventionKind.COTRAITANCE:
        raise ValidationError(
            {
                "is_reference_site": _(
                    "Seul un partenariat de cotraitance désigne le site de référence d'une Mission Locale."
                )
            }
        )
    parties = [
        PartyData(organisation=organisation, role=PartyRole.SIGNATORY),
        PartyData(organisation=partner, role=PartyRole.REFERENCE_SITE if is_reference_site else PartyRole.SIGNATORY),
    ]
    convention = convention_create(
        user=user,
        membership=membership,
        level=ConventionLevel.LOCAL,
        kind=kind,
        data=ConventionData(
            title=f"{organisation.name} – {partner.name}"[:200],
            starts_on=starts_on,
            ends_on=ends_on,
            referral_answer_days=referral_answer_days,
            first_meeting_days=first_meeting_days,
            notes=notes,
        ),
        parties=parties,
    )
    convention = convention_sign(convention=convention, user=user, membership=membership)
    if starts_on <= timezone.localdate():
        convention = convention_activate(convention=convention, user=user, membership=membership)
    return ConventionLink.objects.select_related("link").get(convention=convention).link


def link_partner_party(*, convention: Convention, link: PartnershipLink) -> ConventionParty:
    """The party at the far end of one of the convention's links, seen from the party every link starts from (the
    Mission Locale): the one whose role says whether it is the reference site, the one that leaves when the
    partnership ends and the convention goes on."""
    parties = {
        party.organisation_id: party
        for party in convention.parties.select_related("organisation", "convention").filter(
            organisation__in=[link.organisation_a_id, link.organisation_b_id]
        )
    }
    anchor = convention_anchor(_parties(convention))
    far = [
        party
        for organisation_id, party in parties.items()
        if anchor is None or organisation_id != anchor.organisation_id
    ]
    return far[0] if far else parties[link.organisation_b_id]


@transaction.atomic
def partnership_update(
    *, link: PartnershipLink, user: User | None, membership: Membership | None, **terms: Any
) -> Convention:
    """The terms of a partnership changed from the organisation page: its convention's period, deadlines and notes
    (for every link of the convention), and whether the partner is the reference site (its role)."""
    convention = convention_of_link(link=link)
    is_reference_site = terms.pop("is_reference_site", None)
    data = ConventionData(
        title=convention.title,
        parent=convention.parent,
        axes=convention.axes,
        ways_of_working=convention.ways_of_working,
        starts_on=terms.get("starts_on", convention.starts_on),
        ends_on=terms.get("ends_on", convention.ends_on),
        referral_answer_days=terms.get("referral_answer_days", convention.referral_answer_days),
        first_meeting_days=terms.get("first_meeting_days", convention.first_meeting_days),
        notes=terms.get("notes", convention.notes),
    )
    convention, _changed = convention_update(convention=convention, user=user, membership=membership, data=data)
    if is_reference_site is not None:
        party = link_partner_party(convention=convention, link=link)
        wanted = PartyRole.REFERENCE_SITE if is_reference_site else PartyRole.SIGNATORY
        if (party.role == PartyRole.REFERENCE_SITE) != is_reference_site:
            party_update(party=party, user=user, membership=membership, role=wanted, contact=party.contact)
    return convention


@transaction.atomic
def partnership_end(
    *, link: PartnershipLink, user: User | None, membership: Membership | None, ends_on: datetime.date
) -> Convention:
    """A partnership ended from the organisation page: its convention ends when the link is its only one; otherwise
    the partner leaves the convention, which goes on with the others."""
    convention = convention_of_link(link=link)
    if ConventionLink.objects.filter(convention=convention).count() <= 1:
        return convention_end(convention=convention, user=user, membership=membership, ends_on=ends_on)
    party = link_partner_party(convention=convention, link=link)
    party_remove(party=party, user=user, membership=membership, last_day=ends_on)
    return convention
