"""Reading Django's ValidationError the same way everywhere (pages, API, imports)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect


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


def add_service_error(form: Any, error: ValidationError) -> None:
    """A service's refusal on the form that asked for it: each message on its field when the form has that field,
    else at the top of the form; never lost, never a crash on a field the form does not show (a service may name a
    model field)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def form_service_write(
    form: Any,
    write: Callable[[], Any],
    request: HttpRequest,
    done: str,
    to: str | Callable[[Any], str],
    *,
    after: Callable[[Any], object] | None = None,
) -> Any:
    """Run a service for a valid form: a refusal of the caller is a 404 (nothing is learnt), its reasons go on the
    form (None is returned: show it again); else `after(result)` (the audit of what was written), the message
    `done` and a redirect to `to` (a URL, or the URL of what the service returned)."""
    try:
        result = write()
    except PermissionDenied as error:
        raise Http404 from error
    except ValidationError as error:
        add_service_error(form, error)
        return None
    if after is not None:
        after(result)
    messages.success(request, done)
    return redirect(to(result) if callable(to) else to)
