"""Reads about users, their memberships and API tokens."""

from __future__ import annotations

from django.db.models import QuerySet

from tandem.accounts import permissions
from tandem.accounts.http import TandemHttpRequest
from tandem.accounts.models import ApiToken, Membership, User
from tandem.organisations.models import Organisation

ACTING_SESSION_KEY = "tandem_acting_membership_id"


def membership_list_for_user(*, user: User) -> QuerySet[Membership]:
    return Membership.objects.active().filter(user=user, organisation__isnull=False).select_related("organisation")


def memberships_of_request(request: TandemHttpRequest) -> list[Membership]:
    """The logged-in user's active memberships, read once per request."""
    if not hasattr(request, "_tandem_memberships"):
        # No user on a request that did not go through AuthenticationMiddleware (an early error page).
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            request._tandem_memberships = list(membership_list_for_user(user=user))
        else:
            request._tandem_memberships = []
    return request._tandem_memberships


def membership_acting_for_request(request: TandemHttpRequest) -> Membership | None:
    """The membership chosen in the header switcher, else the user's first active one."""
    memberships = memberships_of_request(request)
    if not memberships:
        return None
    chosen = request.session.get(ACTING_SESSION_KEY)
    for membership in memberships:
        if membership.pk == chosen:
            return membership
    return memberships[0]


def api_token_list_for_organisation(*, organisation: Organisation) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(organisation=organisation).select_related("created_by")


def membership_list_for_organisation(
    *, user: User, membership: Membership | None, organisation: Organisation
) -> QuerySet[Membership]:
    """Every membership of the organisation, past ones too, for its managers (and administrators); none otherwise."""
    if not permissions.can_edit_organisation(user, membership, organisation):
        return Membership.objects.none()
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user", "organisation")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def membership_get_for(*, user: User, membership: Membership | None, organisation: Organisation, pk: int) -> Membership:
    """One membership of the organisation, for whoever may manage its members; Membership.DoesNotExist otherwise."""
    return membership_list_for_organisation(user=user, membership=membership, organisation=organisation).get(pk=pk)
