"""Reads of young people's records scoped to the caller: lists and one record with the caller's level of access.

Every page and API route that shows people goes through these (tandem.access.permissions holds the rule).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Exists, Expression, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tandem.access import permissions
from tandem.accounts.enums import Role
from tandem.accounts.models import Membership
from tandem.accounts.permissions import can_see_nominative_data
from tandem.organisations.models import Organisation
from tandem.organisations.selectors import family_q
from tandem.people.enums import FollowRole
from tandem.people.models import Barrier, Follow, Person, SchemeEnrolment
from tandem.people.search import person_search_q
from tandem.referrals.enums import WAITING_STATUSES, ReferralStatus
from tandem.referrals.models import Referral


def person_list_for(
    *, membership: Membership | None, own: bool = False, within: QuerySet[Any] | list[int] | Expression | None = None
) -> QuerySet[Person]:
    """Every person the acting organisation may see; with `own`, those its user follows for it ("mes suivis");
    with `within` (a query of person ids), those of them it may see; none for observers and outsiders."""
    if not can_see_nominative_data(membership):
        return Person.objects.none()
    if within is not None:
        if own:
            raise ValueError("person_list_for: `own` and `within` are not read together")
        return Person.objects.filter(pk__in=within).filter(permissions.person_access_q(membership, within=within))
    return Person.objects.filter(permissions.person_access_q(membership, own=own))


def follows_anyone(*, membership: Membership) -> bool:
    """Whether the acting user follows at least one person for their organisation: their caseload page then
    opens on their own follows."""
    return person_list_for(membership=membership, own=True).exists()


def person_get_for(*, membership: Membership | None, pk: int) -> tuple[Person, permissions.Access]:
    """The person and the caller's level of access; 404 when the caller may not see them."""
    person = Person.objects.select_related("commune__departement", "education_level").filter(pk=pk).first()
    if person is None:
        raise Http404
    access = permissions.person_access(membership, person)
    if access == permissions.Access.NONE:
        raise Http404
    return person, access


def caseload_for(
    *,
    membership: Membership,
    own: bool = False,
    status: str = "",
    overdue: bool = False,
    barrier: str = "",
    scheme: str = "",
    commune: str = "",
    query: str = "",
    today: datetime.date | None = None,
) -> QuerySet[Person]:
    """The organisation's caseload (or, with `own`, the people its user follows) with the lead, open referrals and
    barriers prefetched (fixed query count)."""
    today = today or timezone.localdate()
    organisation = membership.organisation
    ours = family_q(organisation, "organisation")
    people = person_list_for(membership=membership, own=own).select_related("commune")
    if query:
        people = people.filter(person_search_q(query))
    if status == "lead":
        people = people.filter(
            Exists(
                Follow.objects.filter(ours).filter(person=OuterRef("pk"), role=FollowRole.LEAD, ended_at__isnull=True)
            )
        )
    elif status == "contributor":
        people = people.filter(
            Exists(
                Follow.objects.filter(ours).filter(
                    person=OuterRef("pk"), role=FollowRole.CONTRIBUTOR, ended_at__isnull=True
                )
            )
        )
    elif status in ReferralStatus.values:
        people = people.filter(
            Exists(
                Referral.objects.filter(person=OuterRef("pk"), status=status).filter(
                    family_q(organisation, "from_organisation") | family_q(organisation, "to_organisation")
                )
            )
        )
    if overdue:
        people = people.filter(Exists(_overdue_referrals(organisation, today).filter(person=OuterRef("pk"))))
    if barrier:
        people = people.filter(
            Exists(Barrier.objects.filter(person=OuterRef("pk"), kind=barrier).exclude(status="lifted"))
        )
    if scheme:
        people = people.filter(
            Exists(SchemeEnrolment.objects.filter(person=OuterRef("pk"), scheme=scheme, ends_on__isnull=True))
        )
    if commune:
        people = people.filter(commune_id=commune)
    return people.prefetch_related(
        Prefetch(
            "follows",
            queryset=Follow.objects.filter(role=FollowRole.LEAD, ended_at__isnull=True).select_related(
                "organisation", "adviser"
            ),
            to_attr="current_leads",
        ),
        Prefetch(
            "referrals",
            queryset=Referral.objects.filter(status__in=WAITING_STATUSES).select_related("to_organisation"),
            to_attr="open_referrals",
        ),
        Prefetch("barriers", queryset=Barrier.objects.exclude(status="lifted"), to_attr="open_barriers"),
    ).order_by("last_name", "first_name", "pk")


def _overdue_referrals(organisation: Organisation, today: datetime.date) -> QuerySet[Referral]:
    return Referral.objects.overdue(today=today).filter(
        family_q(organisation, "from_organisation") | family_q(organisation, "to_organisation")
    )


def overlap_report_for(*, membership: Membership) -> dict[str, Any]:
    """Overlaps (people followed by two organisations with no referral between them) and likely duplicates."""
    visible = person_list_for(membership=membership)
    if membership.role == Role.ADMINISTRATOR:
        visible = Person.objects.filter(anonymised_at__isnull=True)
    multi = (
        visible.annotate(current_follows=Count("follows", filter=Q(follows__ended_at__isnull=True)))
        .filter(current_follows__gte=2)
        .prefetch_related(
            Prefetch(
                "follows",
                queryset=Follow.objects.filter(ended_at__isnull=True).select_related("organisation"),
                to_attr="current",
            ),
            Prefetch("referrals", queryset=Referral.objects.all(), to_attr="all_referrals"),
        )[:500]
    )
    overlaps = []
    for person in multi:
        org_ids = {follow.organisation_id for follow in person.current}
        linked = set()
        for referral in person.all_referrals:
            linked |= {referral.from_organisation_id, referral.to_organisation_id}
        unexplained = [follow for follow in person.current if follow.organisation_id not in linked]
        if len(org_ids) >= 2 and unexplained:
            overlaps.append({"person": person, "follows": person.current})
    duplicates = list(
        visible.filter(possible_duplicate_of__isnull=False).select_related("possible_duplicate_of", "commune")[:500]
    )
    return {"overlaps": overlaps, "duplicates": duplicates}
