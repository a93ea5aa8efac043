"""How the events of a person's record read on a timeline (tandem.events.timeline)."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.utils.html import format_html
from django.utils.translation import gettext as _

from tandem.core.fields import model_field
from tandem.events.enums import EventKind
from tandem.events.timeline import describes, label_of
from tandem.people.enums import BarrierKind, BarrierStatus, Scheme
from tandem.people.models import JobProfile


@describes(EventKind.LEAD_ASSIGNED, EventKind.LEAD_HANDED_OVER)
def _lead(event, context):
    return format_html(" : {} ({})", event.payload.get("organisation", ""), event.payload.get("adviser", ""))


@describes(EventKind.CONTRIBUTOR_ADDED, EventKind.CONTRIBUTOR_ENDED)
def _contributor(event, context):
    return format_html(" : {}", event.payload.get("organisation", ""))


@describes(EventKind.BARRIER_IDENTIFIED, EventKind.BARRIER_ACTION)
def _barrier(event, context):
    return format_html(" : {}", label_of(BarrierKind, event.payload.get("barrier", "")))


@describes(EventKind.BARRIER_STATUS_CHANGED)
def _barrier_status(event, context):
    payload = event.payload
    return format_html(
        " : {} – {}", label_of(BarrierKind, payload.get("barrier", "")), label_of(BarrierStatus, payload.get("to", ""))
    )


@describes(EventKind.SCHEME_STARTED, EventKind.SCHEME_ENDED)
def _scheme(event, context):
    return format_html(" : {}", label_of(Scheme, event.payload.get("scheme", "")))


@describes(EventKind.NOTE_ADDED)
def _note(event, context):
    note = context.get("notes", {}).get(event.subject_id)
    if note is None:
        return ""
    shared = _("partagée") if note.is_shared else _("interne à votre organisation")
    return format_html(" ({}) : {}", shared, note.text)


@describes(EventKind.CONSENT_GIVEN, EventKind.CONSENT_REVOKED)
def _consent(event, context):
    return format_html(" : {}", event.payload.get("recipient", ""))


def _job_profile_field_label(name: str) -> str:
    try:
        return str(model_field(JobProfile, name).verbose_name)
    except FieldDoesNotExist:
        return name


@describes(EventKind.JOB_PROFILE_UPDATED)
def _job_profile(event, context):
    payload = event.payload
    jobs = [*payload.get("romes", []), *(f"OGR {code}" for code in payload.get("appellations", []))]
    fields = ", ".join(_job_profile_field_label(name) for name in payload.get("fields", []))
    return format_html(
        " : {} – {}",
        fields,
        _("métiers recherchés %(jobs)s") % {"jobs": ", ".join(jobs)} if jobs else _("aucun métier recherché"),
    )
