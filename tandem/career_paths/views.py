"""Pages of the missions along a path: a person's path (missions, totals, trainings reached) with the forms to
record a mission and a training, and a mission's edit and cancellation pages.

Rules: tandem.career_paths.permissions. A person the caller may not see answers 404 to every page and write, the
refusal audited; every read and write of the path (the person's data) is audited.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.accounts.guards import nominative_membership
from tandem.accounts.http import AuthenticatedHttpRequest
from tandem.accounts.models import Membership
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record, audit_row
from tandem.career_paths import permissions, selectors, services
from tandem.career_paths.enums import MissionStatus
from tandem.career_paths.forms import CancelForm, MissionForm, TrainingForm
from tandem.career_paths.models import Mission
from tandem.core.errors import form_service_write
from tandem.organisations.models import Organisation
from tandem.people.models import Person

AUDIT_PATH = "career_path"  # the audit's object type for a read of the whole path
AUDIT_MISSION = "mission"
AUDIT_TRAINING = "scheme"
# The two forms share the path page: the training's fields are prefixed so that no two inputs share an id.
TRAINING_PREFIX = "training"


def _denied(request: AuthenticatedHttpRequest, *, person_id: int | None, object_type: str, object_id: int) -> None:
    audit_record(
        request=request, action=AuditAction.DENIED, person_id=person_id, object_type=object_type, object_id=object_id
    )


def _person(request: AuthenticatedHttpRequest, person_pk: int, *, record: bool = False) -> tuple[Membership, Person]:
    """The person if the caller may see their path (or, with `record`, record on it); 404 otherwise, audited."""
    membership = nominative_membership(request)
    person = Person.objects.filter(pk=person_pk).first()
    allowed = person is not None and (
        permissions.can_record_for_person(membership, person)
        if record
        else permissions.can_see_path(membership, person)
    )
    if person is None or not allowed:
        _denied(request, person_id=None, object_type=AUDIT_PATH, object_id=person_pk)
        raise Http404
    return membership, person


def _mission(request: AuthenticatedHttpRequest, pk: int) -> tuple[Membership, Mission]:
    """A mission its recording organisation may change; 404 otherwise (audited)."""
    membership = nominative_membership(request)
    try:
        mission = selectors.mission_get_for(membership=membership, pk=pk)
    except Http404:
        _denied(request, person_id=None, object_type=AUDIT_MISSION, object_id=pk)
        raise
    if not permissions.can_change_mission(membership, mission):
        _denied(request, person_id=None, object_type=AUDIT_MISSION, object_id=pk)
        raise Http404
    return membership, mission


def _render_path(
    request: AuthenticatedHttpRequest,
    membership: Membership,
    person: Person,
    *,
    mission_form: MissionForm | None = None,
    training_form: TrainingForm | None = None,
    status: int = 200,
) -> HttpResponse:
    path = selectors.path_for(person, membership)
    can_record = permissions.can_record_for_person(membership, person)
    context: dict[str, Any] = {
        "path": path,
        "person": person,
        "can_record": can_record,
        "organisation_id": membership.organisation_id,
        "recorded": MissionStatus.RECORDED,
    }
    if can_record:
        agencies = selectors.agencies_to_choose(membership=membership)
        context["mission_form"] = mission_form or MissionForm(
            agencies=agencies, initial={"agency": membership.organisation_id}
        )
        context["training_form"] = training_form or TrainingForm(prefix=TRAINING_PREFIX)
    audit_record(
        request=request,
        action=AuditAction.READ,
        person_id=person.pk,
        object_type=AUDIT_PATH,
        detail=f"missions: {len(path.missions)}",
    )
    return render(request, "career_paths/path.html", context, status=status)


@login_required
def path_page(request: AuthenticatedHttpRequest, person_pk: int) -> HttpResponse:
    membership, person = _person(request, person_pk)
    return _render_path(request, membership, person)


def _mission_values(form: MissionForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "agency": data["agency"],
        "employer": data["employer_siret"],
        "employer_name": data["employer_name"],
        "job_label": data["job_label"],
        "rome_code": data["rome_code"],
        "appellation_code": data["appellation_code"],
        "starts_on": data["starts_on"],
        "ends_on": data["ends_on"],
        "hours": data["hours"],
    }


@login_required
@require_POST
def mission_record(request: AuthenticatedHttpRequest, person_pk: int) -> HttpResponse:
    """Record a mission from the path page's form; the page again with its errors (400) when refused."""
    membership, person = _person(request, person_pk, record=True)
    form = MissionForm(request.POST, agencies=selectors.agencies_to_choose(membership=membership))
    if form.is_valid():
        written = form_service_write(
            form,
            lambda: services.mission_record(
                person=person,
                by=request.user,
                organisation=membership.organisation,
                membership=membership,
                **_mission_values(form),
            ),
            request,
            _("Mission enregistrée dans le parcours."),
            reverse("career_paths:path", args=[person.pk]),
            after=lambda mission: audit_row(
                request=request, action=AuditAction.CREATE, row=mission, object_type=AUDIT_MISSION
            ),
        )
        if written is not None:
            return written
    return _render_path(request, membership, person, mission_form=form, status=400)


@login_required
@require_POST
def training_record(request: AuthenticatedHttpRequest, person_pk: int) -> HttpResponse:
    """Record a training reached (CPF, FAF.TT): the scheme's entry is the record."""
    membership, person = _person(request, person_pk, record=True)
    form = TrainingForm(request.POST, prefix=TRAINING_PREFIX)
    if form.is_valid():
        written = form_service_write(
            form,
            lambda: services.training_record(
                person=person,
                scheme=form.cleaned_data["scheme"],
                starts_on=form.cleaned_data["starts_on"],
                by=request.user,
                organisation=membership.organisation,
                membership=membership,
            ),
            request,
            _("Formation enregistrée dans le parcours."),
            reverse("career_paths:path", args=[person.pk]),
            after=lambda enrolment: audit_row(
                request=request, action=AuditAction.CREATE, row=enrolment, object_type=AUDIT_TRAINING
            ),
        )
        if written is not None:
            return written
    return _render_path(request, membership, person, training_form=form, status=400)


@login_required
def mission_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership, mission = _mission(request, pk)
    if mission.status != MissionStatus.RECORDED:
        messages.error(request, _("Cette mission est annulée : elle ne change plus."))
        return redirect("career_paths:path", person_pk=mission.person_id)
    # The agency on record stays offered, even outside the choices (a partnership ended since).
    agencies = selectors.agencies_to_choose(membership=membership) | Organisation.objects.filter(pk=mission.agency_id)
    initial = {
        "agency": mission.agency_id,
        "employer_siret": mission.employer.siret if mission.employer else "",
        "employer_name": mission.employer_name,
        "job_label": mission.job_label,
        "rome_code": mission.rome_id or "",
        "appellation_code": mission.appellation_id or "",
        "starts_on": mission.starts_on,
        "ends_on": mission.ends_on,
        "hours": mission.hours,
    }
    form = MissionForm(request.POST or None, initial=initial, agencies=agencies.distinct())
    if request.method == "POST" and form.is_valid():
        written = form_service_write(
            form,
            lambda: services.mission_update(
                mission=mission,
                by=request.user,
                organisation=membership.organisation,
                membership=membership,
                **_mission_values(form),
            ),
            request,
            _("Mission mise à jour."),
            reverse("career_paths:path", args=[mission.person_id]),
            after=lambda _row: audit_row(
                request=request, action=AuditAction.UPDATE, row=mission, object_type=AUDIT_MISSION
            ),
        )
        if written is not None:
            return written
    else:
        audit_row(request=request, action=AuditAction.READ, row=mission, object_type=AUDIT_MISSION)
    return render(request, "career_paths/mission_form.html", {"form": form, "mission": mission})


@login_required
def mission_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership, mission = _mission(request, pk)
    if mission.status != MissionStatus.RECORDED:
        messages.error(request, _("Cette mission est déjà annulée."))
        return redirect("career_paths:path", person_pk=mission.person_id)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        written = form_service_write(
            form,
            lambda: services.mission_cancel(
                mission=mission,
                reason=form.cleaned_data["reason"],
                by=request.user,
                organisation=membership.organisation,
                membership=membership,
            ),
            request,
            _("Mission annulée : elle ne compte plus dans le parcours."),
            reverse("career_paths:path", args=[mission.person_id]),
            after=lambda _row: audit_row(
                request=request, action=AuditAction.UPDATE, row=mission, object_type=AUDIT_MISSION, detail="cancel"
            ),
        )
        if written is not None:
            return written
    else:
        audit_row(request=request, action=AuditAction.READ, row=mission, object_type=AUDIT_MISSION)
    return render(request, "career_paths/mission_cancel.html", {"form": form, "mission": mission})
