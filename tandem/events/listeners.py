"""Who hears of events once they are committed (notifications today): a registry the apps above the log fill.

An app registers, in its `ready()`, a function for the kinds it follows:

    @listens(EventKind.REFERRAL_PROPOSED)
    def _received(events):
        ...

`event_record` and `events_record_many` hand the events they saved to `events_announce`, which calls each
listener with its events once the transaction that wrote them has committed (at once outside a transaction),
never for events rolled back (nor inside `listeners_muted()`, for a loader that tells people itself, in
bulk: the demo). A listener only tells people: the log never drives a workflow (import-linter),
and a listener's failure is logged, it never undoes nor fails the change it hears of.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

from tandem.events.models import Event

Listener = Callable[[Sequence[Event]], None]
_LISTENERS: dict[str, list[Listener]] = {}
_MUTED: ContextVar[bool] = ContextVar("tandem_listeners_muted", default=False)


def listens(*kinds: str) -> Callable[[Listener], Listener]:
    def register(listener: Listener) -> Listener:
        for kind in kinds:
            listeners = _LISTENERS.setdefault(kind, [])
            if listener not in listeners:
                listeners.append(listener)
        return listener

    return register


def listeners_of(kind: str) -> list[Listener]:
    return list(_LISTENERS.get(kind, ()))


@contextmanager
def listeners_muted() -> Iterator[None]:
    """Events recorded inside are announced to nobody."""
    token = _MUTED.set(True)
    try:
        yield
    finally:
        _MUTED.reset(token)


def events_announce(events: Sequence[Event]) -> None:
    """Call each listener with the events of its kinds, on commit; no kind followed, nothing is scheduled."""
    if _MUTED.get():
        return
    heard: dict[Listener, list[Event]] = {}
    for event in events:
        for listener in _LISTENERS.get(event.kind, ()):
            heard.setdefault(listener, []).append(event)
    for listener, its_events in heard.items():
        transaction.on_commit(_call(listener, its_events), robust=True)


def _call(listener: Listener, events: list[Event]) -> Callable[[], None]:
    def announce() -> None:
        listener(events)

    # Django names the callback when it logs a failure.
    announce.__qualname__ = f"events_announce({getattr(listener, '__qualname__', repr(listener))})"
    return announce
