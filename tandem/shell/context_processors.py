from __future__ import annotations

from django.http import HttpRequest

from tandem.shell.navigation import navigation_for


def navigation(request: HttpRequest) -> dict:
    return navigation_for(request)
