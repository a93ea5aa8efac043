"""Pages of barrier-lifting actions: the list with its filters and counts, the action's page (its places, the people
in it and the waiting list), the forms of the owner's managers, referring a person and recording that they left or
completed the action.

Rules: tandem.barrier_actions.permissions. Every member reads the actions and their counts; a person is named only
to those who may see them; a write by anyone not allowed answers 404 and changes nothing. Reads and writes of the
people in an action are audited, refusals too.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.accounts.guards import nominative_membership
from tandem.accounts.http import AuthenticatedHttpRequest
from tandem.accounts.models import Membership
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_list_read, audit_record, audit_row
from tandem.barrier_actions import permissions, selectors, services
from tandem.barrier_actions.enums import ActionStatus
from tandem.barrier_actions.forms import ActionFilterForm, ActionForm, SearchForm
from tandem.barrier_actions.models import BarrierAction
from tandem.core.errors import form_service_write
from tandem.core.pagination import BoundedPaginator
from tandem.people.models import Person
from tandem.service_catalogue.models import Service

PAGE_SIZE = 30
SEARCH_LIMIT = 20
AUDIT_ENROLMENT = "barrier_enrolment"  # the audit's object type for a person's place in an action
PERSON_PARAMETER = "personne"


def _member(request: AuthenticatedHttpRequest) -> Membership:
    membership = request.acting_membership
    if not permissions.can_read_actions(membership):
        raise Http404
    return membership


def _is_id(value: str | None) -> bool:
    return bool(value) and str(value).isdigit() and len(str(value)) < 19


def _person_asked(request: AuthenticatedHttpRequest, membership: Membership, value: str | None) -> Person | None:
    """The person named in the address (?personne=), if the caller may see them; a refusal is audited."""
    if not value or not permissions.can_see_enrolments(membership):
        return None
    person = selectors.person_to_enrol(membership=membership, pk=int(value)) if _is_id(value) else None
    if person is None:
        audit_record(
            request=request,
            action=AuditAction.DENIED,
            person_id=None,
            object_type=AUDIT_ENROLMENT,
            detail=f"person {str(value)[:20]}",
        )
    return person


def _filters(form: ActionFilterForm) -> selectors.ActionFilters:
    if not form.is_valid():
        return selectors.ActionFilters()
    data = form.cleaned_data
    return selectors.ActionFilters(
        barrier_kind=data["barrier_kind"], commune=data["commune"], include_closed=data["closed"]
    )


@login_required
def action_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    membership = _member(request)
    form = ActionFilterForm(request.GET or None)
    actions = selectors.action_list_for(membership=membership, filters=_filters(form))
    page = BoundedPaginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "can_create": permissions.can_create_actions(membership),
        "person": _person_asked(request, membership, request.GET.get(PERSON_PARAMETER)),
    }
    return render(request, "barrier_actions/list.html", context)


def _services_of(membership: Membership) -> object:
    return Service.objects.filter(organisation=membership.organisation, is_active=True).order_by("name")


def _data(form: ActionForm) -> services.ActionData:
    data = form.cleaned_data
    return services.ActionData(
        title=data["title"],
        barrier_kind=data["barrier_kind"],
        description=data["description"],
        capacity=data["capacity"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        service=data["service"],
        communes=data["communes"],
    )


@login_required
def action_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    membership = _member(request)
    if not permissions.can_create_actions(membership):
        raise Http404
    form = ActionForm(request.POST or None, services=_services_of(membership))
    if request.method == "POST" and form.is_valid():
        written = form_service_write(
            form,
            lambda: services.action_create(membership=membership, by=request.user, data=_data(form)),
            request,
            _("Action ajoutée : les conseillers des partenaires peuvent y orienter."),
            lambda action: reverse("barrier_actions:detail", args=[action.pk]),
        )
        if written is not None:
            return written
    return render(request, "barrier_actions/form.html", {"form": form, "action": None})


def _managed(request: AuthenticatedHttpRequest, pk: int) -> tuple[Membership, BarrierAction]:
    membership = _member(request)
    action = selectors.action_get_for(membership=membership, pk=pk)
    if not permissions.can_manage_action(membership, action):
        raise Http404
    return membership, action


@login_required
def action_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership, action = _managed(request, pk)
    initial: dict[str, object] = {name: getattr(action, name) for name in services.ACTION_FIELDS}
    initial["communes"] = ", ".join(commune.pk for commune in action.communes.all())
    form = ActionForm(request.POST or None, initial=initial, services=_services_of(membership))
    if request.method == "POST" and form.is_valid():
        written = form_service_write(
            form,
            lambda: services.action_update(action=action, membership=membership, by=request.user, data=_data(form)),
            request,
            _("Action mise à jour."),
            reverse("barrier_actions:detail", args=[action.pk]),
        )
        if written is not None:
            return written
    return render(request, "barrier_actions/form.html", {"form": form, "action": action})


@login_required
@require_POST
def action_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership, action = _managed(request, pk)
    try:
        services.action_close(action=action, membership=membership, by=request.user)
    except PermissionDenied as error:
        raise Http404 from error
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("L'action est close : plus personne n'y est orienté."))
    return redirect("barrier_actions:detail", pk=pk)


@login_required
def action_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = _member(request)
    action = selectors.action_get_for(membership=membership, pk=pk)
    people = selectors.action_people_for(action=action, membership=membership)
    if people.named:
        audit_list_read(request=request, object_type=AUDIT_ENROLMENT, detail=f"barrier action {pk}: {people.named}")
    taken: int = action.taken  # type: ignore[attr-defined]
    context = {
        "action": action,
        "people": people,
        "places_left": max(action.capacity - taken, 0),
        "percent": min(100, round(100 * taken / action.capacity)),
        "can_manage": permissions.can_manage_action(membership, action),
        "can_enrol": permissions.can_see_enrolments(membership) and action.status == ActionStatus.OPEN,
        "shows_people": permissions.can_see_enrolments(membership),
    }
    return render(request, "barrier_actions/detail.html", context)


@login_required
def enrol(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Find a person the caller may see (names, France Travail identifier, birth date) and refer them: a place if
    one is left, else the waiting list. `?personne=<pk>` preselects a person (the person page's link)."""
    membership = nominative_membership(request)
    action = selectors.action_get_for(membership=membership, pk=pk)
    if request.method == "POST":
        person_id = request.POST.get("person")
        if not person_id:
            messages.error(request, _("Choisissez la personne à orienter."))
            return redirect("barrier_actions:enrol", pk=pk)
        person = selectors.person_to_enrol(membership=membership, pk=int(person_id)) if _is_id(person_id) else None
        if person is None:
            audit_record(
                request=request,
                action=AuditAction.DENIED,
                person_id=None,
                object_type=AUDIT_ENROLMENT,
                detail=f"barrier action {pk}: person {str(person_id)[:20]}",
            )
            raise Http404
        try:
            enrolment = services.enrolment_create(action=action, person=person, membership=membership, by=request.user)
        except PermissionDenied as error:
            audit_record(
                request=request,
                action=AuditAction.DENIED,
                person_id=person.pk,
                object_type=AUDIT_ENROLMENT,
                detail=f"barrier action {pk}",
            )
            raise Http404 from error
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("barrier_actions:detail", pk=pk)
        audit_row(request=request, action=AuditAction.CREATE, row=enrolment, object_type=AUDIT_ENROLMENT)
        name = f"{person.first_name} {person.last_name}"
        if enrolment.status == "enrolled":
            messages.success(request, _("%(name)s a une place dans l'action.") % {"name": name})
        else:
            messages.warning(request, _("L'action est complète : %(name)s est en liste d'attente.") % {"name": name})
        return redirect("barrier_actions:detail", pk=pk)
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    found = selectors.people_to_enrol(membership=membership, query=query, limit=SEARCH_LIMIT)
    chosen = _person_asked(request, membership, request.GET.get(PERSON_PARAMETER))
    if found or chosen:
        audit_list_read(
            request=request,
            object_type="person",
            detail=f"barrier action {pk} search: {len(found) + (1 if chosen else 0)}",
        )
    present = set(action.enrolments.filter(status__in=["enrolled", "waitlisted"]).values_list("person_id", flat=True))
    context = {
        "action": action,
        "form": form,
        "found": found,
        "chosen": chosen,
        "present": present,
        "query": query,
        "is_open": action.status == ActionStatus.OPEN,
    }
    return render(request, "barrier_actions/enrol.html", context)


@login_required
@require_POST
def enrolment_end(request: AuthenticatedHttpRequest, pk: int, step: str) -> HttpResponse:
    """The person left the action (or the waiting list) or completed it: the referrer's staff or the owner's
    managers (404 otherwise, audited). A freed place goes to the first person waiting."""
    membership = nominative_membership(request)
    try:
        enrolment = selectors.enrolment_get_for(membership=membership, pk=pk)
        if not permissions.can_end_enrolment(membership, enrolment):
            raise Http404
    except Http404:
        audit_record(
            request=request, action=AuditAction.DENIED, person_id=None, object_type=AUDIT_ENROLMENT, object_id=pk
        )
        raise
    write = services.enrolment_leave if step == "leave" else services.enrolment_complete
    try:
        write(enrolment=enrolment, membership=membership, by=request.user)
    except PermissionDenied as error:
        raise Http404 from error
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        audit_row(request=request, action=AuditAction.UPDATE, row=enrolment, object_type=AUDIT_ENROLMENT, detail=step)
        messages.success(
            request,
            _("Sortie enregistrée : la place revient à la première personne en attente.")
            if step == "leave"
            else _("Action suivie jusqu'au bout : la place revient à la première personne en attente."),
        )
    return redirect("barrier_actions:detail", pk=enrolment.action_id)
