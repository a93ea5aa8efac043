"""API of Actions de levée des freins (filled by its issue)."""

from ninja import Router

router = Router(tags=["barrier-actions"])
