"""Pages of shared territorial diagnostics: the list (filtered by territory), a new diagnostic, the diagnostic's
versions, a version's figures and narrative, writing the draft's narrative, publishing it, a new version, the
comparison of two versions and a version's tables as CSV.

Rules: tandem.diagnostics.permissions. Every member reads (aggregates only, never a name); partners of the territory
write; a write by anyone else answers 404 and changes nothing. No personal data: nothing here is audited.
"""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.accounts.http import AuthenticatedHttpRequest
from tandem.accounts.models import Membership, User
from tandem.core.errors import form_service_write
from tandem.core.pagination import BoundedPaginator
from tandem.diagnostics import permissions, selectors, services, tables
from tandem.diagnostics.enums import NARRATIVE_FIELDS, VersionStatus
from tandem.diagnostics.forms import CompareForm, DiagnosticForm, FilterForm, NarrativeForm, VersionForm
from tandem.diagnostics.models import Diagnostic, DiagnosticVersion
from tandem.diagnostics.workflow import DIAGNOSTIC_VERSION
from tandem.partnerships.selectors import convention_visible_to

PAGE_SIZE = 30


def _reader(request: AuthenticatedHttpRequest) -> tuple[User, Membership | None]:
    user, membership = request.user, request.acting_membership
    if not permissions.can_read_diagnostics(user, membership):
        raise Http404
    return user, membership


def _version_url(version: DiagnosticVersion) -> str:
    return reverse("diagnostics:version", args=[version.diagnostic_id, version.number])


@login_required
def diagnostic_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user, membership = _reader(request)
    form = FilterForm(request.GET or None)
    territory = form.cleaned_data["territoire"] if form.is_valid() else None
    diagnostics = selectors.diagnostic_list_for(
        user=user, membership=membership, filters=selectors.DiagnosticFilters(territory=territory)
    )
    page = BoundedPaginator(diagnostics, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "can_create": permissions.can_create_diagnostics(membership, administrator=user.is_administrator),
        "statuses": dict(VersionStatus.choices),
    }
    return render(request, "diagnostics/list.html", context)


@login_required
def diagnostic_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    user, membership = _reader(request)
    if not permissions.can_create_diagnostics(membership, administrator=user.is_administrator):
        raise Http404
    conventions = convention_visible_to(user=user, membership=membership).order_by("title")
    form = DiagnosticForm(request.POST or None, conventions=conventions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        written = form_service_write(
            form,
            lambda: services.diagnostic_create(
                by=user,
                membership=membership,
                administrator=user.is_administrator,
                title=data["title"],
                territory=data["territory"],
                as_of=data["as_of"],
                convention=data["convention"],
            ),
            request,
            _("Diagnostic créé : ses chiffres sont calculés, écrivez l'analyse avec vos partenaires."),
            _version_url,
        )
        if written is not None:
            return written
    return render(request, "diagnostics/create.html", {"form": form})


@login_required
def diagnostic_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user, membership = _reader(request)
    diagnostic = selectors.diagnostic_get_for(user=user, membership=membership, pk=pk)
    versions = selectors.versions_of(diagnostic=diagnostic)
    context = {
        "diagnostic": diagnostic,
        "versions": versions,
        "can_write": permissions.can_write_diagnostic(membership, diagnostic, administrator=user.is_administrator),
        "compare": CompareForm(numbers=[v.number for v in versions]) if len(versions) > 1 else None,
        "first": versions[-1].number if versions else None,
        "last": versions[0].number if versions else None,
    }
    return render(request, "diagnostics/detail.html", context)


def _version(
    request: AuthenticatedHttpRequest, pk: int, number: int
) -> tuple[User, Membership | None, DiagnosticVersion]:
    user, membership = _reader(request)
    return user, membership, selectors.version_get_for(user=user, membership=membership, pk=pk, number=number)


@login_required
def version_detail(request: AuthenticatedHttpRequest, pk: int, number: int) -> HttpResponse:
    user, membership, version = _version(request, pk, number)
    can_write = permissions.can_write_diagnostic(membership, version.diagnostic, administrator=user.is_administrator)
    is_draft = version.status == VersionStatus.DRAFT
    context = {
        "version": version,
        "diagnostic": version.diagnostic,
        "tables": tables.tables_shown(tables.figures_for_display(version.figures)),
        "narrative": [(NarrativeForm.base_fields[name].label, getattr(version, name)) for name in NARRATIVE_FIELDS],
        "can_edit": can_write and is_draft,
        "can_write": can_write,
        "publish": DIAGNOSTIC_VERSION.action("publish"),
        "tone": DIAGNOSTIC_VERSION.tone(version.status),
    }
    return render(request, "diagnostics/version.html", context)


def _writable(
    request: AuthenticatedHttpRequest, pk: int, number: int
) -> tuple[User, Membership | None, DiagnosticVersion]:
    user, membership, version = _version(request, pk, number)
    if not permissions.can_write_diagnostic(membership, version.diagnostic, administrator=user.is_administrator):
        raise Http404
    return user, membership, version


@login_required
def narrative_edit(request: AuthenticatedHttpRequest, pk: int, number: int) -> HttpResponse:
    user, membership, version = _writable(request, pk, number)
    if version.status != VersionStatus.DRAFT:
        messages.error(request, _("Cette version est publiée ou remplacée : elle ne change plus."))
        return redirect(_version_url(version))
    initial = {name: getattr(version, name) for name in NARRATIVE_FIELDS}
    form = NarrativeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        narrative = services.Narrative(**{name: form.cleaned_data[name] for name in NARRATIVE_FIELDS})
        written = form_service_write(
            form,
            lambda: services.narrative_update(
                version=version,
                narrative=narrative,
                by=user,
                membership=membership,
                administrator=user.is_administrator,
            ),
            request,
            _("Analyse enregistrée."),
            _version_url(version),
        )
        if written is not None:
            return written
    return render(request, "diagnostics/narrative.html", {"form": form, "version": version})


@login_required
@require_POST
def version_publish(request: AuthenticatedHttpRequest, pk: int, number: int) -> HttpResponse:
    user, membership, version = _writable(request, pk, number)
    try:
        services.version_publish(version=version, by=user, membership=membership, administrator=user.is_administrator)
    except PermissionDenied as error:
        raise Http404 from error
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, str(DIAGNOSTIC_VERSION.action("publish").done))
    return redirect(_version_url(version))


@login_required
def version_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user, membership = _reader(request)
    diagnostic = selectors.diagnostic_get_for(user=user, membership=membership, pk=pk)
    if not permissions.can_write_diagnostic(membership, diagnostic, administrator=user.is_administrator):
        raise Http404
    form = VersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        written = form_service_write(
            form,
            lambda: services.version_create(
                diagnostic=diagnostic,
                as_of=form.cleaned_data["as_of"],
                by=user,
                membership=membership,
                administrator=user.is_administrator,
            ),
            request,
            _("Nouvelle version créée : chiffres calculés, analyse précédente reprise pour la mettre à jour."),
            _version_url,
        )
        if written is not None:
            return written
    return render(request, "diagnostics/version_create.html", {"form": form, "diagnostic": diagnostic})


@login_required
def version_compare(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user, membership = _reader(request)
    diagnostic: Diagnostic = selectors.diagnostic_get_for(user=user, membership=membership, pk=pk)
    numbers = list(diagnostic.versions.order_by("number").values_list("number", flat=True))
    form = CompareForm(request.GET or None, numbers=numbers)
    compared = None
    before = after = None
    if form.is_valid():
        chosen = {
            v.number: v for v in diagnostic.versions.filter(number__in=[form.cleaned_data["a"], form.cleaned_data["b"]])
        }
        before, after = chosen[form.cleaned_data["a"]], chosen[form.cleaned_data["b"]]
        compared = tables.tables_compared(
            tables.figures_for_display(before.figures), tables.figures_for_display(after.figures)
        )
    context = {"diagnostic": diagnostic, "form": form, "tables": compared, "before": before, "after": after}
    return render(request, "diagnostics/compare.html", context)


@login_required
def version_csv(request: AuthenticatedHttpRequest, pk: int, number: int) -> HttpResponse:
    _user, _membership, version = _version(request, pk, number)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerows(tables.csv_rows(tables.figures_for_display(version.figures)))
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"diagnostic-{version.diagnostic_id}-v{version.number}-{version.as_of.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
