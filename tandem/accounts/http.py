"""The request as Tandem's middleware leaves it, for the type checker: views annotate `request` with these.

Nothing here runs: the attributes are set by the middleware (settings.MIDDLEWARE) and by django-ninja.
"""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from tandem.accounts.models import Membership, User


class TandemHttpRequest(HttpRequest):
    """Any request through the middleware: the membership the user acts for (ActingOrganisationMiddleware, None
    for an anonymous caller or a user without an active membership) and the htmx headers (HtmxMiddleware)."""

    acting_membership: Membership | None
    htmx: HtmxDetails
    # The user's active memberships, read once per request (tandem.accounts.selectors.memberships_of_request).
    _tandem_memberships: list[Membership]


class AuthenticatedHttpRequest(TandemHttpRequest):
    """A request to a view behind @login_required: the user is a real, logged-in user."""

    user: User
