"""Pages of a convention's meetings and joint action plan: the meetings with the cadence's warning, a meeting
(agenda, invitations, attendance, minutes, decisions that become actions, actions reviewed), its forms and steps,
the plan of a year with its filters and overdue actions, the actions' forms and steps, the iCalendar files.

Rules: tandem.meetings.permissions. A convention the caller may not see answers 404 to every page and write; a
write answers 404 to those who see the convention but may not write (observers, advisers), except an action's
status for its owner person.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.accounts.http import AuthenticatedHttpRequest
from tandem.accounts.models import Membership
from tandem.core.errors import form_service_write
from tandem.core.workflow_views import StepForm
from tandem.meetings import permissions, selectors, services
from tandem.meetings.calendar import meetings_ics
from tandem.meetings.enums import Attendance, MeetingStatus
from tandem.meetings.forms import (
    ActionForm,
    CadenceForm,
    DecisionForm,
    InvitationsForm,
    MeetingForm,
    MinutesForm,
    PlanFilterForm,
    ReviewForm,
)
from tandem.meetings.models import Decision, Meeting, PlanAction
from tandem.meetings.workflow import ACTION, MEETING
from tandem.partnerships.models import Convention
from tandem.partnerships.selectors import convention_get_for

MEETING_STEP_URLS = {
    "hold": "meetings:meeting_hold",
    "approve": "meetings:meeting_approve",
    "cancel": "meetings:meeting_cancel",
}
ACTION_STEP_URLS = {
    "start": "meetings:action_start",
    "complete": "meetings:action_complete",
    "drop": "meetings:action_drop",
}
LIST_LIMIT = 200


def _membership(request: AuthenticatedHttpRequest) -> Membership | None:
    return request.acting_membership


def _convention(request: AuthenticatedHttpRequest, convention_pk: int) -> Convention:
    try:
        return convention_get_for(user=request.user, membership=_membership(request), pk=convention_pk)
    except Convention.DoesNotExist as error:
        raise Http404 from error


def _writable(request: AuthenticatedHttpRequest, convention_pk: int) -> Convention:
    convention = _convention(request, convention_pk)
    if not permissions.can_write_governance(request.user, _membership(request), convention):
        raise Http404
    return convention


def _meeting(convention: Convention, pk: int) -> Meeting:
    meeting = Meeting.objects.filter(pk=pk, convention=convention).first()
    if meeting is None:
        raise Http404
    meeting.convention = convention  # its parties read once for every rule
    return meeting


def _action(convention: Convention, pk: int) -> PlanAction:
    action = PlanAction.objects.filter(pk=pk, convention=convention).select_related("owner_organisation").first()
    if action is None:
        raise Http404
    action.convention = convention
    return action


def _meetings_url(convention: Convention) -> str:
    return reverse("meetings:meeting_list", args=[convention.pk])


def _meeting_url(meeting: Meeting) -> str:
    return reverse("meetings:meeting_detail", args=[meeting.convention_id, meeting.pk])


def _plan_url(convention: Convention, year: int | None = None) -> str:
    url = reverse("meetings:plan", args=[convention.pk])
    return f"{url}?annee={year}" if year else url


def _write(
    form: Any, write: Callable[[], object], request: AuthenticatedHttpRequest, done: str, to: str
) -> HttpResponse | None:
    result: HttpResponse | None = form_service_write(form, write, request, done, to)
    return result


def _post(request: AuthenticatedHttpRequest, write: Callable[[], object], done: str, to: str) -> HttpResponse:
    """A write from a button or a small form of a page: its refusal as a message, back to the page."""
    try:
        write()
    except PermissionDenied as error:
        raise Http404 from error
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(to)
    messages.success(request, done)
    return redirect(to)


# Meetings ---------------------------------------------------------------------------------------------------------


@login_required
def meeting_list(request: AuthenticatedHttpRequest, convention_pk: int) -> HttpResponse:
    """The convention's meetings, newest first, under the cadence it asks for and where each kind stands."""
    convention = _convention(request, convention_pk)
    meetings = list(selectors.meeting_list(convention=convention)[:LIST_LIMIT])
    for meeting in meetings:
        meeting.convention = convention
    context = {
        "convention": convention,
        "meetings": meetings,
        "cadences": selectors.cadences_for(convention=convention),
        "can_write": permissions.can_write_governance(request.user, _membership(request), convention),
        "now": timezone.now(),
    }
    return render(request, "meetings/meeting_list.html", context)


def _meeting_data(form: MeetingForm) -> services.MeetingData:
    data = form.cleaned_data
    return services.MeetingData(
        kind=data["kind"],
        title=data["title"],
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        place=data["place"],
        video_url=data["video_url"],
        agenda=data["agenda"],
    )


@login_required
def meeting_create(request: AuthenticatedHttpRequest, convention_pk: int) -> HttpResponse:
    convention = _writable(request, convention_pk)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created: list[Meeting] = []
        response = _write(
            form,
            lambda: created.append(
                services.meeting_create(
                    convention=convention, user=request.user, membership=_membership(request), data=_meeting_data(form)
                )
            ),
            request,
            _("Réunion prévue : ses parties y sont invitées."),
            _meetings_url(convention),
        )
        if response is not None:
            return redirect(_meeting_url(created[0]))
    return render(request, "meetings/meeting_form.html", {"form": form, "convention": convention, "meeting": None})


@login_required
def meeting_edit(request: AuthenticatedHttpRequest, convention_pk: int, pk: int) -> HttpResponse:
    convention = _writable(request, convention_pk)
    meeting = _meeting(convention, pk)
    if meeting.status != MeetingStatus.PLANNED:
        messages.error(request, _("Seule une réunion prévue se modifie."))
        return redirect(_meeting_url(meeting))
    form = MeetingForm(request.POST or None, initial=MeetingForm.initial_of(meeting))
    if request.method == "POST" and form.is_valid():
        response = _write(
            form,
            lambda: services.meeting_update(
                meeting=meeting, user=request.user, membership=_membership(request), data=_meeting_data(form)
            ),
            request,
            _("Réunion mise à jour."),
            _meeting_url(meeting),
        )
        if response is not None:
            return response
    return render(request, "meetings/meeting_form.html", {"form": form, "convention": convention, "meeting": meeting})


def _meeting_steps(meeting: Meeting) -> list[StepForm]:
    return [
        StepForm(
            action=action,
            form=None,
            url=reverse(MEETING_STEP_URLS[action.name], args=[meeting.convention_id, meeting.pk]),
        )
        for action in MEETING.offered_actions()
        if meeting.status in action.sources
    ]


def _render_meeting(
    request: AuthenticatedHttpRequest, convention: Convention, meeting: Meeting, bound: Mapping[str, Any] | None = None
) -> HttpResponse:
    bound = bound or {}
    membership = _membership(request)
    can_write = permissions.can_write_governance(request.user, membership, convention)
    held = meeting.status == MeetingStatus.HELD
    decisions = list(selectors.meeting_decisions(meeting=meeting))
    actions = selectors.action_list(convention=convention).exclude(status__in=["done", "dropped"])
    context = {
        "convention": convention,
        "meeting": meeting,
        "invitees": selectors.meeting_invitees(meeting=meeting),
        "attendance_choices": Attendance.choices,
        "decisions": decisions,
        "reviews": selectors.meeting_reviews(meeting=meeting),
        "can_write": can_write,
        "held": held,
        "steps": _meeting_steps(meeting) if can_write else [],
        "minutes_form": bound.get("minutes") or MinutesForm(initial={"minutes": meeting.minutes}, prefix="minutes"),
        "decision_form": bound.get("decision") or DecisionForm(prefix="decision"),
        "review_form": bound.get("review") or ReviewForm(actions=actions, prefix="review"),
    }
    return render(request, "meetings/meeting_detail.html", context)


@login_required
def meeting_detail(request: AuthenticatedHttpRequest, convention_pk: int, pk: int) -> HttpResponse:
    convention = _convention(request, convention_pk)
    return _render_meeting(request, convention, _meeting(convention, pk))


@login_required
@require_POST
def meeting_step(request: AuthenticatedHttpRequest, convention_pk: int, pk: int, action: str) -> HttpResponse:
    """Held, minutes approved, cancelled: a party's managers (tandem.meetings.workflow)."""
    convention = _writable(request, convention_pk)
    meeting = _meeting(convention, pk)
    run = {"hold": services.meeting_hold, "approve": services.meeting_approve, "cancel": services.meeting_cancel}[
        action
    ]
    return _post(
        request,
        lambda: run(meeting=meeting, user=request.user, membership=_membership(request)),
        str(MEETING.action(action).done),
        _meeting_url(meeting),
    )


@login_required
def meeting_invitations(request: AuthenticatedHttpRequest, convention_pk: int, pk: int) -> HttpResponse:
    convention = _writable(request, convention_pk)
    meeting = _meeting(convention, pk)
    current = list(meeting.invitees.all())
    form = InvitationsForm(
        request.POST or None,
        organisations=selectors.convention_party_organisations(convention=convention),
        people=selectors.convention_members(convention=convention),
        initial={
            "organisations": [row.organisation_id for row in current if row.organisation_id],
            "people": [row.user_id for row in current if row.user_id],
        },
    )
    if request.method == "POST" and form.is_valid():
        response = _write(
            form,
            lambda: services.meeting_invitations_set(
                meeting=meeting,
                user=request.user,
                membership=_membership(request),
                organisations=list(form.cleaned_data["organisations"]),
                people=list(form.cleaned_data["people"]),
            ),
            request,
            _("Invitations enregistrées."),
            _meeting_url(meeting),
        )
        if response is not None:
            return response
    return render(request, "meetings/invitations.html", {"form": form, "convention": convention, "meeting": meeting})


@login_required
@require_POST
def meeting_attendance(request: AuthenticatedHttpRequest, convention_pk: int, pk: int) -> HttpResponse:
    """Each invitation's select (attendance-<id>): present, excused, absent or not noted."""
    convention = _writable(request, convention_pk)
    meeting = _meeting(convention, pk)
    attendance = {
        row.pk: request.POST.get(f"attendance-{row.pk}", row.attendance) or ""
        for row in meeting.invitees.all()
        if f"attendance-{row.pk}" in request.POST
    }
    return _post(
        request,
        lambda: services.meeting_attendance_record(
            meeting=meeting, user=request.user, membership=_membership(request), attendance=attendance
        ),
        _("Présences enregistrées."),
        _meeting_url(meeting),
    )


@login_required
@require_POST
def meeting_minutes(request: AuthenticatedHttpRequest, convention_pk: int, pk: int) -> HttpResponse:
    convention = _writable(request, convention_pk)
    meeting = _meeting(convention, pk)
    form = MinutesForm(request.POST, prefix="minutes")
    if not form.is_valid():
        response = _render_meeting(request, convention, meeting, {"minutes": form})
        response.status_code = 400
        return response
    return _post(
        request,
        lambda: services.meeting_minutes_write(
            meeting=meeting, user=request.user, membership=_membership(request), minutes=form.cleaned_data["minutes"]
        ),
        _("Compte rendu enregistré."),
        _meeting_url(meeting),
    )


@login_required
@require_POST
def decision_add(request: AuthenticatedHttpRequest, convention_pk: int, pk: int) -> HttpResponse:
    convention = _writable(request, convention_pk)
    meeting = _meeting(convention, pk)
    form = DecisionForm(request.POST, prefix="decision")
    if not form.is_valid():
        response = _render_meeting(request, convention, meeting, {"decision": form})
        response.status_code = 400
        return response
    return _post(
        request,
        lambda: services.decision_record(
            meeting=meeting, user=request.user, membership=_membership(request), text=form.cleaned_data["text"]
        ),
        _("Décision enregistrée."),
        _meeting_url(meeting),
    )


def _action_form(convention: Convention, data: Any = None, **kwargs: Any) -> ActionForm:
    return ActionForm(
        data,
        axes=list(convention.axes),
        organisations=selectors.convention_party_organisations(convention=convention),
        people=selectors.convention_members(convention=convention),
        **kwargs,
    )


def _action_data(form: ActionForm) -> services.ActionData:
    data = form.cleaned_data
    return services.ActionData(
        year=data["year"],
        title=data["title"],
        axis=data["axis"],
        owner_organisation=data["owner_organisation"],
        owner=data["owner"],
        due_on=data["due_on"],
        indicator=data["indicator"],
    )


@login_required
def decision_action(request: AuthenticatedHttpRequest, convention_pk: int, pk: int, decision_pk: int) -> HttpResponse:
    """A decision becomes an action of the plan: its text as the title, the caller's organisation as its pilot,
    changed here if need be."""
    convention = _writable(request, convention_pk)
    meeting = _meeting(convention, pk)
    decision = Decision.objects.filter(pk=decision_pk, meeting=meeting).first()
    if decision is None:
        raise Http404
    if PlanAction.objects.filter(decision=decision).exists():
        messages.error(request, _("Cette décision est déjà une action du plan."))
        return redirect(_meeting_url(meeting))
    membership = _membership(request)
    parties = selectors.convention_party_organisations(convention=convention)
    pilot = parties.filter(pk=membership.organisation_id).first() if membership else None
    initial = {
        "title": " ".join(decision.text.split())[:200],
        "year": timezone.localtime(meeting.starts_at).year,
        "owner_organisation": pilot or parties.first(),
    }
    form = _action_form(convention, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = _action_data(form)
        response = _write(
            form,
            lambda: services.action_create(
                convention=convention, user=request.user, membership=membership, data=data, decision=decision
            ),
            request,
            _("La décision est une action du plan d'action."),
            _plan_url(convention, data.year),
        )
        if response is not None:
            return response
    context = {"form": form, "convention": convention, "action": None, "decision": decision, "meeting": meeting}
    return render(request, "meetings/action_form.html", context)


@login_required
@require_POST
def review_add(request: AuthenticatedHttpRequest, convention_pk: int, pk: int) -> HttpResponse:
    convention = _writable(request, convention_pk)
    meeting = _meeting(convention, pk)
    form = ReviewForm(request.POST, actions=selectors.action_list(convention=convention), prefix="review")
    if not form.is_valid():
        response = _render_meeting(request, convention, meeting, {"review": form})
        response.status_code = 400
        return response
    return _post(
        request,
        lambda: services.action_review(
            meeting=meeting,
            action=form.cleaned_data["action"],
            user=request.user,
            membership=_membership(request),
            note=form.cleaned_data["note"],
        ),
        _("Point d'étape de l'action enregistré."),
        _meeting_url(meeting),
    )


@login_required
def cadence_edit(request: AuthenticatedHttpRequest, convention_pk: int) -> HttpResponse:
    convention = _writable(request, convention_pk)
    form = CadenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        response = _write(
            form,
            lambda: services.cadence_set(
                convention=convention,
                user=request.user,
                membership=_membership(request),
                kind=form.cleaned_data["kind"],
                per_year=form.cleaned_data["per_year"],
            ),
            request,
            _("Rythme des réunions enregistré."),
            _meetings_url(convention),
        )
        if response is not None:
            return response
    return render(request, "meetings/cadence_form.html", {"form": form, "convention": convention})


def _ics_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.ics"'
    return response


@login_required
def convention_calendar(request: AuthenticatedHttpRequest, convention_pk: int) -> HttpResponse:
    """The convention's meetings (cancelled ones say so) as an iCalendar file."""
    convention = _convention(request, convention_pk)
    meetings = list(convention.meetings.order_by("starts_at", "pk"))
    for meeting in meetings:
        meeting.convention = convention
    urls = {m.pk: request.build_absolute_uri(_meeting_url(m)) for m in meetings}
    content = meetings_ics(meetings, name=convention.title, domain=request.get_host().split(":")[0], url_of=urls)
    return _ics_response(content, f"reunions-{slugify(convention.title)[:60] or convention.pk}")


@login_required
def meeting_calendar(request: AuthenticatedHttpRequest, convention_pk: int, pk: int) -> HttpResponse:
    convention = _convention(request, convention_pk)
    meeting = _meeting(convention, pk)
    urls = {meeting.pk: request.build_absolute_uri(_meeting_url(meeting))}
    content = meetings_ics([meeting], name=convention.title, domain=request.get_host().split(":")[0], url_of=urls)
    return _ics_response(content, f"reunion-{meeting.pk}")


# The joint action plan --------------------------------------------------------------------------------------------


@login_required
def plan(request: AuthenticatedHttpRequest, convention_pk: int) -> HttpResponse:
    """The plan of a year (this year by default), filtered by status, axis and pilot; overdue actions flagged."""
    convention = _convention(request, convention_pk)
    membership = _membership(request)
    parties = selectors.convention_party_organisations(convention=convention)
    form = PlanFilterForm(request.GET or None, axes=list(convention.axes), organisations=parties)
    filters = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    year = filters.get("annee") or today.year
    pilot = filters.get("pilote")
    actions = list(
        selectors.action_list(
            convention=convention,
            year=year,
            status=filters.get("statut", ""),
            axis=filters.get("axe", ""),
            owner_organisation=pilot.pk if pilot else None,
        )[:LIST_LIMIT]
    )
    rows = []
    for action in actions:
        action.convention = convention
        steps = (
            [
                (a, reverse(ACTION_STEP_URLS[a.name], args=[convention.pk, action.pk]))
                for a in ACTION.offered_actions()
                if action.status in a.sources
            ]
            if permissions.can_move_action(request.user, membership, action)
            else []
        )
        rows.append((action, action.is_overdue(today=today), steps))
    context = {
        "convention": convention,
        "form": form,
        "year": year,
        "years": sorted({year, today.year, *selectors.action_years(convention=convention)}, reverse=True),
        "rows": rows,
        "overdue": sum(1 for _row, late, _steps in rows if late),
        "can_write": permissions.can_write_governance(request.user, membership, convention),
    }
    return render(request, "meetings/plan.html", context)


@login_required
def action_create(request: AuthenticatedHttpRequest, convention_pk: int) -> HttpResponse:
    convention = _writable(request, convention_pk)
    membership = _membership(request)
    parties = selectors.convention_party_organisations(convention=convention)
    pilot = parties.filter(pk=membership.organisation_id).first() if membership else None
    initial = {"year": timezone.localdate().year, "owner_organisation": pilot}
    form = _action_form(convention, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = _action_data(form)
        response = _write(
            form,
            lambda: services.action_create(convention=convention, user=request.user, membership=membership, data=data),
            request,
            _("Action ajoutée au plan."),
            _plan_url(convention, data.year),
        )
        if response is not None:
            return response
    context = {"form": form, "convention": convention, "action": None, "decision": None}
    return render(request, "meetings/action_form.html", context)


@login_required
def action_edit(request: AuthenticatedHttpRequest, convention_pk: int, pk: int) -> HttpResponse:
    convention = _writable(request, convention_pk)
    action = _action(convention, pk)
    initial = {name: getattr(action, name) for name in services.ACTION_FIELDS}
    form = _action_form(convention, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = _action_data(form)
        response = _write(
            form,
            lambda: services.action_update(
                action=action, user=request.user, membership=_membership(request), data=data
            ),
            request,
            _("Action mise à jour."),
            _plan_url(convention, data.year),
        )
        if response is not None:
            return response
    context = {"form": form, "convention": convention, "action": action, "decision": action.decision}
    return render(request, "meetings/action_form.html", context)


@login_required
@require_POST
def action_step(request: AuthenticatedHttpRequest, convention_pk: int, pk: int, action: str) -> HttpResponse:
    """Started, done, dropped: whoever writes the plan, and the action's owner person."""
    convention = _convention(request, convention_pk)
    row = _action(convention, pk)
    if not permissions.can_move_action(request.user, _membership(request), row):
        raise Http404
    run = {"start": services.action_start, "complete": services.action_complete, "drop": services.action_drop}[action]
    return _post(
        request,
        lambda: run(action=row, user=request.user, membership=_membership(request)),
        str(ACTION.action(action).done),
        _plan_url(convention, row.year),
    )
