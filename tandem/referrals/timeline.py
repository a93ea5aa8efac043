"""How referrals read on a person's timeline (tandem.events.timeline)."""

from __future__ import annotations

from django.utils.html import format_html

from tandem.events.enums import EventKind
from tandem.events.timeline import describes, label_of
from tandem.referrals.enums import ReferralOutcome, RefusalReason


@describes(EventKind.REFERRAL_PROPOSED, EventKind.DESIGNATION_PROPOSED)
def _proposed(event, context):
    return format_html(" : {} → {}", event.payload.get("from", ""), event.payload.get("to", ""))


@describes(EventKind.REFERRAL_REFUSED)
def _refused(event, context):
    return format_html(" : {}", label_of(RefusalReason, event.payload.get("reason", "")))


@describes(EventKind.REFERRAL_CLOSED)
def _closed(event, context):
    return format_html(" : {}", label_of(ReferralOutcome, event.payload.get("outcome", "")))
