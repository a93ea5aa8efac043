"""The guard of every page that shows people by name, written once."""

from __future__ import annotations

from django.http import Http404

from tandem.accounts.http import TandemHttpRequest
from tandem.accounts.models import Membership
from tandem.accounts.permissions import can_see_nominative_data


def nominative_membership(request: TandemHttpRequest) -> Membership:
    """The membership the page acts for, when it may see people by name; else 404 (observers, outsiders)."""
    membership = request.acting_membership
    if not can_see_nominative_data(membership):
        raise Http404
    return membership
