"""Who may do what with a positioning (mise en relation): one function per rule.

- proposing needs the acting organisation to see the person (shared part at least) and the offer;
- the parties of a positioning are the proposing organisation and the organisation sharing the offer:
  both see it and move it forward; anyone else gets 404;
- a full CV (identity included) goes to an employer only while the person's consent to share with an
  employer stands; otherwise the CV is anonymous.
"""

from __future__ import annotations

from tandem.access.permissions import Access, person_access
from tandem.accounts.models import Membership
from tandem.accounts.permissions import can_see_nominative_data
from tandem.offers.models import Offer, Positioning
from tandem.offers.selectors import offer_list_for
from tandem.people.enums import ConsentRecipient
from tandem.people.models import Person
from tandem.people.selectors import consent_stands


def can_see_offer(membership: Membership | None, offer: Offer) -> bool:
    """The offer is within the acting organisation's sharing scope (whatever its status)."""
    if not can_see_nominative_data(membership):
        return False
    return offer_list_for(membership=membership, status="").filter(pk=offer.pk).exists()


def can_propose_positioning(membership: Membership | None, person: Person, offer: Offer) -> bool:
    return (
        can_see_nominative_data(membership)
        and offer.is_open
        and person_access(membership, person) >= Access.SHARED
        and can_see_offer(membership, offer)
    )


def is_positioning_party(membership: Membership | None, positioning: Positioning) -> bool:
    """The proposing organisation or the organisation that shares the offer."""
    return can_see_nominative_data(membership) and membership.organisation_id in (
        positioning.organisation_id,
        positioning.offer.organisation_id,
    )


def employer_consent_stands(person: Person) -> bool:
    """A full CV may go to an employer only while this consent stands (given, not revoked)."""
    return consent_stands(person=person, recipient_kind=ConsentRecipient.EMPLOYER)
