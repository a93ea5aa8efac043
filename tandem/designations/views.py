from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from tandem.access.permissions import can_view_person
from tandem.accounts.http import AuthenticatedHttpRequest
from tandem.accounts.models import Membership
from tandem.designations import permissions, services
from tandem.designations.auditing import audit_submission
from tandem.designations.enums import DesignationOutcome
from tandem.designations.forms import DesignationForm, DesignationUploadForm
from tandem.imports.enums import ImportKind
from tandem.imports.services import import_job_submit


def _membership(request: AuthenticatedHttpRequest) -> Membership:
    membership = request.acting_membership
    if not permissions.can_propose_designations(membership):
        raise Http404
    return membership


@login_required
def upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    membership = _membership(request)
    form = DesignationUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        # Imported by a worker: the import's page shows its progress, then the same report as the command.
        job = import_job_submit(
            kind=ImportKind.DESIGNATIONS,
            organisation=membership.organisation,
            upload=form.cleaned_data["file"],
            by=request.user,
        )
        return redirect("imports:detail", pk=job.pk)
    return render(request, "designations/upload.html", {"form": form})


@login_required
def create(request: AuthenticatedHttpRequest) -> HttpResponse:
    membership = _membership(request)
    form = DesignationForm(request.POST or None)
    submission = None
    if request.method == "POST" and form.is_valid():
        try:
            submission = services.designation_submit(
                row=form.cleaned_data["row"], agency=membership.organisation, by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            person = submission.person
            audit_submission(request, submission)
            _tell(request, submission)
            if can_view_person(membership, person):
                try:
                    return redirect(reverse("people:detail", kwargs={"pk": person.pk}))
                except NoReverseMatch:
                    pass
            form = DesignationForm()
    context = {
        "form": form,
        "submission": submission,
        "min_age": settings.TANDEM_DESIGNATION_MIN_AGE,
        "max_age": settings.TANDEM_DESIGNATION_MAX_AGE,
        "max_age_rqth": settings.TANDEM_DESIGNATION_MAX_AGE_RQTH,
    }
    return render(request, "designations/create.html", context)


def _tell(request: HttpRequest, submission: services.SubmissionResult) -> None:
    designation = submission.designation
    if designation.outcome == DesignationOutcome.PROPOSED:
        messages.success(request, designation.message)
    elif designation.outcome == DesignationOutcome.NOT_ELIGIBLE:
        messages.warning(request, designation.message)
    else:
        messages.info(request, designation.message)
    if submission.refused_changes:
        messages.warning(
            request,
            _(
                "Les modifications d'identité n'ont pas été appliquées : seule l'organisation référente modifie "
                "l'identité du dossier."
            ),
        )
    if submission.likely_duplicate_of is not None:
        messages.warning(
            request,
            _(
                "Attention : un dossier semblable existe déjà (même nom, date de naissance et commune, autre "
                "identifiant France Travail). Le nouveau dossier est signalé pour vérification, rien n'est fusionné."
            ),
        )
