from __future__ import annotations

from ninja import Router

from tandem.accounts.models import ApiToken
from tandem.accounts.selectors import membership_list_for_user
from tandem.api.auth import ApiHttpRequest
from tandem.api.schemas import MeOut

router = Router(tags=["accounts"])


@router.get("", response=MeOut, summary="Who is calling")
def me(request: ApiHttpRequest):
    if isinstance(request.auth, ApiToken):
        token = request.auth
        return {"kind": "token", "organisation": token.organisation, "scope": token.scope, "role": token.role}
    user = request.auth
    acting = request.acting_membership
    return {
        "kind": "user",
        "email": user.email,
        "memberships": [
            {"organisation": m.organisation, "role": m.role, "acting": acting is not None and m.pk == acting.pk}
            for m in membership_list_for_user(user=user)
        ],
    }
