from __future__ import annotations

from typing import Any

from tandem.accounts.http import TandemHttpRequest
from tandem.shell.navigation import navigation_for


def navigation(request: TandemHttpRequest) -> dict[str, Any]:
    return navigation_for(request)
