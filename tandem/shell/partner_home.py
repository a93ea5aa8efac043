"""The home of a temp agency, a PLIE and a Métropole (seeds 003 and 004): each lands on what it does.

- A temp agency: the young people it may see (those whose consent to share with temp agencies stands), the collective
  sessions to come where it takes part (job presentations, CEJ group sessions), its Mission Jeunes conventions with
  the single contact on the other side, the immersions to come.
- A PLIE: its participants (any age), the barrier-lifting actions it runs with their places left and waiting lists.
- A Métropole: the barrier-lifting actions it runs, and its conventions with France Travail and the PLIE.

Each list is its first HOME_ROWS rows; the number of queries does not grow with the data (tests/shell pins it).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Window
from django.utils import timezone

from tandem.access.selectors import person_list_for
from tandem.accounts.models import Membership
from tandem.accounts.permissions import can_see_nominative_data
from tandem.barrier_actions.models import BarrierAction
from tandem.barrier_actions.selectors import actions_overview
from tandem.employer_events.models import EmployerEvent
from tandem.employer_events.selectors import employer_event_list_for
from tandem.immersions.selectors import immersions_to_come
from tandem.organisations.enums import OrganisationKind
from tandem.partnerships.enums import ConventionKind, ConventionStatus
from tandem.partnerships.models import Convention, ConventionParty
from tandem.partnerships.selectors import convention_visible_to
from tandem.people.models import Person

HOME_ROWS = 5
TEMP_KINDS = {OrganisationKind.TEMP_AGENCY, OrganisationKind.TEMP_NETWORK}
# The conventions each kind of partner lands on.
CONVENTION_KINDS: dict[str, list[str]] = {
    OrganisationKind.TEMP_AGENCY: [ConventionKind.MISSION_JEUNES],
    OrganisationKind.TEMP_NETWORK: [ConventionKind.MISSION_JEUNES],
    OrganisationKind.PLIE: [ConventionKind.PLIE],
    OrganisationKind.EPCI: [ConventionKind.METROPOLE, ConventionKind.PLIE],
}


@dataclass(frozen=True)
class PartnerHome:
    kind: str  # the organisation's kind: temp_agency, temp_network, plie or epci
    people: Sequence[Person]
    people_total: int
    sessions: Sequence[EmployerEvent]
    conventions: Sequence[Convention]  # in force, with their parties (and single contacts) prefetched
    actions: Sequence[BarrierAction] = ()  # a PLIE's or a Métropole's open actions: places left, waiting
    immersions_to_come: int = 0  # a temp agency's staff immersions and PMSMPs not over yet


def has_partner_home(membership: Membership | None) -> bool:
    return membership is not None and membership.organisation.kind in CONVENTION_KINDS


def partner_home_for(*, membership: Membership, today: datetime.date | None = None) -> PartnerHome:
    today = today or timezone.localdate()
    organisation = membership.organisation
    people: list[Person] = []
    sessions: list[EmployerEvent] = []
    if can_see_nominative_data(membership):
        people = list(
            person_list_for(membership=membership)
            .annotate(total=Window(Count("pk")))
            .order_by("last_name", "first_name", "pk")[:HOME_ROWS]
        )
        sessions = list(employer_event_list_for(membership=membership, today=today)[:HOME_ROWS])
    parties = ConventionParty.objects.select_related("organisation", "contact").order_by("pk")
    conventions = list(
        convention_visible_to(user=membership.user, membership=membership)
        .filter(
            kind__in=CONVENTION_KINDS[organisation.kind],
            status__in=[ConventionStatus.SIGNED, ConventionStatus.ACTIVE],
            parties__organisation=organisation,
        )
        .prefetch_related(Prefetch("parties", queryset=parties))
        .order_by("title", "pk")[:HOME_ROWS]
    )
    temp = organisation.kind in TEMP_KINDS
    return PartnerHome(
        actions=[] if temp else list(actions_overview(membership=membership)[:HOME_ROWS]),
        immersions_to_come=immersions_to_come(membership) if temp else 0,
        kind=organisation.kind,
        people=people,
        people_total=people[0].total if people else 0,  # type: ignore[attr-defined]
        sessions=sessions,
        conventions=conventions,
    )
