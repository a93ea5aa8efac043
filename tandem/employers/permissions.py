"""Who may see and change what about a company: one function per rule (docs/employers.md, docs/access.md).

- A company's record (name, SIRET, activity, address, referent) and its timeline are shared by every partner:
  any member with a nominative role (adviser, employer relations, manager, administrator) sees them. Observers
  (State services) never do.
- A company is **within reach** of an organisation (its Mission Locale sites with it) when the organisation is
  its referent's, or in an active partnership link with its referent's organisation, or covers its commune, or
  has already recorded an interaction or a contact with it. A company placed nowhere (no commune, no referent)
  is within every partner's reach: nothing says whose territory it is.
- Its **contacts** (people: personal data) are seen, added and changed only by the staff of organisations that
  have it within reach; the same staff update the company and record interactions.
- The **single contact** is handed over by the staff of the referent's organisation (or taken by any staff
  within reach while nobody holds it), to an adviser of their own organisation or of a partner.
"""

from __future__ import annotations

import datetime
from typing import TypeGuard

from django.db.models import Q
from django.utils import timezone

from tandem.accounts.enums import Role
from tandem.accounts.models import Membership, User
from tandem.accounts.permissions import can_see_nominative_data
from tandem.employers.models import Employer, EmployerContact, EmployerInteraction
from tandem.organisations.models import Coverage, Organisation, PartnershipLink
from tandem.organisations.selectors import family_ids

# The roles that act on companies (an observer never does; an administrator acts for an organisation too).
STAFF_ROLES = frozenset({Role.ADVISER, Role.EMPLOYER_RELATIONS, Role.MANAGER, Role.ADMINISTRATOR})
# Who may hold the single contact of a company.
REFERENT_ROLES = frozenset({Role.ADVISER, Role.EMPLOYER_RELATIONS, Role.MANAGER})


def can_see_employers(membership: Membership | None) -> TypeGuard[Membership]:
    """Company pages and timelines: every partner's staff; never observers."""
    return can_see_nominative_data(membership)


def can_create_employer(membership: Membership | None) -> TypeGuard[Membership]:
    return membership is not None and membership.role in STAFF_ROLES


def _active_link_q(day: datetime.date) -> Q:
    return Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))


def employer_in_reach(*, organisation: Organisation, employer: Employer, day: datetime.date | None = None) -> bool:
    """The company is within the organisation's reach (module docstring): at most four small queries."""
    ids = family_ids(organisation)
    referent_id = employer.referent_organisation_id
    if referent_id is None and employer.commune_id is None:
        return True
    if referent_id is not None:
        if referent_id in ids:
            return True
        active = _active_link_q(day or timezone.localdate())
        linked = PartnershipLink.objects.filter(active).filter(
            Q(organisation_a_id=referent_id, organisation_b_id__in=ids)
            | Q(organisation_b_id=referent_id, organisation_a_id__in=ids)
        )
        if linked.exists():
            return True
    if (
        employer.commune_id is not None
        and Coverage.objects.filter(organisation_id__in=ids, commune_id=employer.commune_id).exists()
    ):
        return True
    return (
        EmployerInteraction.objects.filter(employer=employer, organisation_id__in=ids).exists()
        or EmployerContact.objects.filter(employer=employer, organisation_id__in=ids).exists()
    )


def can_act_on_employer(membership: Membership | None, employer: Employer) -> TypeGuard[Membership]:
    """Update the company, record an interaction, add or change a contact."""
    return (
        membership is not None
        and membership.role in STAFF_ROLES
        and employer_in_reach(organisation=membership.organisation, employer=employer)
    )


def can_see_contacts(membership: Membership | None, employer: Employer) -> TypeGuard[Membership]:
    """The company's contacts (personal data): the same staff as those who act on it."""
    return can_act_on_employer(membership, employer)


def can_hand_over_referent(membership: Membership | None, employer: Employer) -> TypeGuard[Membership]:
    """The referent's organisation hands the single contact over; while nobody holds it, staff within reach
    take it."""
    if membership is None or membership.role not in STAFF_ROLES:
        return False
    if employer.referent_organisation_id is None:
        return employer_in_reach(organisation=membership.organisation, employer=employer)
    return employer.referent_organisation_id in family_ids(membership.organisation)


def referent_organisations_for(membership: Membership) -> list[int]:
    """The organisations whose adviser may receive the single contact from this membership: its own (and its
    sites) and its active partners."""
    ids = family_ids(membership.organisation)
    active = _active_link_q(timezone.localdate())
    links = PartnershipLink.objects.filter(active).filter(Q(organisation_a_id__in=ids) | Q(organisation_b_id__in=ids))
    partners = {a if b in ids else b for a, b in links.values_list("organisation_a_id", "organisation_b_id")}
    return sorted({*ids, *partners})


def may_hold_referent(*, adviser: User, organisation: Organisation) -> bool:
    """The adviser works for the organisation now, in a role that may answer for a company."""
    return Membership.objects.active().filter(user=adviser, organisation=organisation, role__in=REFERENT_ROLES).exists()
