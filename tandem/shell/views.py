from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tandem.accounts.http import AuthenticatedHttpRequest
from tandem.audit.services import audit_list_read
from tandem.shell.selectors import home_context_for


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = home_context_for(user=request.user, membership=request.acting_membership)
    if context.get("designations_sent"):
        # The latest designations name young people: a read of a list, as the inbox's.
        audit_list_read(
            request=request, object_type="referral_list", detail=f"home: {len(context['designations_sent'])}"
        )
    partner_home = context.get("partner_home")
    if partner_home is not None and partner_home.people:
        # A temp agency's or a PLIE's home names the people it follows: a read of a list.
        audit_list_read(request=request, object_type="caseload", detail=f"home: {len(partner_home.people)}")
    return render(request, "shell/home.html", context)


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "shell/accessibility.html")


def legal(request: HttpRequest) -> HttpResponse:
    return render(request, "shell/legal.html")


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Liveness for the load balancer: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


# Error pages: French, in the State's design, with a way back; the API answers in JSON like its other errors.


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Bad Request"}, status=400)
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Forbidden"}, status=403)
    return render(request, "403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused by the CSRF check: most often a page left open too long; say so and how to go on."""
    if _is_api(request):
        return JsonResponse({"detail": "CSRF check failed"}, status=403)
    return render(request, "403.html", {"csrf_failure": True}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Not Found"}, status=404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """No database query here: the database may be what failed (no context processors, no session reads)."""
    if _is_api(request):
        return JsonResponse({"detail": "Internal Server Error"}, status=500)
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
