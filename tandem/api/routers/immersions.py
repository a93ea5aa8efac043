"""API of Immersions (filled by its issue)."""

from ninja import Router

router = Router(tags=["immersions"])
