"""Attach the acting membership (the organisation the user acts for) to each request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from tandem.accounts.http import TandemHttpRequest
from tandem.accounts.selectors import membership_acting_for_request


class ActingOrganisationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: TandemHttpRequest) -> HttpResponse:
        # One query for a logged-in user (their active memberships); none for anonymous or token calls.
        request.acting_membership = membership_acting_for_request(request)
        return self.get_response(request)
