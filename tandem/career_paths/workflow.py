"""The mission's workflow, declared once (tandem.core.workflows):

    mission: recorded → cancelled (with its reason)        (the organisation that recorded it)

Changing a recorded mission's details is no step (tandem.career_paths.services.mission_update). The services and
pages check the caller's right on the person before (tandem.career_paths.permissions). Its events are written on
the person: their timeline shows them.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.career_paths.enums import CancelReason, MissionStatus
from tandem.career_paths.forms import CancelForm
from tandem.career_paths.models import Mission
from tandem.core.workflows import Action, Party, Step, Workflow
from tandem.events.enums import EventKind
from tandem.events.services import event_record

M = MissionStatus


def mission_payload(mission: Mission) -> dict[str, Any]:
    """What every event about it carries: codes, the agency and the dates (no free text about the person)."""
    return {
        "mission": mission.pk,
        "agency": mission.agency.name,
        "rome": mission.rome_id or "",
        "appellation": mission.appellation_id or "",
        "starts_on": mission.starts_on.isoformat(),
        "ends_on": mission.ends_on.isoformat() if mission.ends_on else "",
        "hours": str(mission.hours),
    }


def _reason(step: Step) -> dict[str, Any]:
    reason = step.data.get("reason") or ""
    if reason not in CancelReason.values:
        raise ValidationError({"reason": _("Choisissez le motif de l'annulation.")}, code="reason_missing")
    return {"cancel_reason": reason}


MISSION = Workflow(
    name="mission",
    model=Mission,
    states=MissionStatus,
    parties={
        "recorder": Party(
            is_party=lambda mission, organisation_id: organisation_id == mission.organisation_id,
            refusal=gettext_lazy("Seule l'organisation qui a enregistré la mission l'annule."),
        ),
    },
    actions=[
        Action(
            name="cancel",
            sources=(M.RECORDED,),
            target=M.CANCELLED,
            party="recorder",
            event=EventKind.MISSION_CANCELLED,
            title=gettext_lazy("Annuler la mission"),
            form=CancelForm,
            button=gettext_lazy("Annuler la mission"),
            done=gettext_lazy("Mission annulée : elle ne compte plus dans le parcours."),
            button_style="secondary",
            fields=_reason,
            payload=lambda step: mission_payload(step.row) | {"reason": step.row.cancel_reason},
        ),
    ],
    stale_message=gettext_lazy("Cette mission est déjà « %(status)s » : votre action n'a pas été enregistrée."),
    record_event=event_record,
    person_of=lambda mission: mission.person,
    tones={M.CANCELLED: "error", M.RECORDED: "success"},
    url_name="career_paths:mission_%s",
)
