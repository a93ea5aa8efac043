"""Reading Django's ValidationError the same way everywhere (pages, API, imports)."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def error_codes(error: ValidationError) -> set[str]:
    """Every code carried by the error, whether it is one message, a list or a dict of fields."""
    if hasattr(error, "error_dict"):
        items = [item for field_errors in error.error_dict.values() for item in field_errors]
    else:
        items = error.error_list
    return {item.code for item in items if item.code}


class Conflict(ValidationError):
    """A request well formed and meaningful, refused because of the current state of things: an open referral
    already there, no partnership, no consent yet, a record followed elsewhere, a step already taken by someone
    else. Pages show it like any refusal; the API answers 409 (422 is for input that means nothing valid)."""
