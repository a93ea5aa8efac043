"""The employer events' workflows, declared once (tandem.core.workflows; diagrams in docs/workflows.md):

    event:        planned → held | cancelled                       (the organiser)
    invitation:   invited → confirmed | declined; then, once the event is held, attended | absent
    registration: registered → present (with what came of it) | absent, once the event is held;
                  present → present (what came of it, later: an interview, a hire)

The invitations' and registrations' steps are the organiser's and the partners' taking part; the services and
pages check the caller's right on the company or the person before (tandem.employer_events.permissions).
An invitation's events are written on its company (the company's timeline shows them), a registration's on the
person (the person's timeline).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.core.errors import Conflict
from tandem.core.workflows import Action, Party, Step, Workflow
from tandem.employer_events.enums import EventStatus, InvitationStatus, ParticipationOutcome, RegistrationStatus
from tandem.employer_events.forms import OutcomeForm
from tandem.employer_events.models import EmployerEvent, Invitation, Registration
from tandem.employer_events.permissions import event_party_ids
from tandem.events.enums import EventKind
from tandem.events.services import event_record

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

E = EventStatus
I = InvitationStatus  # noqa: E741
R = RegistrationStatus


def event_payload(event: EmployerEvent) -> dict[str, Any]:
    """What every event of the log about it carries: codes, its title and day (no person in it)."""
    return {"event": event.pk, "title": event.title, "format": event.format, "held_on": event.held_on.isoformat()}


def _held(step: Step) -> dict[str, Any]:
    if step.row.held_on > timezone.localdate(step.at):
        raise ValidationError(_("Un événement à venir ne peut pas être déclaré tenu."), code="event_in_future")
    return {}


def _event_is(status: str, message: StrOrPromise, code: str) -> Any:
    def check(step: Step) -> None:
        # Read again: the event may have moved since the row was read (someone cancelled it meanwhile).
        current = EmployerEvent.objects.filter(pk=step.row.event_id).values_list("status", flat=True).first()
        if current != status:
            raise Conflict(message, code=code)

    return check


_while_planned = _event_is(
    E.PLANNED, gettext_lazy("Cet événement n'est plus prévu : les réponses sont closes."), "event_not_planned"
)
_once_held = _event_is(
    E.HELD, gettext_lazy("Déclarez d'abord l'événement tenu pour noter qui est venu."), "event_not_held"
)


def _outcome(step: Step) -> dict[str, Any]:
    outcome = step.data.get("outcome") or ""
    if outcome and outcome not in ParticipationOutcome.values:
        raise ValidationError(_("Suite inconnue : %(value)s.") % {"value": outcome}, code="outcome_unknown")
    return {"outcome": outcome}


def _follow_up(step: Step) -> dict[str, Any]:
    if not step.data.get("outcome"):
        raise ValidationError(_("Choisissez la suite donnée."), code="outcome_missing")
    return _outcome(step)


def _invitation_payload(step: Step) -> dict[str, Any]:
    return event_payload(step.row.event)


def _registration_payload(step: Step) -> dict[str, Any]:
    payload = event_payload(step.row.event)
    if step.row.outcome:
        payload["outcome"] = step.row.outcome
    return payload


def _on_company(**kwargs: Any) -> Any:
    """An invitation's events are the company's: its timeline reads events on the employer."""
    return event_record(**{**kwargs, "subject": kwargs["subject"].employer})


EVENT = Workflow(
    name="employer_event",
    model=EmployerEvent,
    states=EventStatus,
    parties={
        "organiser": Party(
            is_party=lambda event, organisation_id: organisation_id == event.organisation_id,
            refusal=gettext_lazy("Seule l'organisation qui organise l'événement le déclare tenu ou l'annule."),
        ),
    },
    actions=[
        Action(
            name="hold",
            sources=(E.PLANNED,),
            target=E.HELD,
            party="organiser",
            event=EventKind.EMPLOYER_EVENT_HELD,
            title=gettext_lazy("L'événement a eu lieu"),
            button=gettext_lazy("Déclarer l'événement tenu"),
            done=gettext_lazy("Événement déclaré tenu : notez qui est venu."),
            fields=_held,
            payload=lambda step: event_payload(step.row),
        ),
        Action(
            name="cancel",
            sources=(E.PLANNED,),
            target=E.CANCELLED,
            party="organiser",
            event=EventKind.EMPLOYER_EVENT_CANCELLED,
            title=gettext_lazy("Annuler l'événement"),
            button=gettext_lazy("Annuler l'événement"),
            done=gettext_lazy("Événement annulé."),
            button_style="secondary",
            payload=lambda step: event_payload(step.row),
        ),
    ],
    stale_message=gettext_lazy("Cet événement est déjà « %(status)s » : votre action n'a pas été enregistrée."),
    record_event=event_record,
    person_of=lambda event: None,
    tones={E.HELD: "success", E.CANCELLED: "error"},
    url_name="employer_events:event_%s",
)

_invitation_party = Party(
    is_party=lambda invitation, organisation_id: organisation_id in event_party_ids(invitation.event),
    refusal=gettext_lazy("Seuls l'organisateur et les partenaires associés suivent les entreprises invitées."),
)

INVITATION = Workflow(
    name="event_invitation",
    model=Invitation,
    states=InvitationStatus,
    parties={"partner": _invitation_party},
    actions=[
        Action(
            name="confirm",
            sources=(I.INVITED, I.DECLINED),
            target=I.CONFIRMED,
            party="partner",
            event=EventKind.EMPLOYER_EVENT_CONFIRMED,
            button=gettext_lazy("Venue confirmée"),
            done=gettext_lazy("Venue de l'entreprise confirmée."),
            before=_while_planned,
            payload=_invitation_payload,
        ),
        Action(
            name="decline",
            sources=(I.INVITED, I.CONFIRMED),
            target=I.DECLINED,
            party="partner",
            event=EventKind.EMPLOYER_EVENT_DECLINED,
            button=gettext_lazy("Invitation déclinée"),
            done=gettext_lazy("Invitation déclinée par l'entreprise."),
            button_style="secondary",
            before=_while_planned,
            payload=_invitation_payload,
        ),
        Action(
            name="attend",
            sources=(I.INVITED, I.CONFIRMED),
            target=I.ATTENDED,
            party="partner",
            event=EventKind.EMPLOYER_EVENT_ATTENDED,
            button=gettext_lazy("Présente"),
            done=gettext_lazy("Présence de l'entreprise enregistrée."),
            before=_once_held,
            payload=_invitation_payload,
        ),
        Action(
            name="miss",
            sources=(I.INVITED, I.CONFIRMED),
            target=I.ABSENT,
            party="partner",
            event=EventKind.EMPLOYER_EVENT_MISSED,
            button=gettext_lazy("Absente"),
            done=gettext_lazy("Absence de l'entreprise enregistrée."),
            button_style="secondary",
            before=_once_held,
            payload=_invitation_payload,
        ),
    ],
    stale_message=gettext_lazy("Cette invitation est déjà « %(status)s » : votre action n'a pas été enregistrée."),
    record_event=_on_company,
    person_of=lambda invitation: None,
    tones={I.CONFIRMED: "info", I.ATTENDED: "success", I.DECLINED: "warning", I.ABSENT: "error"},
    url_name="employer_events:invitation_%s",
)

REGISTRATION = Workflow(
    name="event_registration",
    model=Registration,
    states=RegistrationStatus,
    parties={
        "partner": Party(
            is_party=lambda registration, organisation_id: organisation_id in event_party_ids(registration.event),
            refusal=gettext_lazy("Seuls l'organisateur et les partenaires associés notent la présence des jeunes."),
        ),
    },
    actions=[
        Action(
            name="present",
            sources=(R.REGISTERED,),
            target=R.PRESENT,
            party="partner",
            event=EventKind.EMPLOYER_EVENT_PRESENT,
            form=OutcomeForm,
            button=gettext_lazy("Présent·e"),
            done=gettext_lazy("Présence enregistrée."),
            fields=_outcome,
            before=_once_held,
            payload=_registration_payload,
        ),
        Action(
            name="absent",
            sources=(R.REGISTERED,),
            target=R.ABSENT,
            party="partner",
            event=EventKind.EMPLOYER_EVENT_ABSENT,
            button=gettext_lazy("Absent·e"),
            done=gettext_lazy("Absence enregistrée."),
            button_style="secondary",
            before=_once_held,
            payload=_registration_payload,
        ),
        Action(
            name="follow_up",
            sources=(R.PRESENT,),
            target=R.PRESENT,
            party="partner",
            event=EventKind.EMPLOYER_EVENT_OUTCOME,
            form=OutcomeForm,
            button=gettext_lazy("Enregistrer la suite"),
            done=gettext_lazy("Suite enregistrée."),
            fields=_follow_up,
            payload=_registration_payload,
        ),
    ],
    stale_message=gettext_lazy("Cette inscription est déjà « %(status)s » : votre action n'a pas été enregistrée."),
    record_event=event_record,
    person_of=lambda registration: registration.person,
    tones={R.PRESENT: "success", R.ABSENT: "error"},
    url_name="employer_events:registration_%s",
)
