"""Pages of the services catalogue: the list with its filters, the view by theme of a territory (who offers what,
the themes several partners offer), a service's page, the forms of its partner's managers, and the exports in the
data·inclusion schema.

Rules: tandem.service_catalogue.permissions. Every member reads (the catalogue is no personal data, so nothing is
audited); a write by anyone but the service's managers answers 404 and changes nothing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.accounts.http import AuthenticatedHttpRequest
from tandem.accounts.models import Membership
from tandem.core.pagination import BoundedPaginator
from tandem.service_catalogue import exports, permissions, selectors, services
from tandem.service_catalogue.forms import CatalogueFilterForm, ServiceForm
from tandem.service_catalogue.models import Service

PAGE_SIZE = 30
EXPORTS = {
    ("structures", "json"): exports.structures_json,
    ("services", "json"): exports.services_json,
    ("structures", "csv"): exports.structures_csv,
    ("services", "csv"): exports.services_csv,
}


def _member(request: AuthenticatedHttpRequest) -> Membership:
    membership = request.acting_membership
    if not permissions.can_read_catalogue(membership):
        raise Http404
    return membership


def _filters(form: CatalogueFilterForm) -> selectors.CatalogueFilters:
    if not form.is_valid():
        return selectors.CatalogueFilters()
    data = form.cleaned_data
    return selectors.CatalogueFilters(
        query=data["q"],
        theme=data["theme"],
        audience=data["audience"],
        organisation_id=data["organisation"].pk if data["organisation"] else None,
        departement_code=data["departement"].pk if data["departement"] else "",
        commune=data["commune"],
        include_inactive=data["inactive"],
    )


def _partner_options(form: CatalogueFilterForm, filters: selectors.CatalogueFilters, membership: Membership) -> None:
    """The partner filter lists the partners of the département searched (the commune's, else the reader's)."""
    departement = filters.departement_code or (filters.commune.departement_id or "" if filters.commune else "")
    if not departement and membership.organisation.commune is not None:
        departement = membership.organisation.commune.departement_id or ""
    form.partner_options(selectors.service_partners_in(departement_code=departement, selected=filters.organisation_id))


@login_required
def service_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    membership = _member(request)
    form = CatalogueFilterForm(request.GET or None, partners=selectors.service_partners())
    filters = _filters(form)
    _partner_options(form, filters, membership)
    services_found = selectors.service_list_for(membership=membership, filters=filters)
    page = BoundedPaginator(services_found, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "can_create": permissions.can_create_services(membership)}
    return render(request, "service_catalogue/list.html", context)


@login_required
def service_by_theme(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Who offers what in a territory (the acting organisation's département at first): a theme several partners
    offer may be pooled or shared out, a theme one partner offers completes the others'."""
    membership = _member(request)
    query = request.GET.copy()
    commune = membership.organisation.commune
    if not query and commune is not None and commune.departement_id:
        query["departement"] = commune.departement_id
    form = CatalogueFilterForm(query or None, partners=selectors.service_partners())
    filters = _filters(form)
    _partner_options(form, filters, membership)
    categories = selectors.offers_by_theme(membership=membership, filters=filters)
    context = {"form": form, "categories": categories, "territory": filters.commune or filters.departement_code}
    return render(request, "service_catalogue/by_theme.html", context)


@login_required
def service_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = _member(request)
    service = selectors.service_get_for(membership=membership, pk=pk)
    context = {
        "service": service,
        "can_manage": permissions.can_manage_service(membership, service.organisation, service.site),
    }
    return render(request, "service_catalogue/detail.html", context)


def _data(form: ServiceForm, site: object) -> services.ServiceData:
    data = form.cleaned_data
    return services.ServiceData(
        name=data["name"],
        summary=data["summary"],
        description=data["description"],
        kind=data["kind"],
        themes=data["themes"],
        audiences=data["audiences"],
        audience_details=data["audience_details"],
        access_conditions=data["access_conditions"],
        fees=data["fees"],
        fees_details=data["fees_details"],
        reception_modes=data["reception_modes"],
        request_modes=data["request_modes"],
        requesters=data["requesters"],
        request_details=data["request_details"],
        request_link=data["request_link"],
        email=data["email"],
        phone=data["phone"],
        site=data["site"] if "site" in form.fields else site,  # type: ignore[arg-type]
        zone_departements=list(data["zone_departements"]),
        zone_communes=data["zone_communes"],
    )


@login_required
def service_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    membership = _member(request)
    if not permissions.can_create_services(membership):
        raise Http404
    organisation, own_site = permissions.services_owner(membership)
    sites = selectors.sites_of(organisation) if own_site is None else None
    form = ServiceForm(request.POST or None, sites=sites)
    if request.method == "POST" and form.is_valid():
        try:
            service = services.service_create(membership=membership, by=request.user, data=_data(form, own_site))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Service ajouté au catalogue."))
            return redirect("service_catalogue:detail", pk=service.pk)
    context = {"form": form, "service": None, "organisation": organisation, "site": own_site}
    return render(request, "service_catalogue/form.html", context)


def _managed(request: AuthenticatedHttpRequest, pk: int) -> tuple[Membership, Service]:
    membership = _member(request)
    service = selectors.service_get_for(membership=membership, pk=pk)
    if not permissions.can_manage_service(membership, service.organisation, service.site):
        raise Http404
    return membership, service


@login_required
def service_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership, service = _managed(request, pk)
    # A site's managers keep their site; the partner's managers choose among its sites.
    keeps_site = not permissions.can_manage_service(membership, service.organisation)
    initial = {name: getattr(service, name) for name in services.SERVICE_FIELDS}
    initial |= {
        "themes": [row.theme for row in service.theme_rows.all()],
        "audiences": [row.audience for row in service.audience_rows.all()],
        "site": service.site,
        "zone_departements": list(service.zone_departements.all()),
        "zone_communes": ", ".join(commune.pk for commune in service.zone_communes.all()),
    }
    sites = None if keeps_site else selectors.sites_of(service.organisation)
    form = ServiceForm(request.POST or None, initial=initial, sites=sites)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_update(
                service=service, membership=membership, by=request.user, data=_data(form, service.site)
            )
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Service mis à jour."))
            return redirect("service_catalogue:detail", pk=service.pk)
    context = {"form": form, "service": service, "organisation": service.organisation, "site": service.site}
    return render(request, "service_catalogue/form.html", context)


@login_required
@require_POST
def service_set_active(request: AuthenticatedHttpRequest, pk: int, active: bool) -> HttpResponse:
    membership, service = _managed(request, pk)
    step = services.service_reactivate if active else services.service_deactivate
    try:
        step(service=service, membership=membership, by=request.user)
    except PermissionDenied as error:
        raise Http404 from error
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Le service est de nouveau au catalogue.") if active else _("Le service est désactivé.")
        )
    return redirect("service_catalogue:detail", pk=service.pk)


@login_required
def service_export(request: AuthenticatedHttpRequest, dataset: str, file_format: str) -> HttpResponse:
    """The catalogue in the data·inclusion schema, to download (docs/service_catalogue.md)."""
    membership = _member(request)
    content = EXPORTS[(dataset, file_format)](membership=membership)
    filename = f"data-inclusion-{dataset}-{timezone.localdate():%Y-%m-%d}.{file_format}"
    response: HttpResponse
    if file_format == "json":
        response = JsonResponse(content, safe=False, json_dumps_params={"ensure_ascii": False, "indent": 2})
    else:
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
