from __future__ import annotations

from typing import Any

from django.utils.functional import SimpleLazyObject

from tandem.accounts.http import TandemHttpRequest
from tandem.notifications.selectors import notification_unread_count_for
from tandem.shell.navigation import navigation_for


def navigation(request: TandemHttpRequest) -> dict[str, Any]:
    return navigation_for(request)


def notifications(request: TandemHttpRequest) -> dict[str, Any]:
    """The header's unread count: one query, only on pages that show it (not on htmx fragments)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": SimpleLazyObject(lambda: notification_unread_count_for(user=user))}
