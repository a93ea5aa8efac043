"""Immersions' pages: the list (staff immersions and PMSMPs of the caller's organisation), a staff immersion and a
PMSMP with their forms, steps and timeline, and the PMSMP's agreement as a PDF.

Who sees and does what is in tandem.immersions.permissions; an immersion outside the caller's reach is neither
listed nor reachable (404). A PMSMP is a young person's data: every read and write of it is audited, refusals too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.access.selectors import person_list_for
from tandem.accounts.guards import nominative_membership
from tandem.accounts.http import AuthenticatedHttpRequest
from tandem.accounts.models import Membership, User
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_list_read, audit_record, audit_row
from tandem.core.errors import form_service_write
from tandem.core.pagination import BoundedPaginator
from tandem.core.workflow_views import workflow_step_take, workflow_steps
from tandem.employers.models import Employer
from tandem.events.selectors import timeline_for
from tandem.events.timeline import event_detail
from tandem.immersions import permissions, selectors, services
from tandem.immersions.agreement import agreement_pdf
from tandem.immersions.enums import PmsmpStatus, StaffImmersionStatus
from tandem.immersions.forms import ListFilterForm, PmsmpForm, SearchForm, StaffImmersionForm
from tandem.immersions.models import Pmsmp, StaffImmersion
from tandem.immersions.workflow import PMSMP, STAFF_IMMERSION
from tandem.organisations.models import Organisation
from tandem.organisations.selectors import partner_organisations_of
from tandem.partnerships.selectors import convention_visible_to
from tandem.referentials.models import RomeCode

PAGE_SIZE = 30
SEARCH_LIMIT = 20
TIMELINE_LIMIT = 50
AUDIT_PMSMP = "pmsmp"  # the audit's object type for a young person's immersion
STAFF, PMSMPS = "professionnels", "pmsmp"


def _timeline(membership: Membership, row: Any) -> list[tuple[Any, str]]:
    events = timeline_for(organisation_id=membership.organisation_id, subject=row)[:TIMELINE_LIMIT]
    # A detail is built by format_html (escaped): it reads after its title, the page puts its own separator.
    return [(event, mark_safe(str(event_detail(event, {})).removeprefix(" : "))) for event in events]  # noqa: S308


@login_required
def immersion_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """One tab per kind (PMSMPs, staff immersions), filtered by status, paginated."""
    membership = nominative_membership(request)
    tab = STAFF if request.GET.get("type") == STAFF else PMSMPS
    form = ListFilterForm(request.GET or None, staff=tab == STAFF)
    status = form.cleaned_data["statut"] if form.is_valid() else ""
    rows: Any
    if tab == STAFF:
        rows = selectors.staff_immersion_list_for(membership=membership, status=status)
    else:
        rows = selectors.pmsmp_list_for(membership=membership, status=status)
    page = BoundedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    if tab == PMSMPS:
        audit_list_read(request=request, object_type=AUDIT_PMSMP, detail=f"immersions list: {len(page.object_list)}")
    context = {
        "page": page,
        "tab": tab,
        "form": form,
        "status": status,
        "can_plan": permissions.can_plan_staff_immersion(membership),
    }
    return render(request, "immersions/list.html", context)


# Staff immersions.


def _organisation_choices(membership: Membership) -> Any:
    own = Organisation.objects.filter(pk__in=permissions.own_organisation_ids(membership.organisation))
    return (own | partner_organisations_of(organisation=membership.organisation)).distinct().order_by("name")


def _staff_form(request: AuthenticatedHttpRequest, membership: Membership, initial: dict[str, Any] | None = None):
    return StaffImmersionForm(
        request.POST or None,
        initial=initial,
        organisations=_organisation_choices(membership),
        conventions=convention_visible_to(user=request.user, membership=membership),
    )


def _staff_data(form: StaffImmersionForm) -> services.StaffImmersionData:
    data = form.cleaned_data
    user = User.objects.filter(email__iexact=data["staff_email"]).first() if data["staff_email"] else None
    if data["staff_email"] and user is None:
        raise ValidationError({"staff_email": _("Aucun compte Tandem avec cette adresse.")})
    return services.StaffImmersionData(
        staff_name=data["staff_name"],
        staff_user=user,
        sending_organisation=data["sending_organisation"],
        host_organisation=data["host_organisation"],
        convention=data["convention"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        objective=data["objective"],
    )


@login_required
def staff_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    membership = nominative_membership(request)
    if not permissions.can_plan_staff_immersion(membership):
        raise Http404
    form = _staff_form(request, membership, initial={"sending_organisation": membership.organisation})
    if request.method == "POST" and form.is_valid():
        written = form_service_write(
            form,
            lambda: services.staff_immersion_plan(membership=membership, by=request.user, data=_staff_data(form)),
            request,
            _("Immersion prévue."),
            lambda immersion: reverse("immersions:staff_detail", args=[immersion.pk]),
        )
        if written is not None:
            return written
    return render(request, "immersions/staff_form.html", {"form": form, "immersion": None})


def _staff(request: AuthenticatedHttpRequest, pk: int) -> tuple[Membership, StaffImmersion]:
    membership = nominative_membership(request)
    return membership, selectors.staff_immersion_get_for(membership=membership, pk=pk)


@login_required
def staff_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership, immersion = _staff(request, pk)
    if not permissions.can_edit_staff_immersion(membership, immersion):
        raise Http404
    initial = {name: getattr(immersion, name) for name in services.STAFF_FIELDS}
    initial["staff_email"] = immersion.staff_user.email if immersion.staff_user else ""
    form = _staff_form(request, membership, initial=initial)
    if request.method == "POST" and form.is_valid():
        written = form_service_write(
            form,
            lambda: services.staff_immersion_update(
                immersion=immersion, membership=membership, by=request.user, data=_staff_data(form)
            ),
            request,
            _("Immersion mise à jour."),
            reverse("immersions:staff_detail", args=[immersion.pk]),
        )
        if written is not None:
            return written
    return render(request, "immersions/staff_form.html", {"form": form, "immersion": immersion})


def _render_staff(
    request: AuthenticatedHttpRequest,
    membership: Membership,
    immersion: StaffImmersion,
    bound: Mapping[str, Any] | None = None,
) -> HttpResponse:
    can_edit = permissions.can_edit_staff_immersion(membership, immersion)
    context = {
        "immersion": immersion,
        "steps": workflow_steps(STAFF_IMMERSION, immersion, membership.organisation_id, bound=bound)
        if can_edit
        else [],
        "can_edit": can_edit and immersion.status == StaffImmersionStatus.PLANNED,
        "timeline": _timeline(membership, immersion),
    }
    return render(request, "immersions/staff_detail.html", context)


@login_required
def staff_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership, immersion = _staff(request, pk)
    return _render_staff(request, membership, immersion)


@login_required
@require_POST
def staff_step(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    """Done (with its report) or cancelled: the managers of either organisation."""
    membership, immersion = _staff(request, pk)
    if not permissions.can_edit_staff_immersion(membership, immersion):
        raise Http404
    return workflow_step_take(
        request,
        workflow=STAFF_IMMERSION,
        row=immersion,
        action_name=action,
        organisation=membership.organisation,
        detail_url=reverse("immersions:staff_detail", args=[pk]),
        render_detail=lambda bound: _render_staff(request, membership, immersion, bound),
        on_done=lambda: None,  # no young person's data: its entry in the log is its trace
    )


# PMSMP.


def _pmsmp(request: AuthenticatedHttpRequest, pk: int) -> tuple[Membership, Pmsmp]:
    """The PMSMP as the caller may see it; a refusal is audited (probing shows) and answered 404."""
    try:
        membership = nominative_membership(request)
        return membership, selectors.pmsmp_get_for(membership=membership, pk=pk)
    except Http404:
        audit_record(request=request, action=AuditAction.DENIED, person_id=None, object_type=AUDIT_PMSMP, object_id=pk)
        raise


def _pmsmp_data(form: PmsmpForm) -> services.PmsmpData:
    data = form.cleaned_data
    employer = Employer.objects.filter(siret=data["siret"]).first()
    if employer is None:
        raise ValidationError(
            {"siret": _("Aucune entreprise de l'annuaire n'a ce SIRET : ajoutez-la d'abord aux entreprises.")}
        )
    rome = None
    if data["rome_code"]:
        rome = RomeCode.objects.filter(code=data["rome_code"]).first()
        if rome is None:
            raise ValidationError({"rome_code": _("Code ROME inconnu : %(code)s.") % {"code": data["rome_code"]}})
    return services.PmsmpData(
        employer=employer,
        tutor_name=data["tutor_name"],
        tutor_function=data["tutor_function"],
        tutor_phone=data["tutor_phone"],
        tutor_email=data["tutor_email"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        weekly_hours=data["weekly_hours"],
        objective=data["objective"],
        job_label=data["job_label"],
        rome=rome,
        activities=data["activities"],
    )


@login_required
def pmsmp_choose_person(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Find one of the caller's young people (names), then propose their immersion."""
    membership = nominative_membership(request)
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    found = selectors.people_for_pmsmp(membership=membership, query=query, limit=SEARCH_LIMIT)
    if found:
        audit_list_read(request=request, object_type="person", detail=f"pmsmp search: {len(found)}")
    return render(request, "immersions/pmsmp_person.html", {"form": form, "found": found, "query": query})


@login_required
def pmsmp_create(request: AuthenticatedHttpRequest, person_pk: int) -> HttpResponse:
    membership = request.acting_membership
    person = person_list_for(membership=membership).filter(pk=person_pk).first()
    if person is None or not permissions.can_propose_pmsmp(membership, person):
        audit_record(
            request=request, action=AuditAction.DENIED, person_id=None, object_type=AUDIT_PMSMP, detail="propose"
        )
        raise Http404
    form = PmsmpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        written = form_service_write(
            form,
            lambda: services.pmsmp_propose(
                person=person, membership=membership, by=request.user, data=_pmsmp_data(form)
            ),
            request,
            _("Immersion proposée : imprimez la convention pour la faire signer."),
            lambda pmsmp: reverse("immersions:pmsmp_detail", args=[pmsmp.pk]),
            after=lambda pmsmp: audit_row(
                request=request, action=AuditAction.CREATE, row=pmsmp, object_type=AUDIT_PMSMP
            ),
        )
        if written is not None:
            return written
    return render(request, "immersions/pmsmp_form.html", {"form": form, "pmsmp": None, "person": person})


@login_required
def pmsmp_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership, pmsmp = _pmsmp(request, pk)
    if not permissions.can_act_on_pmsmp(membership, pmsmp):
        audit_record(request=request, action=AuditAction.DENIED, person_id=None, object_type=AUDIT_PMSMP, object_id=pk)
        raise Http404
    initial: dict[str, Any] = {name: getattr(pmsmp, name) for name in services.PMSMP_FIELDS}
    initial |= {"siret": pmsmp.employer.siret, "rome_code": pmsmp.rome_id or ""}
    form = PmsmpForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        written = form_service_write(
            form,
            lambda: services.pmsmp_update(pmsmp=pmsmp, membership=membership, by=request.user, data=_pmsmp_data(form)),
            request,
            _("Immersion mise à jour."),
            reverse("immersions:pmsmp_detail", args=[pmsmp.pk]),
            after=lambda _row: audit_row(
                request=request, action=AuditAction.UPDATE, row=pmsmp, object_type=AUDIT_PMSMP
            ),
        )
        if written is not None:
            return written
    return render(request, "immersions/pmsmp_form.html", {"form": form, "pmsmp": pmsmp, "person": pmsmp.person})


def _render_pmsmp(
    request: AuthenticatedHttpRequest, membership: Membership, pmsmp: Pmsmp, bound: Mapping[str, Any] | None = None
) -> HttpResponse:
    can_act = permissions.can_act_on_pmsmp(membership, pmsmp)
    audit_row(request=request, action=AuditAction.READ, row=pmsmp, object_type=AUDIT_PMSMP)
    context = {
        "pmsmp": pmsmp,
        "steps": workflow_steps(PMSMP, pmsmp, membership.organisation_id, bound=bound) if can_act else [],
        "can_act": can_act,
        "can_edit": can_act and pmsmp.status == PmsmpStatus.PROPOSED,
        "timeline": _timeline(membership, pmsmp),
    }
    return render(request, "immersions/pmsmp_detail.html", context)


@login_required
def pmsmp_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership, pmsmp = _pmsmp(request, pk)
    return _render_pmsmp(request, membership, pmsmp)


@login_required
@require_POST
def pmsmp_step(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    """Signed, started, assessed, cancelled: who acts for the person (404 for others, audited)."""
    membership, pmsmp = _pmsmp(request, pk)
    if not permissions.can_act_on_pmsmp(membership, pmsmp):
        audit_record(request=request, action=AuditAction.DENIED, person_id=None, object_type=AUDIT_PMSMP, object_id=pk)
        raise Http404
    return workflow_step_take(
        request,
        workflow=PMSMP,
        row=pmsmp,
        action_name=action,
        organisation=membership.organisation,
        detail_url=reverse("immersions:pmsmp_detail", args=[pk]),
        render_detail=lambda bound: _render_pmsmp(request, membership, pmsmp, bound),
        on_done=lambda: audit_row(
            request=request, action=AuditAction.UPDATE, row=pmsmp, object_type=AUDIT_PMSMP, detail=action
        ),
    )


@login_required
def pmsmp_agreement(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The agreement as a PDF, for whoever may read the PMSMP; audited as an export."""
    _membership, pmsmp = _pmsmp(request, pk)
    pdf = agreement_pdf(pmsmp)
    audit_row(request=request, action=AuditAction.EXPORT, row=pmsmp, object_type=AUDIT_PMSMP, detail="agreement")
    response = HttpResponse(pdf, content_type="application/pdf")
    # The file name carries no identity.
    response["Content-Disposition"] = f'attachment; filename="convention-pmsmp-{pmsmp.pk}.pdf"'
    return response
