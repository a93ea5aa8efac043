"""The immersions' workflows, declared once (tandem.core.workflows; diagrams in docs/workflows.md):

    staff immersion: planned → done (with its report) | cancelled            (either organisation)
    PMSMP:           proposed → signed (the agreement signed by the three parties, its date recorded)
                     signed → in_progress (started, from its first day) → assessed (attendance, skills, result)
                     proposed | signed | in_progress → cancelled (with a reason)      (who acts for the person)

The services check the caller's right before (tandem.immersions.permissions: a staff immersion's steps are its
organisations' managers'; a PMSMP's, whoever follows the person or a temp agency while the person's consent
stands). A PMSMP's events are written with its person: the person's timeline shows them.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.core.workflows import Action, Party, Step, Workflow
from tandem.events.enums import EventKind
from tandem.events.services import event_record
from tandem.immersions.enums import PmsmpResult, PmsmpStatus, StaffImmersionStatus
from tandem.immersions.forms import AssessmentForm, CancelForm, ReportForm, SignForm
from tandem.immersions.models import Pmsmp, StaffImmersion
from tandem.immersions.permissions import is_staff_immersion_party, pmsmp_actor

S = StaffImmersionStatus
P = PmsmpStatus


def staff_immersion_payload(immersion: StaffImmersion) -> dict[str, Any]:
    """Codes and the organisations' names; the staff member's name and the texts stay on the row."""
    return {
        "immersion": immersion.pk,
        "sending": immersion.sending_organisation_id,
        "sending_name": immersion.sending_organisation.name,
        "host": immersion.host_organisation_id,
        "host_name": immersion.host_organisation.name,
        "starts_on": immersion.starts_on.isoformat(),
        "ends_on": immersion.ends_on.isoformat(),
    }


def pmsmp_payload(pmsmp: Pmsmp) -> dict[str, Any]:
    """Codes, the company's name and the dates; the tutor, the activities and the assessment stay on the row."""
    return {
        "pmsmp": pmsmp.pk,
        "employer": pmsmp.employer_id,
        "employer_name": pmsmp.employer.display_name,
        "objective": pmsmp.objective,
        "starts_on": pmsmp.starts_on.isoformat(),
        "ends_on": pmsmp.ends_on.isoformat(),
    }


def _text(step: Step, name: str, message: str, code: str) -> str:
    value = str(step.data.get(name) or "").strip()
    if not value:
        raise ValidationError(message, code=code)
    return value


def _done(step: Step) -> dict[str, Any]:
    if step.row.starts_on > timezone.localdate(step.at):
        raise ValidationError(
            _("Une immersion qui n'a pas commencé ne peut pas être déclarée réalisée."), code="immersion_in_future"
        )
    return {"report": _text(step, "report", _("Rédigez le bilan de l'immersion."), "report_missing")}


def _signed(step: Step) -> dict[str, Any]:
    signed_on = step.data.get("signed_on") or timezone.localdate(step.at)
    if signed_on > timezone.localdate(step.at):
        raise ValidationError(_("La date de signature ne peut pas être à venir."), code="signed_in_future")
    return {"signed_on": signed_on}


def _started(step: Step) -> dict[str, Any]:
    if step.row.starts_on > timezone.localdate(step.at):
        raise ValidationError(
            _("L'immersion commence le %(day)s : elle ne peut pas être déclarée commencée avant.")
            % {"day": formats.date_format(step.row.starts_on, "SHORT_DATE_FORMAT")},
            code="pmsmp_not_started",
        )
    return {}


def _assessed(step: Step) -> dict[str, Any]:
    attendance = step.data.get("attendance_ok")
    if not isinstance(attendance, bool):
        raise ValidationError(_("Indiquez si l'assiduité a été satisfaisante."), code="attendance_missing")
    result = step.data.get("result") or ""
    if result not in PmsmpResult.values:
        raise ValidationError(_("Choisissez le résultat de l'immersion."), code="result_missing")
    skills = _text(step, "skills_observed", _("Décrivez les compétences observées."), "skills_missing")
    return {"attendance_ok": attendance, "skills_observed": skills, "result": result}


def _cancelled(step: Step) -> dict[str, Any]:
    return {"cancel_reason": _text(step, "reason", _("Indiquez le motif de l'annulation."), "reason_missing")[:255]}


def _assessed_payload(step: Step) -> dict[str, Any]:
    return pmsmp_payload(step.row) | {"result": step.row.result, "attendance_ok": step.row.attendance_ok}


def _cancelled_payload(step: Step) -> dict[str, Any]:
    # The reason is free text: it stays on the row; the event says from which state it was cancelled.
    return pmsmp_payload(step.row) | {"from": step.previous}


STAFF_IMMERSION = Workflow(
    name="staff_immersion",
    model=StaffImmersion,
    states=StaffImmersionStatus,
    parties={
        "party": Party(
            is_party=is_staff_immersion_party,
            refusal=gettext_lazy(
                "Seules l'organisation d'origine et l'organisation d'accueil suivent cette immersion."
            ),
        ),
    },
    actions=[
        Action(
            name="complete",
            sources=(S.PLANNED,),
            target=S.DONE,
            party="party",
            event=EventKind.STAFF_IMMERSION_DONE,
            form=ReportForm,
            title=gettext_lazy("L'immersion a eu lieu"),
            button=gettext_lazy("Déclarer l'immersion réalisée"),
            done=gettext_lazy("Immersion réalisée : son bilan est enregistré."),
            fields=_done,
            payload=lambda step: staff_immersion_payload(step.row),
        ),
        Action(
            name="cancel",
            sources=(S.PLANNED,),
            target=S.CANCELLED,
            party="party",
            event=EventKind.STAFF_IMMERSION_CANCELLED,
            title=gettext_lazy("Annuler l'immersion"),
            button=gettext_lazy("Annuler l'immersion"),
            done=gettext_lazy("Immersion annulée."),
            button_style="secondary",
            payload=lambda step: staff_immersion_payload(step.row),
        ),
    ],
    stale_message=gettext_lazy("Cette immersion est déjà « %(status)s » : votre action n'a pas été enregistrée."),
    record_event=event_record,
    person_of=lambda immersion: None,
    tones={S.DONE: "success", S.CANCELLED: "error"},
    url_name="immersions:staff_%s",
)

PMSMP = Workflow(
    name="pmsmp",
    model=Pmsmp,
    states=PmsmpStatus,
    parties={
        "follower": Party(
            is_party=pmsmp_actor,
            refusal=gettext_lazy(
                "Seules les organisations qui suivent ce jeune (ou une agence d'emploi avec son consentement) font "
                "avancer son immersion."
            ),
        ),
    },
    actions=[
        Action(
            name="sign",
            sources=(P.PROPOSED,),
            target=P.SIGNED,
            party="follower",
            event=EventKind.PMSMP_SIGNED,
            form=SignForm,
            title=gettext_lazy("Convention signée"),
            button=gettext_lazy("Enregistrer la signature"),
            done=gettext_lazy("Convention signée par les trois parties."),
            fields=_signed,
            payload=lambda step: pmsmp_payload(step.row),
        ),
        Action(
            name="start",
            sources=(P.SIGNED,),
            target=P.IN_PROGRESS,
            party="follower",
            event=EventKind.PMSMP_STARTED,
            title=gettext_lazy("L'immersion a commencé"),
            button=gettext_lazy("Déclarer l'immersion commencée"),
            done=gettext_lazy("Immersion commencée."),
            fields=_started,
            payload=lambda step: pmsmp_payload(step.row),
        ),
        Action(
            name="assess",
            sources=(P.IN_PROGRESS,),
            target=P.ASSESSED,
            party="follower",
            event=EventKind.PMSMP_ASSESSED,
            form=AssessmentForm,
            title=gettext_lazy("Bilan de l'immersion"),
            button=gettext_lazy("Enregistrer le bilan"),
            done=gettext_lazy("Immersion terminée et évaluée."),
            fields=_assessed,
            payload=_assessed_payload,
        ),
        Action(
            name="cancel",
            sources=(P.PROPOSED, P.SIGNED, P.IN_PROGRESS),
            target=P.CANCELLED,
            party="follower",
            event=EventKind.PMSMP_CANCELLED,
            form=CancelForm,
            title=gettext_lazy("Annuler l'immersion"),
            button=gettext_lazy("Annuler l'immersion"),
            done=gettext_lazy("Immersion annulée."),
            button_style="secondary",
            fields=_cancelled,
            payload=_cancelled_payload,
        ),
    ],
    stale_message=gettext_lazy("Cette immersion est déjà « %(status)s » : votre action n'a pas été enregistrée."),
    record_event=event_record,
    person_of=lambda pmsmp: pmsmp.person,
    tones={P.SIGNED: "info", P.IN_PROGRESS: "info", P.ASSESSED: "success", P.CANCELLED: "error"},
    url_name="immersions:pmsmp_%s",
)
