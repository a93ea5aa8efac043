"""State machines' one mechanism: move a row from named states only, in a single conditional UPDATE.

Two people acting at once cannot both win: the second UPDATE matches no row and gets a clear error.
"""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from django.utils import timezone

from tandem.core.errors import Conflict

Row = TypeVar("Row", bound=models.Model)


class TransitionError(Conflict):
    """The row is no longer in a state that allows this step (often: someone else acted first)."""


def transition(instance: Row, *, allowed: list[str], to: str, stale_message: str, **fields) -> Row:
    """Set `status` to `to` (and `fields`) if the row is still in `allowed`; else raise TransitionError.

    `stale_message` is a translated text with a `%(status)s` placeholder for the row's current state.
    """
    model = type(instance)
    updated = model.objects.filter(pk=instance.pk, status__in=allowed).update(
        status=to, updated_at=timezone.now(), **fields
    )
    if not updated:
        current = model.objects.get(pk=instance.pk)
        raise TransitionError(stale_message % {"status": current.get_status_display()}, code="stale_state")
    instance.refresh_from_db()
    return instance
