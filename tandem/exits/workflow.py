"""The exit's workflow, declared once (tandem.core.workflows):

    exit: recorded → cancelled (a mistake, with its reason)        (the exit's organisation, or the current lead)

Correcting a recorded exit and recording the situation six months later are no steps (tandem.exits.services).
The services and pages check the caller's right on the exit before (tandem.exits.permissions). Its events are
written on the person: their timeline shows them.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.core.workflows import Action, Party, Step, Workflow
from tandem.events.enums import EventKind
from tandem.events.services import event_record
from tandem.exits.enums import CancelReason, ExitStatus
from tandem.exits.forms import CancelForm
from tandem.exits.models import Exit
from tandem.exits.permissions import is_exit_party
from tandem.organisations.models import Organisation

E = ExitStatus


def at_noon(day: datetime.date) -> datetime.datetime:
    """A day's event: at noon, local time (as a referral's meeting held on a day)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


def exit_payload(exit: Exit) -> dict[str, Any]:
    """What every event about it carries: codes and numbers only (no free text about the person)."""
    return {
        "exit": exit.pk,
        "exited_on": exit.exited_on.isoformat(),
        "reason": exit.reason,
        "contract": exit.contract_type,
        "months": exit.contract_months,
        "positive": exit.is_positive,
        "durable": exit.is_durable,
    }


def _reason(step: Step) -> dict[str, Any]:
    reason = step.data.get("reason") or ""
    if reason not in CancelReason.values:
        raise ValidationError({"reason": _("Choisissez le motif de l'annulation.")}, code="reason_missing")
    return {"cancel_reason": reason}


def _is_party(exit: Exit, organisation_id: int) -> bool:
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    return organisation is not None and is_exit_party(exit, organisation)


EXIT = Workflow(
    name="exit",
    model=Exit,
    states=ExitStatus,
    parties={
        "recorder": Party(
            is_party=_is_party,
            refusal=gettext_lazy("Seule l'organisation référente de la personne annule sa sortie."),
        ),
    },
    actions=[
        Action(
            name="cancel",
            sources=(E.RECORDED,),
            target=E.CANCELLED,
            party="recorder",
            event=EventKind.EXIT_CANCELLED,
            title=gettext_lazy("Annuler la sortie"),
            form=CancelForm,
            button=gettext_lazy("Annuler la sortie"),
            done=gettext_lazy("Sortie annulée : elle ne compte plus."),
            button_style="secondary",
            fields=_reason,
            payload=lambda step: {"exit": step.row.pk, "reason": step.row.cancel_reason},
        ),
    ],
    stale_message=gettext_lazy("Cette sortie est déjà « %(status)s » : votre action n'a pas été enregistrée."),
    record_event=event_record,
    person_of=lambda exit: exit.person,
    tones={E.CANCELLED: "error", E.RECORDED: "success"},
    url_name="exits:exit_%s",
)
