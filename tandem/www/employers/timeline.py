"""A company's timeline: every partner's interactions, the events about it, the offers it gave and the
applications sent to them (and the hires), newest first.

Offers sit above employers in the layers, so the sources are merged here, where both are in reach. Four queries
whatever the length (each source is read up to the limit, then merged). An application shows its offer and the
partner who sent it, never the young person: the company's timeline is read by every partner.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from tandem.accounts.models import Membership
from tandem.employers.enums import InteractionKind
from tandem.employers.models import Employer
from tandem.employers.selectors import interactions_of
from tandem.events.enums import EventKind
from tandem.events.selectors import events_about_for, timeline_for
from tandem.events.timeline import event_detail
from tandem.offers.models import Positioning
from tandem.offers.selectors import offer_visible_to

LIMIT = 100
# What the company sees of the young people put forward: the applications it received, and the hires.
APPLICATION_KINDS = (EventKind.POSITIONING_SENT, EventKind.POSITIONING_HIRED)


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    title: str
    organisation: str
    by: str
    detail: str = ""
    url: str = ""
    kind: str = ""


def employer_timeline(
    *, employer: Employer, membership: Membership, with_notes: bool, limit: int = LIMIT
) -> list[TimelineEntry]:
    """`with_notes`: the interactions' notes (free text, may name the company's contacts) for those who see its
    contacts only."""
    offers = (
        offer_visible_to(membership=membership)
        .filter(employer=employer)
        .select_related("organisation")
        .order_by("-created_at", "-id")[:limit]
    )
    entries = [
        TimelineEntry(
            at=offer.published_at or offer.created_at,
            title=_("Offre : %(title)s") % {"title": offer.title},
            organisation=offer.organisation.name,
            by="",
            detail=str(offer.get_status_display()),
            url=reverse("offers:detail", args=[offer.pk]),
            kind="offer",
        )
        for offer in offers
    ]
    # An offer collected is recorded as an interaction too (the partners' log): it shows once, as the offer with
    # its link, wherever the reader sees the offer.
    shown = {offer.pk for offer in offers}
    entries += [
        TimelineEntry(
            at=interaction.occurred_at,
            title=str(interaction.get_kind_display()),
            organisation=interaction.organisation.name,
            by=(interaction.by.get_full_name() or interaction.by.email) if interaction.by is not None else "",
            detail=interaction.note if with_notes else "",
            kind="interaction",
        )
        for interaction in interactions_of(employer=employer)[:limit]
        if not (interaction.kind == InteractionKind.OFFER and interaction.subject_id in shown)
    ]
    entries += [
        TimelineEntry(
            at=event.occurred_at,
            title=str(event.get_kind_display()),
            organisation=event.actor_organisation.name if event.actor_organisation is not None else _("Tandem"),
            by=event.actor.get_full_name() if event.actor is not None else "",
            # A detail reads after its title (" : …"): the page puts its own separator.
            detail=mark_safe(str(event_detail(event, {})).removeprefix(" : ")),  # noqa: S308 (built by format_html)
            kind="event",
        )
        for event in timeline_for(organisation_id=membership.organisation_id, subject=employer)[:limit]
    ]
    # Applications to the offers the reader sees (an offer they may not see is not named to them).
    applications = Positioning.objects.filter(
        offer__in=offer_visible_to(membership=membership).filter(employer=employer).values("pk")
    ).values("pk")
    entries += [
        TimelineEntry(
            at=event.occurred_at,
            title=str(event.get_kind_display()),
            organisation=event.actor_organisation.name if event.actor_organisation is not None else _("Tandem"),
            by=event.actor.get_full_name() if event.actor is not None else "",
            detail=mark_safe(str(event_detail(event, {})).removeprefix(" : ")),  # noqa: S308 (built by format_html)
            kind="application",
        )
        for event in events_about_for(
            organisation_id=membership.organisation_id,
            subject_type="positioning",
            subject_ids=applications,
            kinds=APPLICATION_KINDS,
        )[:limit]
    ]
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries[:limit]
