from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts import permissions
from tandem.accounts.http import AuthenticatedHttpRequest
from tandem.audit.models import AuditAction
from tandem.organisations import selectors, services
from tandem.organisations.forms import CoverageForm, CoverageLookupForm, OrganisationFilterForm
from tandem.organisations.models import Organisation, PartnershipLink
from tandem.territories.selectors import commune_area, commune_codes_of_epci, commune_suggestions
from tandem.www.organisations.journal import audit_change, audit_denied


def _get_organisation(pk: int) -> Organisation:
    try:
        return selectors.organisation_get(pk=pk)
    except Organisation.DoesNotExist as error:
        raise Http404 from error


@login_required
def organisation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    organisations = selectors.organisation_list(kind=filters.get("kind", ""), query=filters.get("q", ""))
    page = Paginator(organisations, 50).get_page(request.GET.get("page"))
    return render(request, "organisations/list.html", {"form": form, "page": page})


def _link_status(link: PartnershipLink, today: datetime.date) -> str:
    if link.ends_on is not None and link.ends_on < today:
        return "past"
    return "future" if link.starts_on > today else "current"


@login_required
def organisation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = _get_organisation(pk)
    today = timezone.localdate()
    links = [
        (link, link.partner_of(organisation), _link_status(link, today))
        for link in selectors.partnership_links_of(organisation=organisation)
    ]
    context = {
        "organisation": organisation,
        "links": links,
        "children": organisation.children.order_by("name"),
        "coverage": selectors.coverage_by_epci(organisation=organisation),
        "can_edit": permissions.can_edit_organisation(request.user, request.acting_membership, organisation),
    }
    return render(request, "organisations/detail.html", context)


@login_required
def coverage_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = _get_organisation(pk)
    if not permissions.can_edit_organisation(request.user, request.acting_membership, organisation):
        audit_denied(request, object_type="coverage", object_id=organisation.pk)
        raise Http404
    initial = {"commune_codes": "\n".join(selectors.coverage_commune_codes(organisation=organisation))}
    form = CoverageForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        codes = list(form.cleaned_data["commune_codes"])
        if form.cleaned_data["epci_code"]:
            codes += [c for c in commune_codes_of_epci(epci_code=form.cleaned_data["epci_code"]) if c not in codes]
        try:
            with transaction.atomic():
                result = services.organisation_set_coverage(organisation=organisation, commune_codes=codes)
                audit_change(
                    request,
                    action=AuditAction.UPDATE,
                    object_type="coverage",
                    object_id=organisation.pk,
                    detail=_("%(org)s : %(total)s communes (%(added)s ajoutées, %(removed)s retirées)")
                    % {"org": organisation.name, **result},
                )
        except ValidationError as error:
            form.add_error("commune_codes", error)
        else:
            messages.success(
                request,
                _("Territoire enregistré : %(total)s communes (%(added)s ajoutées, %(removed)s retirées).") % result,
            )
            return redirect("organisations:detail", pk=organisation.pk)
    return render(request, "organisations/coverage_edit.html", {"organisation": organisation, "form": form})


@login_required
def coverage_lookup(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CoverageLookupForm(request.GET or None)
    results = []
    if form.is_valid():
        for label, commune in commune_suggestions(query=form.cleaned_data["commune"], limit=10):
            results.append(
                {
                    "commune": commune,
                    "label": label,
                    "area": commune_area(commune),
                    "mission_locale": selectors.mission_locale_covering_commune(commune_code=commune.code),
                    "agency": selectors.agency_covering_commune(commune_code=commune.code),
                }
            )
    template = "organisations/_coverage_results.html" if request.htmx else "organisations/coverage_lookup.html"
    return render(request, template, {"form": form, "results": results, "searched": form.is_bound})
