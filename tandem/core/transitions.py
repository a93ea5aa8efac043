"""State machines' one mechanism: move a row from named states only, in a single conditional UPDATE.

Two people acting at once cannot both win: the second UPDATE matches no row and gets a clear error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.utils import timezone

from tandem.core.errors import Conflict

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Row = TypeVar("Row", bound=models.Model)


class TransitionError(Conflict):
    """The row is no longer in a state that allows this step (often: someone else acted first)."""


def transition(instance: Row, *, allowed: list[str], to: str, stale_message: StrOrPromise, **fields: Any) -> Row:
    """Set `status` to `to` (and `fields`) if the row is still in `allowed`; else raise TransitionError.

    `stale_message` is a translated text with a `%(status)s` placeholder for the row's current state.
    """
    rows = type(instance)._default_manager.filter(pk=instance.pk)
    updated = rows.filter(status__in=allowed).update(status=to, updated_at=timezone.now(), **fields)
    if not updated:
        current = rows.values_list("status", flat=True).get()
        field = instance._meta.get_field("status")
        assert isinstance(field, models.Field)
        label = dict(field.flatchoices).get(current, current)
        raise TransitionError(stale_message % {"status": label}, code="stale_state")
    instance.refresh_from_db()
    return instance
