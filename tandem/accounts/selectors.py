"""Reads about users, their memberships and API tokens."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from tandem.accounts.models import ApiToken, Membership, User
from tandem.organisations.models import Organisation

ACTING_SESSION_KEY = "tandem_acting_membership_id"


def membership_list_for_user(*, user: User) -> QuerySet[Membership]:
    return Membership.objects.active().filter(user=user, organisation__isnull=False).select_related("organisation")


def membership_acting_for_request(request: HttpRequest) -> Membership | None:
    """The membership chosen in the header switcher, else the user's first active one."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    memberships = list(membership_list_for_user(user=user))
    if not memberships:
        return None
    chosen = request.session.get(ACTING_SESSION_KEY)
    for membership in memberships:
        if membership.pk == chosen:
            return membership
    return memberships[0]


def api_token_list_for_organisation(*, organisation: Organisation) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(organisation=organisation).select_related("created_by")
