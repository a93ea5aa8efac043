from __future__ import annotations

from django.db.models import Q
from ninja import Router

from tandem.api.auth import ApiHttpRequest
from tandem.api.schemas import RomeOut
from tandem.referentials.models import RomeCode

router = Router(tags=["referentials"])


@router.get("/rome", response=list[RomeOut], summary="Search ROME codes by code or label")
def rome_codes(request: ApiHttpRequest, q: str = ""):
    qs = RomeCode.objects.all()
    if q:
        qs = qs.filter(Q(code__iexact=q) | Q(label__icontains=q))
    return list(qs[:50])
