"""Who may see and write a convention: one function per rule (docs/partnerships.md).

- A convention is seen by the members of its parties (and of their sites: a site is part of its Mission Locale),
  by the members of the parties of its child conventions (a regional convention is seen by the Missions Locales of
  its local conventions; the national agreement by every party below it), and by platform administrators.
  Observers (State services) see the conventions they are party to, read-only. Nobody else learns it exists (404).
- It is written by the managers of a signing party (signatory or reference site); a national or regional one only
  by the managers of a national or regional body among its signing parties; platform administrators write any.
"""

from __future__ import annotations

from django.db.models import Q

from tandem.accounts.models import Membership, User
from tandem.accounts.permissions import MANAGING_ROLES
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation
from tandem.organisations.selectors import acting_for_ids, parties_with_sites
from tandem.partnerships.enums import SIGNING_ROLES, ConventionLevel
from tandem.partnerships.models import Convention, ConventionParty

# The organisations that sign national and regional conventions: France Travail's directions, the networks' heads
# (UNML, ARML), the regional councils. State services sign too, but see aggregates only: they never write.
NATIONAL_REGIONAL_KINDS = {
    OrganisationKind.FT_REGIONAL_DIRECTION,
    OrganisationKind.FT_TERRITORIAL_DIRECTION,
    OrganisationKind.NETWORK_BODY,
    OrganisationKind.REGION,
}


def visible_conventions_q(membership: Membership) -> Q:
    """The conventions the membership's organisation is party to (for a site: its Mission Locale's), and those above
    them (their parent and the parent's parent): read as a filter on conventions."""
    ids = acting_for_ids(membership.organisation)
    own = ConventionParty.objects.filter(organisation_id__in=ids).values("convention_id")
    return Q(pk__in=own) | Q(children__in=own) | Q(children__children__in=own)


def convention_reader_ids(convention: Convention) -> set[int]:
    """The organisations whose members see the convention: its parties', its child conventions' and their children's
    parties, with the sites of the Missions Locales among them. Read once per convention instance."""
    cached: set[int] | None = getattr(convention, "_reader_ids", None)
    if cached is None:
        parties = Organisation.objects.filter(
            Q(convention_parties__convention=convention.pk)
            | Q(convention_parties__convention__parent=convention.pk)
            | Q(convention_parties__convention__parent__parent=convention.pk)
        )
        cached = parties_with_sites(parties)
        convention._reader_ids = cached  # type: ignore[attr-defined]
    return cached


def convention_signing_ids(convention: Convention) -> set[int]:
    """The organisations that sign the convention (signatories and reference site). Read once per instance."""
    cached: set[int] | None = getattr(convention, "_signing_ids", None)
    if cached is None:
        cached = set(
            ConventionParty.objects.filter(convention=convention.pk, role__in=SIGNING_ROLES).values_list(
                "organisation_id", flat=True
            )
        )
        convention._signing_ids = cached  # type: ignore[attr-defined]
    return cached


def forget_parties(convention: Convention) -> None:
    """After a change of parties: the next rule reads them again."""
    convention.__dict__.pop("_reader_ids", None)
    convention.__dict__.pop("_signing_ids", None)


def can_see_convention(user: User | None, membership: Membership | None, convention: Convention) -> bool:
    if user is not None and user.is_administrator:
        return True
    return membership is not None and membership.organisation_id in convention_reader_ids(convention)


def _may_write_level(membership: Membership, level: str) -> bool:
    return level == ConventionLevel.LOCAL or membership.organisation.kind in NATIONAL_REGIONAL_KINDS


def can_create_convention(user: User | None, membership: Membership | None, level: str) -> bool:
    """Managers create a local convention for their organisation; a national or regional one only from a national
    or regional body. Platform administrators create any."""
    if user is not None and user.is_administrator:
        return True
    return membership is not None and membership.role in MANAGING_ROLES and _may_write_level(membership, level)


def can_edit_convention(user: User | None, membership: Membership | None, convention: Convention) -> bool:
    """The managers of a signing party (of the right level): its terms, parties, targets, secondments, documents
    and its steps (signed, in force, ended)."""
    if user is not None and user.is_administrator:
        return True
    return (
        membership is not None
        and membership.role in MANAGING_ROLES
        and membership.organisation_id in convention_signing_ids(convention)
        and _may_write_level(membership, convention.level)
    )
