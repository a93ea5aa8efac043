"""How a timeline event reads: a short detail after its title."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from tandem.events.enums import EventKind
from tandem.offers.enums import ContractType, CvKind, NotRetainedReason
from tandem.people.enums import BarrierKind, BarrierStatus, Scheme
from tandem.referrals.enums import ReferralOutcome, RefusalReason

register = template.Library()


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


@register.simple_tag
def event_detail(event, notes: dict) -> str:
    payload = event.payload or {}
    kind = event.kind
    if kind in (EventKind.REFERRAL_PROPOSED, EventKind.DESIGNATION_PROPOSED):
        return format_html(" : {} → {}", payload.get("from", ""), payload.get("to", ""))
    if kind == EventKind.REFERRAL_REFUSED:
        return format_html(" : {}", _label(RefusalReason, payload.get("reason", "")))
    if kind == EventKind.REFERRAL_CLOSED:
        return format_html(" : {}", _label(ReferralOutcome, payload.get("outcome", "")))
    if kind in (EventKind.LEAD_ASSIGNED, EventKind.LEAD_HANDED_OVER):
        return format_html(" : {} ({})", payload.get("organisation", ""), payload.get("adviser", ""))
    if kind in (EventKind.CONTRIBUTOR_ADDED, EventKind.CONTRIBUTOR_ENDED):
        return format_html(" : {}", payload.get("organisation", ""))
    if kind in (EventKind.BARRIER_IDENTIFIED, EventKind.BARRIER_ACTION):
        return format_html(" : {}", _label(BarrierKind, payload.get("barrier", "")))
    if kind == EventKind.BARRIER_STATUS_CHANGED:
        return format_html(
            " : {} – {}", _label(BarrierKind, payload.get("barrier", "")), _label(BarrierStatus, payload.get("to", ""))
        )
    if kind in (EventKind.SCHEME_STARTED, EventKind.SCHEME_ENDED):
        return format_html(" : {}", _label(Scheme, payload.get("scheme", "")))
    if kind == EventKind.NOTE_ADDED:
        note = notes.get(event.subject_id)
        if note is None:
            return ""
        shared = _("partagée") if note.is_shared else _("interne à votre organisation")
        return format_html(" ({}) : {}", shared, note.text)
    if kind in (EventKind.CONSENT_GIVEN, EventKind.CONSENT_REVOKED):
        return format_html(" : {}", payload.get("recipient", ""))
    if kind == EventKind.POSITIONING_SENT:
        return format_html(" : {} ({})", payload.get("offer", ""), _label(CvKind, payload.get("cv_kind", "")))
    if kind == EventKind.POSITIONING_HIRED:
        return format_html(
            " : {} – {}", payload.get("offer", ""), _label(ContractType, payload.get("contract_type", ""))
        )
    if kind == EventKind.POSITIONING_NOT_RETAINED:
        return format_html(" : {} – {}", payload.get("offer", ""), _label(NotRetainedReason, payload.get("reason", "")))
    if kind in (EventKind.POSITIONING_PROPOSED, EventKind.POSITIONING_INTERVIEW, EventKind.POSITIONING_WITHDRAWN):
        return format_html(" : {}", payload.get("offer", ""))
    return ""
