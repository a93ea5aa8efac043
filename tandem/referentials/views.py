"""Referential pages: suggestions of jobs (ROME codes and appellations) as a person types (for signed-in users)."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from tandem.referentials.selectors import job_suggestions as job_suggestions_for

_HTML_ID = re.compile(r"[A-Za-z][\w-]{0,100}")
_FIELD_NAME = re.compile(r"[\w-]{1,100}")


@login_required
@require_GET
def job_suggestions(request: HttpRequest) -> HttpResponse:
    """<option>s for a job box's <datalist> (people.forms.JobInput), and the count for its status region.

    htmx sends the box's value under the box's name, given as `field`; `q` otherwise.
    """
    field = request.GET.get("field", "")
    field = field if _FIELD_NAME.fullmatch(field) else "q"
    query = request.GET.get(field, "")[:200]
    status_id = request.GET.get("status", "")
    context = {
        "query": query.strip(),
        "suggestions": job_suggestions_for(query=query),
        "status_id": status_id if _HTML_ID.fullmatch(status_id) else "",
    }
    # A bare fragment, answered at each keystroke: no context processors (menus) to compute.
    return HttpResponse(render_to_string("referentials/_job_suggestions.html", context))
