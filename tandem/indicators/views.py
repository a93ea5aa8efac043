"""Pages of the indicators: each member's dashboard (an organisation's, a convention's, a territory's), its exports
(CSV per table, XLSX with every table) and the progress report as a PDF (bilan d'étape).

Figures are aggregates, never names. Who reads which scope: tandem.indicators.permissions (anything else is a 404,
as if the scope did not exist); statistical secrecy masks small figures for a reader who does not hold the data
(tandem.indicators.secrecy_rules). Thin views: the figures come from tandem.indicators.dashboards, measured once an
hour at most (tandem.indicators.snapshots).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from tandem.accounts.http import AuthenticatedHttpRequest
from tandem.indicators import exports, report
from tandem.indicators.dashboards import Dashboard
from tandem.indicators.forms import DashboardForm
from tandem.indicators.permissions import can_read_scope
from tandem.indicators.secrecy_rules import protector
from tandem.indicators.selectors import home_scope
from tandem.indicators.snapshots import dashboard_for


def _dashboard(request: AuthenticatedHttpRequest) -> tuple[Dashboard | None, DashboardForm]:
    form = DashboardForm(request.GET)
    if not form.is_valid():
        return None, form
    scope, year = form.cleaned_data["perimetre"], form.cleaned_data["annee"]
    membership = request.acting_membership
    if not can_read_scope(request.user, membership, scope):
        raise Http404
    protect, protected = protector(request.user, membership, scope)
    board = dashboard_for(
        scope=scope, year=year, user=request.user, membership=membership, protect=protect, protected=protected
    )
    return board, form


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The caller's own dashboard: their organisation's, their territory's for an observer, the nation's for an
    administrator."""
    scope = home_scope(request.user, request.acting_membership)
    return redirect(f"{reverse('indicators:dashboard')}?{urlencode({'perimetre': scope.label})}")


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    board, form = _dashboard(request)
    status = 200 if board is not None else 400
    return render(request, "indicators/dashboard.html", {"board": board, "form": form}, status=status)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def dashboard_csv(request: AuthenticatedHttpRequest, table: str) -> HttpResponse:
    board, _form = _dashboard(request)
    if board is None:
        raise Http404
    chosen = next((one for one in board.tables if one.key == table), None)
    if chosen is None:
        raise Http404
    return _download(exports.table_csv(chosen), "text/csv; charset=utf-8", exports.filename(board, chosen.key, "csv"))


@login_required
def dashboard_xlsx(request: AuthenticatedHttpRequest) -> HttpResponse:
    board, _form = _dashboard(request)
    if board is None:
        raise Http404
    return _download(exports.dashboard_xlsx(board), exports.XLSX_TYPE, exports.filename(board, "tableaux", "xlsx"))


@login_required
def dashboard_pdf(request: AuthenticatedHttpRequest) -> HttpResponse:
    board, _form = _dashboard(request)
    if board is None:
        raise Http404
    return _download(report.report_pdf(board), "application/pdf", exports.filename(board, "bilan", "pdf"))
