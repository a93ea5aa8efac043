from __future__ import annotations

import csv
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.http import AuthenticatedHttpRequest
from tandem.audit import permissions, selectors
from tandem.audit.forms import AuditFilterForm
from tandem.audit.models import AuditAction, AuditEntry
from tandem.audit.services import audit_record
from tandem.core.text import spreadsheet_safe

PAGE_SIZE = 50
# A cell starting with one of these is a formula for a spreadsheet: the user agent and the path are
# written by the caller, so neutralise them (OWASP "CSV injection").


def _filtered_entries(request: AuthenticatedHttpRequest) -> tuple[AuditFilterForm, QuerySet[AuditEntry]]:
    if not permissions.can_view_audit_log(request.user, request.acting_membership):
        raise Http404
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        # A wrong filter must never widen the result (nor the export): show the errors and nothing else.
        return form, AuditEntry.objects.none()
    filters = form.cleaned_data if form.is_bound else {}
    entries = selectors.audit_entry_list_for(
        user=request.user, membership=request.acting_membership, **{k: v for k, v in filters.items() if v}
    )
    return form, entries


@login_required
def audit_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, entries = _filtered_entries(request)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "export_query": query.urlencode(),
        "all_organisations": request.user.is_administrator,
    }
    return render(request, "audit/list.html", context)


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return spreadsheet_safe(text)


def _csv_rows(entries: QuerySet[AuditEntry]) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";")
    # The BOM tells Excel the file is UTF-8.
    yield "\ufeff" + writer.writerow(
        [
            _("Date"),
            _("Utilisateur"),
            _("Jeton d'API"),
            _("Pour le compte de"),
            _("Action"),
            _("Personne"),
            _("Objet"),
            _("Identifiant de l'objet"),
            _("Détail"),
            _("Méthode"),
            _("Adresse"),
            _("Adresse IP"),
            _("Navigateur"),
        ]
    )
    for entry in entries.iterator(chunk_size=2000):
        yield writer.writerow(
            [
                _cell(timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S")),
                _cell(entry.user.email if entry.user else ""),
                _cell(entry.api_token.prefix if entry.api_token else ""),
                _cell(entry.organisation.name if entry.organisation else ""),
                _cell(entry.get_action_display()),
                _cell(entry.person_id),
                _cell(entry.object_type),
                _cell(entry.object_id),
                _cell(entry.detail),
                _cell(entry.method),
                _cell(entry.path),
                _cell(entry.ip_address),
                _cell(entry.user_agent),
            ]
        )


@login_required
def audit_export(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    _form, entries = _filtered_entries(request)
    # The file leaves the platform with person ids and staff names: that export is itself logged.
    audit_record(request=request, action=AuditAction.EXPORT, person_id=None, object_type="audit_log", detail="csv")
    response = StreamingHttpResponse(_csv_rows(entries), content_type="text/csv; charset=utf-8")
    filename = f"journal-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
