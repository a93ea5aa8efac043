from __future__ import annotations

from django.http import HttpRequest

from tandem.core.navigation import navigation_for


def navigation(request: HttpRequest) -> dict:
    return navigation_for(request)
