"""Who may do what with shared territorial diagnostics: one function per rule (docs/diagnostics.md).

- Every member of a partner reads every diagnostic, observers included: aggregates only, never a name.
- Staff (every role but observer) of an organisation located in the territory — its seat or a commune it covers
  there; a Mission Locale's site acts with its Mission Locale — or of a party to the diagnostic's convention create
  diagnostics and versions and write the narrative of the draft, and publish it once the committee validated it.
- Platform administrators do everything on the pages; the API acts for the caller's organisation only.
- Anyone else gets 404 on a write: nothing is learnt.
"""

from __future__ import annotations

from tandem.accounts.enums import Role
from tandem.accounts.models import Membership, User
from tandem.diagnostics.models import Diagnostic
from tandem.organisations.models import Organisation
from tandem.organisations.selectors import acting_for_ids
from tandem.partnerships.models import ConventionParty


def can_read_diagnostics(user: User | None, membership: Membership | None) -> bool:
    """Every member, observers included; platform administrators."""
    return membership is not None or (user is not None and user.is_administrator)


def organisation_in_territory(organisation: Organisation, diagnostic: Diagnostic) -> bool:
    """Its seat or one of the communes it covers lies in the territory (a site: its Mission Locale's too), or it
    is party to the diagnostic's convention. One or two queries, read once per diagnostic instance."""
    cache: dict[int, bool] = diagnostic.__dict__.setdefault("_writers", {})
    if organisation.pk not in cache:
        ids = acting_for_ids(organisation)
        located = Organisation.objects.filter(pk__in=ids).filter(
            diagnostic.place_q("commune") | diagnostic.place_q("coverage_rows__commune")
        )
        answer = located.exists()
        if not answer and diagnostic.convention_id:
            parties = ConventionParty.objects.filter(convention_id=diagnostic.convention_id, organisation_id__in=ids)
            answer = parties.exists()
        cache[organisation.pk] = answer
    return cache[organisation.pk]


def _staff(membership: Membership | None) -> bool:
    return membership is not None and membership.role != Role.OBSERVER


def can_write_diagnostic(membership: Membership | None, diagnostic: Diagnostic, *, administrator: bool = False) -> bool:
    """Create it (checked on the unsaved row), add a version, write the draft's narrative, publish. `administrator`:
    a platform administrator on the pages (the API acts for the caller's organisation only)."""
    if administrator:
        return True
    return _staff(membership) and organisation_in_territory(membership.organisation, diagnostic)  # type: ignore[union-attr]


def can_create_diagnostics(membership: Membership | None, *, administrator: bool = False) -> bool:
    """Whether the page offers the button: staff or administrators (the territory is checked on the row)."""
    return administrator or _staff(membership)
