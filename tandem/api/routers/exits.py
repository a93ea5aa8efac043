"""API of the exits from accompaniment and the situation six months later (docs/exits.md)."""

# No postponed annotations here: django-ninja reads the types at run time.

from ninja import Router

router = Router(tags=["exits"])
