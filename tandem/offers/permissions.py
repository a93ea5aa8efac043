"""Who may do what with offers: one function per rule.

Seeing an offer follows its sharing scope (selectors.offer_scope_q). Offers are job ads, not personal data:
State observers see them too, under the same scope as anyone of their organisation, but share none.
"""

from __future__ import annotations

from typing import TypeGuard

from tandem.accounts.models import Membership
from tandem.accounts.permissions import can_see_nominative_data
from tandem.offers.enums import OfferSource
from tandem.offers.models import Offer
from tandem.organisations.enums import OrganisationKind

FRANCE_TRAVAIL_KINDS = {
    OrganisationKind.FT_AGENCY,
    OrganisationKind.FT_TERRITORIAL_DIRECTION,
    OrganisationKind.FT_REGIONAL_DIRECTION,
}


def can_view_offers(membership: Membership | None) -> TypeGuard[Membership]:
    """Anyone acting for an organisation; what they see is scoped by the selectors."""
    return membership is not None


def can_share_offers(membership: Membership | None) -> TypeGuard[Membership]:
    """Staff of any organisation type an offer or import a file of offers; observers do not."""
    return can_see_nominative_data(membership)


def can_import_france_travail_offers(membership: Membership | None) -> bool:
    """France Travail's own export is imported by France Travail staff only (offers hang on their agency)."""
    return can_share_offers(membership) and membership.organisation.kind in FRANCE_TRAVAIL_KINDS


def can_edit_offer(membership: Membership | None, offer: Offer) -> bool:
    """The sharing organisation edits its offers; France Travail's come from its export and are not edited."""
    return (
        can_share_offers(membership)
        and offer.organisation_id == membership.organisation_id
        and offer.source != OfferSource.FRANCE_TRAVAIL
    )
