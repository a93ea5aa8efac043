from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from tandem.accounts.selectors import membership_list_for_user
from tandem.api.auth import caller_of
from tandem.api.schemas import MeOut

router = Router(tags=["accounts"])


@router.get("", response=MeOut, summary="Who is calling")
def me(request: HttpRequest):
    caller = caller_of(request)
    if caller.token is not None:
        return {
            "kind": "token",
            "organisation": caller.organisation,
            "scope": caller.token.scope,
            "role": caller.token.role,
        }
    acting = request.acting_membership
    return {
        "kind": "user",
        "email": caller.user.email,
        "memberships": [
            {"organisation": m.organisation, "role": m.role, "acting": acting is not None and m.pk == acting.pk}
            for m in membership_list_for_user(user=caller.user)
        ],
    }
