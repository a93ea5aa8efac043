"""Pages of the matching: offers suggested for a young person, candidates suggested for an offer."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from tandem.access.selectors import person_get_for
from tandem.accounts.guards import nominative_membership
from tandem.accounts.http import AuthenticatedHttpRequest
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.offers import matching
from tandem.offers.models import Offer
from tandem.offers.selectors import offer_get_for


@login_required
def offers_for_person(request: AuthenticatedHttpRequest, person_pk: int) -> HttpResponse:
    membership = nominative_membership(request)
    person, _access = person_get_for(membership=membership, pk=person_pk)
    suggestions = matching.offer_suggestions_for(person=person, membership=membership)
    audit_record(
        request=request,
        action=AuditAction.READ,
        person_id=person.pk,
        object_type="offer_suggestions",
        detail=f"{len(suggestions.matches)} offres",
    )
    return render(request, "offers/matching_offers.html", {"person": person, "suggestions": suggestions})


@login_required
def candidates_for_offer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = nominative_membership(request)
    try:
        offer = offer_get_for(membership=membership, pk=pk)
    except Offer.DoesNotExist:
        raise Http404 from None
    suggestions = matching.candidate_suggestions_for(offer=offer, membership=membership)
    audit_record(
        request=request,
        action=AuditAction.READ,
        person_id=None,
        object_type="offer_candidates",
        object_id=offer.pk,
        detail=f"{len(suggestions.matches)} personnes",
    )
    return render(
        request,
        "offers/matching_candidates.html",
        {"offer": offer, "suggestions": suggestions, "is_open": offer.is_open},
    )
