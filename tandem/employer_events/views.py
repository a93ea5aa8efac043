"""Pages of employer events: the list (upcoming, past), the form, the event's page (its companies, its young
people and who came), inviting a company, registering a young person and each step of the three workflows.

Rules: tandem.employer_events.permissions. An event the caller's organisation neither organises nor takes part
in answers 404 to every page and write; a young person the caller may not see is neither listed nor reachable
(404, the refusal audited); reads and writes of the young people's participation are audited.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.access.selectors import person_list_for
from tandem.accounts.guards import nominative_membership
from tandem.accounts.http import AuthenticatedHttpRequest
from tandem.accounts.models import Membership
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_list_read, audit_record, audit_row
from tandem.core.errors import form_service_write
from tandem.core.pagination import BoundedPaginator
from tandem.core.workflow_views import workflow_step_take, workflow_steps
from tandem.employer_events import permissions, selectors, services
from tandem.employer_events.enums import EventStatus
from tandem.employer_events.forms import EventForm, MissionForm, SearchForm
from tandem.employer_events.models import EmployerEvent, Invitation, Registration
from tandem.employer_events.permissions import event_party_ids
from tandem.employer_events.workflow import EVENT, INVITATION, REGISTRATION
from tandem.employers.models import Employer
from tandem.employers.selectors import employer_list
from tandem.organisations.selectors import partner_organisations_of

PAGE_SIZE = 30
SEARCH_LIMIT = 20
AUDIT_REGISTRATION = "event_registration"  # the audit's object type for a young person's participation
INVITATION_PHASES: dict[str, set[str]] = {
    EventStatus.PLANNED: {"confirm", "decline"},
    EventStatus.HELD: {"attend", "miss"},
}


def _event(request: AuthenticatedHttpRequest, pk: int) -> tuple[Membership, EmployerEvent]:
    membership = nominative_membership(request)
    return membership, selectors.employer_event_get_for(membership=membership, pk=pk)


def _data(form: EventForm) -> services.EventData:
    data = form.cleaned_data
    return services.EventData(
        format=data["format"],
        title=data["title"],
        theme=data["theme"],
        held_on=data["held_on"],
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        street=data["street"],
        commune=data["commune"],
        capacity=data["capacity"],
    )


@login_required
def event_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    membership = nominative_membership(request)
    period = selectors.PAST if request.GET.get("periode") == "passes" else selectors.UPCOMING
    events = selectors.employer_event_list_for(membership=membership, period=period)
    page = BoundedPaginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "past": period == selectors.PAST, "can_create": permissions.can_create_event(membership)}
    return render(request, "employer_events/list.html", context)


@login_required
def event_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    membership = nominative_membership(request)
    if not permissions.can_create_event(membership):
        raise Http404
    form = EventForm(request.POST or None, partners=partner_organisations_of(organisation=membership.organisation))
    if request.method == "POST" and form.is_valid():
        try:
            event = services.employer_event_create(
                membership=membership, by=request.user, data=_data(form), partners=form.cleaned_data["partners"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Événement prévu : invitez les entreprises et inscrivez les jeunes."))
            return redirect("employer_events:event_detail", pk=event.pk)
    return render(request, "employer_events/form.html", {"form": form, "event": None})


@login_required
def event_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership, event = _event(request, pk)
    if not permissions.can_edit_event(membership, event_party_ids(event)):
        raise Http404
    steers = permissions.can_steer_event(membership, event)
    initial = {name: getattr(event, name) for name in services.EVENT_FIELDS}
    initial["partners"] = list(event.partners.all())
    partners = partner_organisations_of(organisation=event.organisation) | event.partners.all()
    form = EventForm(request.POST or None, initial=initial, partners=partners.distinct())
    if not steers:
        del form.fields["partners"]  # the organiser chooses its partners
    if request.method == "POST" and form.is_valid():
        try:
            services.employer_event_update(
                event=event,
                membership=membership,
                by=request.user,
                data=_data(form),
                partners=form.cleaned_data["partners"] if steers else None,
            )
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Événement mis à jour."))
            return redirect("employer_events:event_detail", pk=event.pk)
    return render(request, "employer_events/form.html", {"form": form, "event": event})


def _render_detail(
    request: AuthenticatedHttpRequest,
    membership: Membership,
    event: EmployerEvent,
    bound: Mapping[str, Any] | None = None,
) -> HttpResponse:
    organisation_id = membership.organisation_id
    invitations = list(selectors.event_invitations(event=event))
    registrations = list(selectors.event_registrations_for(event=event, membership=membership))
    # The parties read once, for every row's steps.
    for invitation in invitations:
        invitation.event = event
    for registration in registrations:
        registration.event = event
    # The steps that fit the event's state: answers while it is planned, presence once it is held.
    phase = INVITATION_PHASES.get(event.status, set())
    audit_list_read(
        request=request, object_type=AUDIT_REGISTRATION, detail=f"employer event {event.pk}: {len(registrations)}"
    )
    context = {
        "event": event,
        "partners": event.partners.order_by("name"),
        "steps": workflow_steps(EVENT, event, organisation_id, bound=bound),
        "invitations": [
            (row, [a for a in INVITATION.actions_for(row, organisation_id) if a.name in phase]) for row in invitations
        ],
        "registrations": [(row, _registration_steps(row, organisation_id)) for row in registrations],
        "attendance": selectors.event_attendance(event=event),
        "can_edit": permissions.can_edit_event(membership, event_party_ids(event)),
        # A temp agency taking part positions a young person who came on a mission.
        "offers_missions": membership.organisation.kind in services.TEMP_KINDS,
    }
    return render(request, "employer_events/detail.html", context)


def _registration_steps(row: Registration, organisation_id: int | None) -> list[tuple[Any, str, Any]]:
    """Each step offered on a young person's row: the action, its URL and its form (what came of it)."""
    return [
        (
            action,
            reverse(REGISTRATION.url_name % action.name, args=[row.pk]),
            action.form(prefix=action.name, auto_id=f"id_%s_{row.pk}") if action.form else None,
        )
        for action in REGISTRATION.actions_for(row, organisation_id)
        if row.event.status == EventStatus.HELD
    ]


@login_required
def event_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership, event = _event(request, pk)
    return _render_detail(request, membership, event)


@login_required
@require_POST
def event_step(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    """Held or cancelled: the organiser's staff only (tandem.employer_events.workflow)."""
    membership, event = _event(request, pk)
    if not permissions.can_steer_event(membership, event):
        raise Http404
    return workflow_step_take(
        request,
        workflow=EVENT,
        row=event,
        action_name=action,
        organisation=membership.organisation,
        detail_url=reverse("employer_events:event_detail", args=[pk]),
        render_detail=lambda bound: _render_detail(request, membership, event, bound),
        on_done=lambda: None,  # an event is no personal data: its entry in the log is its trace
    )


@login_required
def invite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Find a company (name, SIRET) and invite it; only a company within the caller's reach is invited."""
    membership, event = _event(request, pk)
    if not permissions.can_edit_event(membership, event_party_ids(event)):
        raise Http404
    if request.method == "POST":
        employer_id = request.POST.get("employer")
        if not employer_id:
            messages.error(request, _("Choisissez l'entreprise à inviter."))
            return redirect("employer_events:invite", pk=pk)
        employer = Employer.objects.filter(pk=int(employer_id)).first() if _is_id(employer_id) else None
        if employer is None:
            raise Http404
        try:
            services.invitation_create(event=event, employer=employer, membership=membership, by=request.user)
        except PermissionDenied:
            messages.error(
                request,
                _("%(name)s n'est pas dans le périmètre de votre organisation : invitez-la avec un partenaire.")
                % {"name": employer.display_name},
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s est invitée.") % {"name": employer.display_name})
            return redirect("employer_events:event_detail", pk=pk)
        return redirect(f"{reverse('employer_events:invite', args=[pk])}?q={employer.siret or employer.name}")
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    try:
        found = list(employer_list(query=query)[:SEARCH_LIMIT]) if query.strip() else []
    except ValidationError:
        found = []
    invited = set(event.invitations.values_list("employer_id", flat=True))
    context = {"event": event, "form": form, "found": found, "invited": invited, "query": query}
    return render(request, "employer_events/invite.html", context)


def _is_id(value: str | None) -> bool:
    return bool(value) and str(value).isdigit() and len(str(value)) < 19


@login_required
def register(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Find one of the caller's young people (names) and register them; nobody the caller may not see."""
    membership, event = _event(request, pk)
    if not permissions.can_edit_event(membership, event_party_ids(event)):
        raise Http404
    if request.method == "POST":
        person_id = request.POST.get("person")
        if not person_id:
            messages.error(request, _("Choisissez le jeune à inscrire."))
            return redirect("employer_events:register", pk=pk)
        person = person_list_for(membership=membership).filter(pk=int(person_id)).first() if _is_id(person_id) else None
        if person is None:
            audit_record(
                request=request,
                action=AuditAction.DENIED,
                person_id=None,
                object_type=AUDIT_REGISTRATION,
                detail=f"employer event {pk}: person {str(person_id)[:20]}",
            )
            raise Http404
        try:
            registration = services.registration_create(
                event=event, person=person, membership=membership, by=request.user
            )
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("employer_events:register", pk=pk)
        audit_row(request=request, action=AuditAction.CREATE, row=registration, object_type=AUDIT_REGISTRATION)
        messages.success(request, _("%(name)s est inscrit·e.") % {"name": f"{person.first_name} {person.last_name}"})
        return redirect("employer_events:event_detail", pk=pk)
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    found = selectors.people_to_register(membership=membership, query=query, limit=SEARCH_LIMIT)
    if found:
        audit_list_read(request=request, object_type="person", detail=f"employer event {pk} search: {len(found)}")
    registered = set(event.registrations.values_list("person_id", flat=True))
    context = {"event": event, "form": form, "found": found, "registered": registered, "query": query}
    return render(request, "employer_events/register.html", context)


@login_required
@require_POST
def invitation_step(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    """A company's answer, then whether it came (the organiser's and partners' staff)."""
    membership = nominative_membership(request)
    invitation: Invitation = selectors.invitation_get_for(membership=membership, pk=pk)
    event = invitation.event
    return workflow_step_take(
        request,
        workflow=INVITATION,
        row=invitation,
        action_name=action,
        organisation=membership.organisation,
        detail_url=reverse("employer_events:event_detail", args=[event.pk]),
        render_detail=lambda bound: _render_detail(request, membership, event),
        on_done=lambda: None,  # a company is no personal data: the entry on its timeline is the trace
    )


@login_required
@require_POST
def registration_step(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    """A young person present (and what came of it) or absent: those who may see them only (404, audited)."""
    membership = nominative_membership(request)
    try:
        registration: Registration = selectors.registration_get_for(membership=membership, pk=pk)
    except Http404:
        audit_record(
            request=request, action=AuditAction.DENIED, person_id=None, object_type=AUDIT_REGISTRATION, object_id=pk
        )
        raise
    event = registration.event
    return workflow_step_take(
        request,
        workflow=REGISTRATION,
        row=registration,
        action_name=action,
        organisation=membership.organisation,
        detail_url=reverse("employer_events:event_detail", args=[event.pk]),
        render_detail=lambda bound: _render_detail(request, membership, event),
        on_done=lambda: audit_row(
            request=request, action=AuditAction.UPDATE, row=registration, object_type=AUDIT_REGISTRATION, detail=action
        ),
    )


@login_required
def registration_mission(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A temp agency taking part records the mission that followed for a young person who came (seed 003); it joins
    the young person's path. A young person the caller may not see: 404, the refusal audited."""
    membership = nominative_membership(request)
    try:
        if membership.organisation.kind not in services.TEMP_KINDS:
            raise Http404
        registration: Registration = selectors.registration_get_for(membership=membership, pk=pk)
    except Http404:
        audit_record(
            request=request, action=AuditAction.DENIED, person_id=None, object_type=AUDIT_REGISTRATION, object_id=pk
        )
        raise
    form = MissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        written = form_service_write(
            form,
            lambda: services.registration_mission(
                registration=registration,
                membership=membership,
                by=request.user,
                mission=services.MissionData(
                    employer_name=data["employer_name"],
                    job_label=data["job_label"],
                    rome_code=data["rome_code"].strip().upper(),
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    hours=data["hours"],
                ),
            ),
            request,
            _("Mission enregistrée : elle s'ajoute au parcours de la personne."),
            reverse("employer_events:event_detail", args=[registration.event_id]),
            after=lambda _mission: audit_row(
                request=request,
                action=AuditAction.UPDATE,
                row=registration,
                object_type=AUDIT_REGISTRATION,
                detail="mission",
            ),
        )
        if written is not None:
            return written
    audit_row(
        request=request,
        action=AuditAction.READ,
        row=registration,
        object_type=AUDIT_REGISTRATION,
        detail="mission form",
    )
    return render(request, "employer_events/mission.html", {"form": form, "registration": registration})
