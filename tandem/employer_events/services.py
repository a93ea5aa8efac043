"""Every write about employer events: the event and its state, the companies invited, the young people registered
and who came.

Each service checks the caller's right itself (tandem.employer_events.permissions), whatever the channel (page,
API token): a caller outside the event, or without reach on the company or sight of the person, gets
PermissionDenied, which pages and the API answer with a 404. A rule of the event's state is a Conflict (409).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tandem.accounts.models import Membership, User
from tandem.career_paths.models import Mission
from tandem.career_paths.services import mission_record
from tandem.core.errors import Conflict
from tandem.employer_events.enums import EventStatus, ParticipationOutcome, RegistrationStatus
from tandem.employer_events.models import EmployerEvent, Invitation, Registration
from tandem.employer_events.permissions import (
    can_create_event,
    can_edit_event,
    can_invite_employer,
    can_register_person,
    can_steer_event,
    event_party_ids,
)
from tandem.employer_events.workflow import EVENT, INVITATION, REGISTRATION, event_payload
from tandem.employers.models import Employer
from tandem.events.enums import EventKind
from tandem.events.services import event_record
from tandem.offers.models import Offer
from tandem.offers.selectors import offer_visible_to
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation
from tandem.organisations.selectors import partner_organisations_of
from tandem.people.models import Person
from tandem.territories.models import Commune

EVENT_FIELDS = ("format", "title", "theme", "held_on", "starts_at", "ends_at", "street", "commune", "capacity")


@dataclass(frozen=True, kw_only=True)
class EventData:
    """An event as typed in the form or sent by the API (the commune already resolved by commune_resolve)."""

    format: str
    title: str
    held_on: datetime.date
    starts_at: datetime.time
    ends_at: datetime.time
    commune: Commune
    theme: str = ""
    street: str = ""
    capacity: int | None = None

    def fields(self) -> dict[str, object]:
        return {
            "format": self.format,
            "title": self.title.strip(),
            "theme": self.theme,
            "held_on": self.held_on,
            "starts_at": self.starts_at,
            "ends_at": self.ends_at,
            "street": self.street.strip(),
            "commune": self.commune,
            "capacity": self.capacity,
        }


def _refuse() -> PermissionDenied:
    return PermissionDenied(_("Vous ne participez pas à cet événement."))


def _checked_partners(organiser: Organisation, partners: Iterable[Organisation]) -> list[Organisation]:
    """The partners taking part: organisations in an active partnership with the organiser, else refused."""
    chosen = [partner for partner in dict.fromkeys(partners) if partner.pk != organiser.pk]
    allowed = set(partner_organisations_of(organisation=organiser).values_list("pk", flat=True))
    strangers = sorted(partner.name for partner in chosen if partner.pk not in allowed)
    if strangers:
        raise ValidationError(
            {
                "partners": _("Ces organisations ne sont pas partenaires de %(organiser)s : %(names)s.")
                % {"organiser": organiser.name, "names": ", ".join(strangers)}
            }
        )
    return chosen


def _planned(event: EmployerEvent) -> None:
    if event.status != EventStatus.PLANNED:
        raise Conflict(
            _("Cet événement est « %(status)s » : il ne change plus.") % {"status": event.get_status_display()},
            code="event_not_planned",
        )


@transaction.atomic
def employer_event_create(
    *, membership: Membership | None, by: User | None, data: EventData, partners: Iterable[Organisation] = ()
) -> EmployerEvent:
    """An event organised by the caller's organisation, with the partners it names, as planned."""
    if not can_create_event(membership):
        raise PermissionDenied(_("Seuls les professionnels des partenaires organisent un événement."))
    chosen = _checked_partners(membership.organisation, partners)
    event = EmployerEvent(organisation=membership.organisation, created_by=by, **data.fields())
    event.full_clean()
    event.save()
    event.partners.set(chosen)
    event_record(
        kind=EventKind.EMPLOYER_EVENT_CREATED,
        by=by,
        organisation=membership.organisation,
        subject=event,
        payload=event_payload(event),
    )
    return event


@transaction.atomic
def employer_event_update(
    *,
    event: EmployerEvent,
    membership: Membership | None,
    by: User | None,
    data: EventData,
    partners: Iterable[Organisation] | None = None,
) -> EmployerEvent:
    """Change a planned event; its partners only by the organiser (None: unchanged)."""
    if not can_edit_event(membership, event_party_ids(event)):
        raise _refuse()
    _planned(event)
    fields = data.fields()
    capacity = fields["capacity"]
    registered = event.registrations.count()
    if isinstance(capacity, int) and capacity < registered:
        raise ValidationError(
            {
                "capacity": _("%(count)s jeunes sont déjà inscrits : prévoyez au moins autant de places.")
                % {"count": registered}
            }
        )
    changed = sorted(name for name in EVENT_FIELDS if getattr(event, name) != fields[name])
    for name, value in fields.items():
        setattr(event, name, value)
    event.full_clean()
    event.save()
    if partners is not None:
        chosen = _checked_partners(event.organisation, partners)
        if {p.pk for p in chosen} != event_party_ids(event) - {event.organisation_id}:
            if not can_steer_event(membership, event):
                raise ValidationError(
                    {"partners": _("Seule l'organisation qui organise l'événement choisit les partenaires associés.")}
                )
            event.partners.set(chosen)
            event.__dict__.pop("_party_ids", None)
            changed.append("partners")
    if changed:
        event_record(
            kind=EventKind.EMPLOYER_EVENT_UPDATED,
            by=by,
            organisation=membership.organisation,
            subject=event,
            payload=event_payload(event) | {"fields": changed},
        )
    return event


def employer_event_hold(*, event: EmployerEvent, membership: Membership | None, by: User | None) -> EmployerEvent:
    if not can_steer_event(membership, event):
        raise _refuse()
    return EVENT.run("hold", event, by=by, organisation=membership.organisation)


def employer_event_cancel(*, event: EmployerEvent, membership: Membership | None, by: User | None) -> EmployerEvent:
    if not can_steer_event(membership, event):
        raise _refuse()
    return EVENT.run("cancel", event, by=by, organisation=membership.organisation)


@transaction.atomic
def invitation_create(
    *,
    event: EmployerEvent,
    employer: Employer,
    membership: Membership | None,
    by: User | None,
    offers: Sequence[Offer] = (),
) -> Invitation:
    """Invite a company the caller may act on (within their reach), with the offers it brings, if any."""
    if not can_invite_employer(membership, event_party_ids(event), employer):
        raise _refuse()
    _planned(event)
    if Invitation.objects.filter(event=event, employer=employer).exists():
        raise Conflict(_("Cette entreprise est déjà invitée."), code="already_invited")
    offer_ids = {offer.pk for offer in offers}
    if offer_ids:
        known = set(
            offer_visible_to(membership=membership)
            .filter(pk__in=offer_ids, employer=employer)
            .values_list("pk", flat=True)
        )
        if known != offer_ids:
            raise ValidationError({"offers": _("Ces offres ne sont pas des offres de cette entreprise.")})
    invitation = Invitation(event=event, employer=employer, organisation=membership.organisation, invited_by=by)
    invitation.full_clean()
    invitation.save()
    if offer_ids:
        invitation.offers.set(sorted(offer_ids))
    # On the company: its timeline reads events on the employer.
    event_record(
        kind=EventKind.EMPLOYER_EVENT_INVITED,
        by=by,
        organisation=membership.organisation,
        subject=employer,
        payload=event_payload(event),
    )
    return invitation


def _invitation_step(name: str, invitation: Invitation, membership: Membership | None, by: User | None) -> Invitation:
    if not can_edit_event(membership, event_party_ids(invitation.event)):
        raise _refuse()
    return INVITATION.run(name, invitation, by=by, organisation=membership.organisation)


def invitation_confirm(*, invitation: Invitation, membership: Membership | None, by: User | None) -> Invitation:
    return _invitation_step("confirm", invitation, membership, by)


def invitation_decline(*, invitation: Invitation, membership: Membership | None, by: User | None) -> Invitation:
    return _invitation_step("decline", invitation, membership, by)


def invitation_attend(*, invitation: Invitation, membership: Membership | None, by: User | None) -> Invitation:
    """The company came: written on the company, its timeline says it took part in the event."""
    return _invitation_step("attend", invitation, membership, by)


def invitation_miss(*, invitation: Invitation, membership: Membership | None, by: User | None) -> Invitation:
    return _invitation_step("miss", invitation, membership, by)


@transaction.atomic
def registration_create(
    *, event: EmployerEvent, person: Person, membership: Membership | None, by: User | None
) -> Registration:
    """Register a young person the caller may see; written on the person (their timeline shows it)."""
    if not can_register_person(membership, event_party_ids(event), person):
        raise _refuse()
    _planned(event)
    # Lock the event's row: two advisers registering at once do not both take the last seat.
    EmployerEvent.objects.select_for_update().filter(pk=event.pk).first()
    if Registration.objects.filter(event=event, person=person).exists():
        raise Conflict(_("Cette personne est déjà inscrite."), code="already_registered")
    if event.capacity is not None and event.registrations.count() >= event.capacity:
        raise Conflict(_("L'événement est complet."), code="event_full")
    registration = Registration(event=event, person=person, organisation=membership.organisation, registered_by=by)
    registration.full_clean()
    registration.save()
    event_record(
        kind=EventKind.EMPLOYER_EVENT_REGISTERED,
        by=by,
        organisation=membership.organisation,
        person=person,
        subject=registration,
        payload=event_payload(event),
    )
    return registration


def _registration_step(
    name: str, registration: Registration, membership: Membership | None, by: User | None, outcome: str = ""
) -> Registration:
    if not can_register_person(membership, event_party_ids(registration.event), registration.person):
        raise _refuse()
    return REGISTRATION.run(name, registration, by=by, organisation=membership.organisation, data={"outcome": outcome})


def registration_present(
    *, registration: Registration, membership: Membership | None, by: User | None, outcome: str = ""
) -> Registration:
    return _registration_step("present", registration, membership, by, outcome)


def registration_absent(*, registration: Registration, membership: Membership | None, by: User | None) -> Registration:
    return _registration_step("absent", registration, membership, by)


def registration_follow_up(
    *, registration: Registration, membership: Membership | None, by: User | None, outcome: str
) -> Registration:
    """What came of it for a young person who was there, known later (an interview, a hire)."""
    return _registration_step("follow_up", registration, membership, by, outcome)


# A mission that followed ------------------------------------------------------------------------------------------

TEMP_KINDS = {OrganisationKind.TEMP_AGENCY, OrganisationKind.TEMP_NETWORK}


@dataclass(frozen=True, kw_only=True)
class MissionData:
    """A mission as typed on the registration's form or sent by the API."""

    job_label: str
    starts_on: datetime.date
    hours: Decimal
    employer: Employer | None = None
    employer_name: str = ""
    rome_code: str = ""
    ends_on: datetime.date | None = None


@transaction.atomic
def registration_mission(
    *, registration: Registration, membership: Membership | None, by: User | None, mission: MissionData
) -> Mission:
    """A young person who came is positioned on a mission by a temp agency taking part (seed 003: the agency meets
    young people at the Mission Locale, then offers them a mission). The mission joins their path across agencies
    (tandem.career_paths, which checks the agency's right on the person: their consent standing), and the
    registration's follow-up says « mission », in one transaction."""
    if membership is None or membership.organisation.kind not in TEMP_KINDS:
        raise PermissionDenied(_("Seule une agence d'emploi qui participe à la séance propose une mission."))
    if not can_register_person(membership, event_party_ids(registration.event), registration.person):
        raise _refuse()
    if registration.status != RegistrationStatus.PRESENT:
        raise Conflict(
            _("Une mission suit une séance pour une personne qui y est venue."), code="mission_without_presence"
        )
    recorded = mission_record(
        person=registration.person,
        agency=membership.organisation,
        employer=mission.employer,
        employer_name=mission.employer_name,
        job_label=mission.job_label,
        rome_code=mission.rome_code,
        starts_on=mission.starts_on,
        ends_on=mission.ends_on,
        hours=mission.hours,
        by=by,
        organisation=membership.organisation,
        membership=membership,
    )
    if registration.outcome != ParticipationOutcome.MISSION:
        registration_follow_up(
            registration=registration, membership=membership, by=by, outcome=ParticipationOutcome.MISSION
        )
    return recorded
