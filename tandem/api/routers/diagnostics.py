"""API of the shared territorial diagnostics (docs/diagnostics.md)."""

# No postponed annotations here: django-ninja reads the types at run time.

from ninja import Router

router = Router(tags=["diagnostics"])
