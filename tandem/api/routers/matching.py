"""API of the explained matching: offers for a person, candidates for an offer (both scoped like the pages).

404 for a person or an offer the caller may not see (tandem.api.errors declares the errors).
"""

# No postponed annotations here: django-ninja reads the types at run time.

from django.http import Http404
from ninja import Router, Schema
from ninja.errors import HttpError

from tandem.access.selectors import person_get_for
from tandem.api.auth import ApiHttpRequest, nominative_membership
from tandem.api.schemas import RecordId, one_of
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.offers.matching.queries import candidate_suggestions_for, offer_suggestions_for
from tandem.offers.matching.scoring import Tier
from tandem.offers.models import Offer
from tandem.offers.selectors import offer_get_for

router = Router(tags=["matching"])


class MatchOut(Schema):
    offer_id: int
    offer_title: str
    person_id: int
    score: int
    distance_km: float | None
    tier: one_of(Tier)
    reasons_met: list[str]
    reasons_missed: list[str]


def _out(match) -> dict:
    return {
        "offer_id": match.offer.pk,
        "offer_title": match.offer.title,
        "person_id": match.person.pk,
        "score": match.score,
        "distance_km": None if match.distance_km is None else round(match.distance_km, 1),
        "tier": match.tier,
        "reasons_met": [str(reason) for reason in match.reasons_met],
        "reasons_missed": [str(reason) for reason in match.reasons_missed],
    }


@router.get("/people/{int:person_pk}/offers", response=list[MatchOut], summary="Offers suggested for a person")
def offers_for_person(request: ApiHttpRequest, person_pk: RecordId):
    membership = nominative_membership(request)
    try:
        person, _access = person_get_for(membership=membership, pk=person_pk)
    except Http404 as error:
        raise HttpError(404, "Not found") from error
    audit_record(
        request=request, action=AuditAction.READ, person_id=person.pk, object_type="offer_suggestions", detail="api"
    )
    return [_out(match) for match in offer_suggestions_for(person=person, membership=membership).matches]


@router.get("/offers/{int:offer_pk}/candidates", response=list[MatchOut], summary="Candidates suggested for an offer")
def candidates_for_offer(request: ApiHttpRequest, offer_pk: RecordId):
    membership = nominative_membership(request)
    try:
        offer = offer_get_for(membership=membership, pk=offer_pk)
    except Offer.DoesNotExist as error:
        raise HttpError(404, "Not found") from error
    matches = candidate_suggestions_for(offer=offer, membership=membership).matches
    audit_record(
        request=request,
        action=AuditAction.READ,
        person_id=None,
        object_type="candidate_suggestions",
        object_id=offer.pk,
        detail=f"api: {len(matches)}",
    )
    return [_out(match) for match in matches]
