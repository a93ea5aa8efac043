"""Who may see a young person's record, and how much of it: one function per rule.

- the lead organisation's staff see everything (FULL);
- an organisation in an open referral with the person, or following them as a contributor, sees the
  shared part (SHARED);
- a temp agency sees the shared part only while the person's consent to share with it stands;
- observers (State) see no nominative data; anyone else: nothing (the views answer 404).
"""

from __future__ import annotations

import enum
from typing import Any

from django.db.models import Expression, OuterRef, Q, QuerySet

from tandem.accounts.models import Membership
from tandem.accounts.permissions import can_see_nominative_data
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation
from tandem.organisations.selectors import family_q
from tandem.people.models import Follow, Person
from tandem.people.selectors import consent_stands_for, person_led_by
from tandem.referrals.enums import OPEN_STATUSES
from tandem.referrals.models import Referral


class Access(enum.IntEnum):
    NONE = 0
    SHARED = 1
    FULL = 2


def organisation_access_q(
    organisation: Organisation,
    *,
    adviser_id: int | None = None,
    through: str = "",
    within: QuerySet[Any] | list[int] | Expression | None = None,
) -> Q:
    """The persons an organisation may see at least partly, as a filter (one query); whoever acts for it.

    Written as `id IN (followed UNION sent UNION received in an open referral)`: each part reads its own index
    (follows by organisation, open referrals by sender and by receiver, index-only), so the rule costs the size of
    the organisation's caseload, not of the national table (docs/benchmarks.md).

    With an adviser, only the persons that adviser follows for the organisation ("mes suivis"): a part of the
    same rule (its followed half), read through the follows' adviser index.

    With `through` (a foreign key to Person, "person"), the same rule filters the rows of another model by their
    person: `person_id IN (…)` on the rows themselves. A handful of rows (an organisation's PMSMPs) then reads the
    rule's parts once, never the national table of persons as `person IN (persons the rule keeps)` did.

    With `within` (person ids, a query of them, or an expression: the row of an outer query), the rule is checked
    on those persons only: each part reads its index for them, not for the whole caseload (the matching's page,
    tandem.offers.matching.queries).
    """
    person = f"{through}__pk" if through else "pk"
    # The union's halves, as offers.matching.seen copies them for the candidates of an offer: change them together.
    follows = Follow.objects.filter(family_q(organisation, "organisation"), ended_at__isnull=True)
    open_referrals = Referral.objects.filter(status__in=OPEN_STATUSES).order_by()
    if within is not None:
        follows, open_referrals = follows.filter(person_id__in=within), open_referrals.filter(person_id__in=within)
    if adviser_id is not None:
        access = Q(**{f"{person}__in": follows.filter(adviser_id=adviser_id).order_by().values("person_id")})
    else:
        # Sent and received apart: each half an index-only scan of its partial index (referral_open_sent,
        # referral_open_received); as one OR, the database read every referral's row for its person.
        sent = open_referrals.filter(family_q(organisation, "from_organisation")).values("person_id")
        received = open_referrals.filter(family_q(organisation, "to_organisation")).values("person_id")
        access = Q(**{f"{person}__in": follows.order_by().values("person_id").union(sent, received)})
    return access & reached_person_conditions_q(organisation, through=through)


def reached_person_conditions_q(organisation: Organisation, *, through: str = "") -> Q:
    """The rule's conditions on a person the organisation reaches (follows now, or shares an open referral with):
    a temp agency sees them only while their consent to share with it stands; no one sees an anonymised person.

    Part of organisation_access_q. On its own, for persons whose reach the caller read from offers.SeenSoughtJob
    (the same follows and referrals, kept by triggers): the matching, which checks its page's rows again with the
    whole rule."""
    access = Q()
    if organisation.kind == OrganisationKind.TEMP_AGENCY:
        access &= Q(consent_stands_for(person_ref=OuterRef(through or "pk"), organisation_id=organisation.pk))
    return access & Q(**{f"{through}__anonymised_at__isnull" if through else "anonymised_at__isnull": True})


def person_access_q(
    membership: Membership,
    *,
    own: bool = False,
    through: str = "",
    within: QuerySet[Any] | list[int] | Expression | None = None,
) -> Q:
    """The persons the acting membership's organisation may see at least partly (selectors, one query); with
    `own`, only those its user follows for the organisation; with `through`, the rows of another model whose
    person (that foreign key) it may see; with `within`, checked on those persons only."""
    return organisation_access_q(
        membership.organisation, adviser_id=membership.user_id if own else None, through=through, within=within
    )


def organisation_sees_person(*, organisation: Organisation, person: Person) -> bool:
    """The rule services check before writing on a person for an organisation (any channel)."""
    return Person.objects.filter(pk=person.pk).filter(organisation_access_q(organisation)).exists()


def person_access(membership: Membership | None, person: Person) -> Access:
    if not can_see_nominative_data(membership) or person.anonymised_at is not None:
        return Access.NONE
    if person_led_by(person=person, organisation=membership.organisation):
        return Access.FULL
    if organisation_sees_person(organisation=membership.organisation, person=person):
        return Access.SHARED
    return Access.NONE


def can_view_person(membership: Membership | None, person: Person) -> bool:
    return person_access(membership, person) >= Access.SHARED


def can_create_person(membership: Membership | None) -> bool:
    return can_see_nominative_data(membership) and membership.organisation.kind != OrganisationKind.TEMP_AGENCY
