from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tandem.core.selectors import home_context_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    context = home_context_for(user=request.user, membership=request.acting_membership)
    return render(request, "core/home.html", context)


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def legal(request: HttpRequest) -> HttpResponse:
    return render(request, "core/legal.html")


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Liveness for the load balancer: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
