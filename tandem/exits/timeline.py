"""How exits read on the person's timeline (tandem.events.timeline): the reason, the contract and whether it is
durable employment, why an exit was cancelled, and the situation six months later."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.events.enums import EventKind
from tandem.events.timeline import describes, label_of
from tandem.exits.enums import CancelReason, ContractType, ExitReason, Situation


def _contract(payload: dict) -> str:
    """« CDD de 8 mois, emploi durable », « CDI, emploi durable », or nothing."""
    contract = payload.get("contract") or ""
    if not contract:
        return ""
    text = label_of(ContractType, contract)
    months = payload.get("months")
    if months:
        text = ngettext("%(contract)s de %(months)s mois", "%(contract)s de %(months)s mois", months) % {
            "contract": text,
            "months": months,
        }
    if payload.get("durable"):
        text = _("%(contract)s, emploi durable") % {"contract": text}
    return text


@describes(EventKind.EXIT_RECORDED, EventKind.EXIT_UPDATED)
def _recorded(event, context):
    contract = _contract(event.payload)
    reason = label_of(ExitReason, event.payload.get("reason", ""))
    if contract:
        return format_html(" : {} ({})", reason, contract)
    return format_html(" : {}", reason)


@describes(EventKind.EXIT_CANCELLED)
def _cancelled(event, context):
    return format_html(" : {}", label_of(CancelReason, event.payload.get("reason", "")))


@describes(EventKind.EXIT_FOLLOW_UP_RECORDED)
def _follow_up(event, context):
    contract = _contract(event.payload)
    situation = label_of(Situation, event.payload.get("situation", ""))
    if contract:
        return format_html(" : {} ({})", situation, contract)
    return format_html(" : {}", situation)
