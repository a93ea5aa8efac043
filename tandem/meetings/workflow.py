"""The meeting's and the action's workflows, declared once (tandem.core.workflows; diagrams in docs/workflows.md):

    meeting: planned → held → approved (its minutes approved)      (a party to the convention)
             planned → cancelled
    action:  todo → in_progress → done                              (a party to the convention)
             todo | in_progress → dropped

The services check the caller's right before (tandem.meetings.permissions: a party's managers; for an action, its
owner person too). Every event is written on the convention: its timeline shows its meetings and its plan.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.core.workflows import Action, Party, Step, Workflow
from tandem.events.enums import EventKind
from tandem.events.services import event_record
from tandem.meetings.enums import ActionStatus, MeetingStatus
from tandem.meetings.models import Meeting, PlanAction
from tandem.meetings.permissions import convention_party_ids
from tandem.partnerships.workflow import convention_payload

M = MeetingStatus
A = ActionStatus


def meeting_payload(meeting: Meeting) -> dict[str, Any]:
    """What every event about a meeting carries: the convention's codes, the meeting's kind, title and start."""
    return convention_payload(meeting.convention) | {
        "meeting": meeting.pk,
        "meeting_kind": meeting.kind,
        "meeting_title": meeting.title,
        "starts_at": meeting.starts_at.isoformat(),
    }


def action_payload(action: PlanAction) -> dict[str, Any]:
    return convention_payload(action.convention) | {
        "action": action.pk,
        "action_title": action.title,
        "year": action.year,
        "status": action.status,
    }


def on_convention(**kwargs: Any) -> Any:
    """A meeting's and an action's events are the convention's: its timeline reads events on the convention."""
    return event_record(**{**kwargs, "subject": kwargs["subject"].convention})


def _held(step: Step) -> dict[str, Any]:
    if step.row.starts_at > step.at:
        raise ValidationError(_("Une réunion à venir ne peut pas être déclarée tenue."), code="meeting_in_future")
    return {}


def _approved(step: Step) -> dict[str, Any]:
    minutes = Meeting.objects.filter(pk=step.row.pk).values_list("minutes", flat=True).first() or ""
    if not minutes.strip():
        raise ValidationError(_("Rédigez le compte rendu avant de l'approuver."), code="minutes_missing")
    return {}


_party = Party(
    is_party=lambda row, organisation_id: organisation_id in convention_party_ids(row.convention),
    refusal=gettext_lazy("Seules les parties à la convention font avancer ses réunions et son plan d'action."),
)

MEETING = Workflow(
    name="convention_meeting",
    model=Meeting,
    states=MeetingStatus,
    parties={"party": _party},
    actions=[
        Action(
            name="hold",
            sources=(M.PLANNED,),
            target=M.HELD,
            party="party",
            event=EventKind.CONVENTION_MEETING_HELD,
            button=gettext_lazy("Déclarer la réunion tenue"),
            done=gettext_lazy("Réunion tenue : notez les présences, le compte rendu et les décisions."),
            fields=_held,
            payload=lambda step: meeting_payload(step.row),
            occurred=lambda step: min(step.row.starts_at, step.at),
        ),
        Action(
            name="approve",
            sources=(M.HELD,),
            target=M.APPROVED,
            party="party",
            event=EventKind.CONVENTION_MEETING_APPROVED,
            button=gettext_lazy("Approuver le compte rendu"),
            done=gettext_lazy("Compte rendu approuvé."),
            fields=_approved,
            payload=lambda step: meeting_payload(step.row),
        ),
        Action(
            name="cancel",
            sources=(M.PLANNED,),
            target=M.CANCELLED,
            party="party",
            event=EventKind.CONVENTION_MEETING_CANCELLED,
            button=gettext_lazy("Annuler la réunion"),
            done=gettext_lazy("Réunion annulée."),
            button_style="secondary",
            payload=lambda step: meeting_payload(step.row),
        ),
    ],
    stale_message=gettext_lazy("Cette réunion est déjà « %(status)s » : votre action n'a pas été enregistrée."),
    record_event=on_convention,
    person_of=lambda meeting: None,
    tones={M.HELD: "info", M.APPROVED: "success", M.CANCELLED: "error"},
    url_name="meetings:meeting_%s",
)

ACTION = Workflow(
    name="plan_action",
    model=PlanAction,
    states=ActionStatus,
    parties={"party": _party},
    actions=[
        Action(
            name="start",
            sources=(A.TODO,),
            target=A.IN_PROGRESS,
            party="party",
            event=EventKind.CONVENTION_ACTION_STARTED,
            button=gettext_lazy("Engager l'action"),
            done=gettext_lazy("Action engagée."),
            payload=lambda step: action_payload(step.row),
        ),
        Action(
            name="complete",
            sources=(A.TODO, A.IN_PROGRESS),
            target=A.DONE,
            party="party",
            event=EventKind.CONVENTION_ACTION_DONE,
            button=gettext_lazy("Action réalisée"),
            done=gettext_lazy("Action réalisée."),
            payload=lambda step: action_payload(step.row),
        ),
        Action(
            name="drop",
            sources=(A.TODO, A.IN_PROGRESS),
            target=A.DROPPED,
            party="party",
            event=EventKind.CONVENTION_ACTION_DROPPED,
            button=gettext_lazy("Abandonner l'action"),
            done=gettext_lazy("Action abandonnée."),
            button_style="secondary",
            payload=lambda step: action_payload(step.row),
        ),
    ],
    stale_message=gettext_lazy("Cette action est déjà « %(status)s » : votre changement n'a pas été enregistré."),
    record_event=on_convention,
    person_of=lambda action: None,
    tones={A.IN_PROGRESS: "info", A.DONE: "success", A.DROPPED: "warning"},
    url_name="meetings:action_%s",
)
