"""Territory pages: suggestions of communes as a person types (public referential, for signed-in users)."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from tandem.territories.selectors import commune_suggestions as commune_suggestions_for

_HTML_ID = re.compile(r"[A-Za-z][\w-]{0,100}")


@login_required
@require_GET
def commune_suggestions(request: HttpRequest) -> HttpResponse:
    """<option>s for the commune box's <datalist> (CommuneInput), and the count for its status region.

    htmx sends the box's value under the box's name, given as `field`; `q` otherwise.
    """
    field = request.GET.get("field") or "q"
    query = request.GET.get(field, "")[:200]
    status_id = request.GET.get("status", "")
    context = {
        "query": query.strip(),
        "suggestions": commune_suggestions_for(query=query),
        "status_id": status_id if _HTML_ID.fullmatch(status_id) else "",
    }
    # A bare fragment, answered at each keystroke: no context processors (menus) to compute.
    return HttpResponse(render_to_string("territories/_commune_suggestions.html", context))
