"""Who may do what about immersions: one function per rule (docs/immersions.md).

Staff immersions (no young person's data):
- the staff of the sending and of the host organisation see it (for a Mission Locale, its sites' staff too; a
  site's staff see their Mission Locale's); nobody else learns that it exists (404);
- their managers (accounts.permissions.MANAGING_ROLES) plan it, change it, declare it done or cancel it.

PMSMP (a young person's immersion in a company: personal data, every read and write audited):
- whoever may see the person reads it (tandem.access.permissions);
- an organisation acts on it (proposes it, changes it, records its steps) when it follows the person, as lead or
  contributor, or is a temp agency the person's standing consent lets see them; observers never.
"""

from __future__ import annotations

from typing import TypeGuard

from django.db.models import Q

from tandem.access.permissions import can_view_person, organisation_sees_person
from tandem.accounts.models import Membership
from tandem.accounts.permissions import MANAGING_ROLES, can_see_nominative_data
from tandem.immersions.models import Pmsmp, StaffImmersion
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation
from tandem.organisations.selectors import acting_for_ids, family_ids, parties_with_sites
from tandem.people.models import Person
from tandem.people.selectors import consent_stands, person_followed_by

MISSION_LOCALE_KINDS = {OrganisationKind.MISSION_LOCALE, OrganisationKind.ML_SITE}
# What a Mission Locale exchanges staff with: temp agencies, their networks, France Travail agencies.
COUNTERPART_KINDS = {OrganisationKind.TEMP_AGENCY, OrganisationKind.TEMP_NETWORK, OrganisationKind.FT_AGENCY}


def own_organisation_ids(organisation: Organisation) -> list[int]:
    """The organisation, its sites (a Mission Locale) or its Mission Locale (a site): whose immersions its staff
    see. No query but the sites', once per organisation object."""
    return sorted(set(family_ids(organisation)) | set(acting_for_ids(organisation)))


def staff_immersion_party_ids(immersion: StaffImmersion) -> set[int]:
    """The sending and host organisations with the sites of a Mission Locale among them and the Mission Locale of a
    site among them (the same family as the lists read: own_organisation_ids), read once per instance."""
    cached: set[int] | None = getattr(immersion, "_party_ids", None)
    if cached is None:
        parties = Organisation.objects.filter(
            pk__in=[immersion.sending_organisation_id, immersion.host_organisation_id]
        )
        cached = parties_with_sites(parties)
        cached |= set(
            parties.filter(kind=OrganisationKind.ML_SITE, parent__isnull=False).values_list("parent_id", flat=True)
        )
        immersion._party_ids = cached  # type: ignore[attr-defined]
    return cached


def is_staff_immersion_party(immersion: StaffImmersion, organisation_id: int) -> bool:
    return organisation_id in staff_immersion_party_ids(immersion)


def can_plan_staff_immersion(membership: Membership | None) -> TypeGuard[Membership]:
    """A manager plans an immersion for their organisation (sending or host)."""
    return can_see_nominative_data(membership) and membership.role in MANAGING_ROLES


def can_see_staff_immersion(membership: Membership | None, immersion: StaffImmersion) -> TypeGuard[Membership]:
    return can_see_nominative_data(membership) and is_staff_immersion_party(immersion, membership.organisation_id)


def can_edit_staff_immersion(membership: Membership | None, immersion: StaffImmersion) -> TypeGuard[Membership]:
    """The managers of either organisation change it and move it along (done, cancelled)."""
    return can_plan_staff_immersion(membership) and is_staff_immersion_party(immersion, membership.organisation_id)


def staff_immersion_pair_allowed(sending: Organisation, host: Organisation) -> bool:
    """One side a Mission Locale (or one of its sites), the other a temp agency, a temp agencies' network or a
    France Travail agency."""
    kinds = {sending.kind, host.kind}
    return bool(kinds & MISSION_LOCALE_KINDS) and bool(kinds & COUNTERPART_KINDS) and sending.pk != host.pk


def organisation_acts_for_person(organisation: Organisation, person: Person) -> bool:
    """The organisation follows the person (lead or contributor), or is a temp agency that sees them while their
    consent stands (tandem.access)."""
    if person.anonymised_at is not None:
        return False
    if organisation.kind == OrganisationKind.TEMP_AGENCY:
        return consent_stands(person=person, organisation=organisation) and organisation_sees_person(
            organisation=organisation, person=person
        )
    return person_followed_by(person=person, organisation=organisation)


def can_propose_pmsmp(membership: Membership | None, person: Person) -> TypeGuard[Membership]:
    return can_see_nominative_data(membership) and organisation_acts_for_person(membership.organisation, person)


def can_see_pmsmp(membership: Membership | None, pmsmp: Pmsmp) -> TypeGuard[Membership]:
    """Whoever may see the person reads their immersions."""
    return can_view_person(membership, pmsmp.person)


def _acts(pmsmp: Pmsmp, organisation_id: int, organisation: Organisation | None = None) -> bool:
    """The organisation acts for the PMSMP's person now, read once per instance and organisation."""
    cache: dict[int, bool] = pmsmp.__dict__.setdefault("_actors", {})
    if organisation_id not in cache:
        organisation = organisation or Organisation.objects.filter(pk=organisation_id).first()
        cache[organisation_id] = organisation is not None and organisation_acts_for_person(organisation, pmsmp.person)
    return cache[organisation_id]


def pmsmp_actor(pmsmp: Pmsmp, organisation_id: int) -> bool:
    """The workflow's party (tandem.immersions.workflow): an organisation that acts for the person now."""
    return _acts(pmsmp, organisation_id)


def can_act_on_pmsmp(membership: Membership | None, pmsmp: Pmsmp) -> TypeGuard[Membership]:
    """Change it and take its steps: the same right as proposing one for the person."""
    return can_see_nominative_data(membership) and _acts(pmsmp, membership.organisation_id, membership.organisation)


def staff_immersions_of_q(membership: Membership) -> Q:
    ids = own_organisation_ids(membership.organisation)
    return Q(sending_organisation__in=ids) | Q(host_organisation__in=ids)
