"""Reads of positionings, scoped to the acting organisation (the proposing one or the one sharing the offer).

The organisation sharing the offer follows a positioning without necessarily seeing the person's record:
`person_visible` says whether the caller may see who it is (the same rule as the person's page).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tandem.access.permissions import person_access_q
from tandem.accounts.models import Membership
from tandem.accounts.permissions import can_see_nominative_data
from tandem.offers.enums import OPEN_POSITIONING_STATUSES, PositioningStatus
from tandem.offers.models import Positioning
from tandem.people.models import Person

CLOSED_SHOWN_DAYS = 90


def _visible(membership: Membership | None) -> QuerySet[Positioning]:
    if not can_see_nominative_data(membership):
        return Positioning.objects.none()
    org_id = membership.organisation_id
    person_visible = Exists(Person.objects.filter(pk=OuterRef("person_id")).filter(person_access_q(membership)))
    return (
        Positioning.objects.filter(Q(organisation_id=org_id) | Q(offer__organisation_id=org_id))
        .filter(person__anonymised_at__isnull=True)
        .annotate(person_visible=person_visible)
    )


@dataclass
class BoardColumn:
    status: str
    label: str
    positionings: list[Positioning]


def positioning_board_for(*, membership: Membership | None, now: datetime.datetime | None = None) -> list[BoardColumn]:
    """One column per status: every open positioning, and those closed in the last 90 days. One query."""
    now = now or timezone.now()
    rows = (
        _visible(membership)
        .filter(
            Q(status__in=OPEN_POSITIONING_STATUSES) | Q(closed_at__gte=now - datetime.timedelta(days=CLOSED_SHOWN_DAYS))
        )
        .select_related("person", "offer__organisation", "organisation", "proposed_by")
        .order_by("-updated_at", "-pk")
    )
    columns = {status: BoardColumn(status, str(label), []) for status, label in PositioningStatus.choices}
    for positioning in rows:
        columns[positioning.status].positionings.append(positioning)
    return list(columns.values())


def positioning_list_for(*, membership: Membership | None, status: str = "") -> QuerySet[Positioning]:
    qs = _visible(membership).select_related("person", "offer", "organisation")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-proposed_at", "-pk")


def positioning_get_for(*, membership: Membership | None, pk: int) -> Positioning:
    """The positioning if the acting organisation is one of its parties; 404 otherwise."""
    positioning = (
        _visible(membership)
        .select_related(
            "person__commune__departement", "offer__organisation", "offer__rome", "organisation", "proposed_by"
        )
        .filter(pk=pk)
        .first()
    )
    if positioning is None:
        raise Http404
    return positioning
