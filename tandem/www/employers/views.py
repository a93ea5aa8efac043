"""Company pages: the list, one company (single contact first, latest contacts, warning, contacts, timeline),
and the forms to create or update it, add a contact, record an interaction and hand over the single contact;
a manager imports a partner's CSV of companies.

Rules: tandem.employers.permissions; a company outside the caller's reach answers 404 to every form and write
(and its contacts are not shown). Reads and writes of contacts are audited.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.accounts.http import AuthenticatedHttpRequest
from tandem.accounts.models import Membership
from tandem.accounts.permissions import MANAGING_ROLES
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.core.csvfiles import text_decode
from tandem.core.pagination import BoundedPaginator
from tandem.employer_events.selectors import invitations_of_employer
from tandem.employers import permissions, selectors, services
from tandem.employers.models import Employer, EmployerContact
from tandem.employers.selectors import naf_codes_in_tension, tension_jobs_of_naf
from tandem.employers.sirene import partner_csv_import
from tandem.www.employers.forms import (
    REFERENT_ROLES,
    ContactForm,
    EmployerForm,
    EmployerSearchForm,
    InteractionForm,
    PartnerFileForm,
    ReferentForm,
)
from tandem.www.employers.timeline import employer_timeline

PAGE_SIZE = 30
LATEST_CONTACTS = 3
LATEST_EVENTS = 10
CONTACT = "employer_contact"


def _viewer(request: AuthenticatedHttpRequest) -> Membership:
    membership = request.acting_membership
    if not permissions.can_see_employers(membership):
        raise Http404
    return membership


def _employer(pk: int) -> Employer:
    try:
        return selectors.employer_get(pk=pk)
    except Employer.DoesNotExist as error:
        raise Http404 from error


def _acting(request: AuthenticatedHttpRequest, pk: int) -> tuple[Membership, Employer]:
    membership = _viewer(request)
    employer = _employer(pk)
    if not permissions.can_act_on_employer(membership, employer):
        audit_record(request=request, action=AuditAction.DENIED, person_id=None, object_type="employer", object_id=pk)
        raise Http404
    return membership, employer


@login_required
def employer_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    membership = _viewer(request)
    form = EmployerSearchForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        employers = Employer.objects.none()
    else:
        data = form.cleaned_data if form.is_bound else {}
        commune = data.get("commune")
        employers = selectors.employer_list(query=data.get("q", ""), commune_code=commune.code if commune else "")
    page = BoundedPaginator(employers, PAGE_SIZE).get_page(request.GET.get("page"))
    tension = naf_codes_in_tension(naf_codes=[employer.naf_id or "" for employer in page])
    context = {
        "form": form,
        "page": page,
        "tension": tension,
        "can_create": permissions.can_create_employer(membership),
        "can_import": membership.role in MANAGING_ROLES,
    }
    return render(request, "employers/list.html", context)


@login_required
def employer_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = _viewer(request)
    employer = _employer(pk)
    sees_contacts = permissions.can_see_contacts(membership, employer)
    contacts: list[EmployerContact] = []
    if sees_contacts:
        contacts = list(selectors.contacts_of(employer=employer))
        audit_record(
            request=request,
            action=AuditAction.READ,
            person_id=None,
            object_type=CONTACT,
            detail=f"employer {employer.pk}: {len(contacts)}",
        )
    naf = employer.naf_id or ""
    context = {
        "employer": employer,
        "sees_contacts": sees_contacts,
        "can_act": sees_contacts,
        "can_hand_over": permissions.can_hand_over_referent(membership, employer),
        "contacts": contacts,
        "latest": list(selectors.interactions_of(employer=employer)[:LATEST_CONTACTS]),
        "warning": selectors.recent_contact_warning(employer=employer, user=request.user),
        "timeline": employer_timeline(employer=employer, membership=membership, with_notes=sees_contacts),
        "in_tension": naf in naf_codes_in_tension(naf_codes=[naf]),
        "tension_jobs": tension_jobs_of_naf(naf_code=naf) if naf else [],
        # The employer events of the caller's organisation the company was invited to, latest first.
        "event_invitations": list(invitations_of_employer(employer=employer, membership=membership)[:LATEST_EVENTS]),
    }
    return render(request, "employers/detail.html", context)


@login_required
def employer_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    membership = request.acting_membership
    if not permissions.can_create_employer(membership):
        raise Http404
    form = EmployerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            employer = services.employer_create(
                data=form.data_for_service(), by=request.user, organisation=membership.organisation
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Entreprise enregistrée."))
            return redirect("employers:detail", pk=employer.pk)
    return render(request, "employers/form.html", {"form": form, "employer": None, "title": _("Nouvelle entreprise")})


@login_required
def employer_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership, employer = _acting(request, pk)
    initial = {
        "name": employer.name,
        "usual_name": employer.usual_name,
        "siret": employer.siret,
        "naf": employer.naf_id or "",
        "size_bracket": employer.size_bracket,
        "street": employer.street,
        "postcode": employer.postcode,
        "commune": employer.commune,
    }
    form = EmployerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.employer_update(
                employer=employer, data=form.data_for_service(), by=request.user, organisation=membership.organisation
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Entreprise mise à jour."))
            return redirect("employers:detail", pk=employer.pk)
    context = {"form": form, "employer": employer, "title": _("Modifier l'entreprise")}
    return render(request, "employers/form.html", context)


def _contact(employer: Employer, contact_pk: int) -> EmployerContact:
    try:
        return selectors.contacts_of(employer=employer).get(pk=contact_pk)
    except EmployerContact.DoesNotExist as error:
        raise Http404 from error


@login_required
def contact_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership, employer = _acting(request, pk)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_create(
                employer=employer, data=form.data_for_service(), by=request.user, organisation=membership.organisation
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            audit_record(
                request=request, action=AuditAction.CREATE, person_id=None, object_type=CONTACT, object_id=contact.pk
            )
            messages.success(request, _("Contact ajouté."))
            return redirect("employers:detail", pk=employer.pk)
    context = {"form": form, "employer": employer, "title": _("Ajouter un contact")}
    return render(request, "employers/form.html", context)


@login_required
def contact_edit(request: AuthenticatedHttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    membership, employer = _acting(request, pk)
    contact = _contact(employer, contact_pk)
    initial = {
        name: getattr(contact, name)
        for name in ("first_name", "last_name", "role", "email", "phone", "preferred_channel")
    }
    form = ContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_update(
                contact=contact, data=form.data_for_service(), by=request.user, organisation=membership.organisation
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            audit_record(
                request=request, action=AuditAction.UPDATE, person_id=None, object_type=CONTACT, object_id=contact.pk
            )
            messages.success(request, _("Contact mis à jour."))
            return redirect("employers:detail", pk=employer.pk)
    else:
        audit_record(
            request=request, action=AuditAction.READ, person_id=None, object_type=CONTACT, object_id=contact.pk
        )
    context = {"form": form, "employer": employer, "title": _("Modifier le contact")}
    return render(request, "employers/form.html", context)


@login_required
@require_POST
def contact_delete(request: AuthenticatedHttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    membership, employer = _acting(request, pk)
    contact = _contact(employer, contact_pk)
    audit_record(
        request=request, action=AuditAction.ANONYMISE, person_id=None, object_type=CONTACT, object_id=contact.pk
    )
    services.contact_delete(contact=contact, by=request.user, organisation=membership.organisation)
    messages.success(request, _("Contact supprimé."))
    return redirect("employers:detail", pk=employer.pk)


@login_required
def interaction_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership, employer = _acting(request, pk)
    contacts = list(selectors.contacts_of(employer=employer))
    choices = [(contact.pk, f"{contact} ({contact.role})" if contact.role else str(contact)) for contact in contacts]
    form = InteractionForm(request.POST or None, contacts=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        contact = next((c for c in contacts if c.pk == data["contact"]), None)
        try:
            services.interaction_record(
                employer=employer,
                kind=data["kind"],
                by=request.user,
                organisation=membership.organisation,
                occurred_at=data["occurred_at"],
                note=data["note"],
                contact=contact,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Échange enregistré."))
            return redirect("employers:detail", pk=employer.pk)
    context = {
        "form": form,
        "employer": employer,
        "title": _("Enregistrer un échange"),
        # Before contacting: who holds the company, and who else contacted it lately.
        "warning": selectors.recent_contact_warning(employer=employer, user=request.user),
        "show_referent": True,
    }
    return render(request, "employers/form.html", context)


@login_required
def referent_hand_over(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = _viewer(request)
    employer = _employer(pk)
    if not permissions.can_hand_over_referent(membership, employer):
        audit_record(request=request, action=AuditAction.DENIED, person_id=None, object_type="employer", object_id=pk)
        raise Http404
    candidates = list(
        Membership.objects.active()
        .filter(organisation_id__in=permissions.referent_organisations_for(membership), role__in=REFERENT_ROLES)
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__last_name", "user__first_name", "pk")
    )
    form = ReferentForm(request.POST or None, memberships=candidates)
    if request.method == "POST" and form.is_valid():
        chosen = form.chosen()
        try:
            services.referent_hand_over(
                employer=employer,
                adviser=chosen.user,
                organisation=chosen.organisation,
                by=request.user,
                acting_organisation=membership.organisation,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Interlocuteur unique désigné."))
            return redirect("employers:detail", pk=employer.pk)
    context = {"form": form, "employer": employer, "title": _("Interlocuteur unique"), "show_referent": True}
    return render(request, "employers/form.html", context)


@login_required
def partner_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A manager imports their organisation's short list of companies (docs/employers.md)."""
    membership = request.acting_membership
    if membership is None or membership.role not in MANAGING_ROLES:
        raise Http404
    form = PartnerFileForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = partner_csv_import(text=text_decode(form.cleaned_data["file"].read()))
        except ValidationError as error:
            form.add_error("file", error)
    return render(request, "employers/import.html", {"form": form, "report": report})
