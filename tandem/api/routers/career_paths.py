"""API of Parcours en intérim (filled by its issue)."""

from ninja import Router

router = Router(tags=["career-paths"])
