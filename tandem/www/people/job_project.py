"""The job project of a young person (jobs sought, wishes, mobility, qualification, experiences, trainings,
languages): shown on the person's page, changed on its own page by whoever may change the record (its lead
organisation, as the record's edit page), through people.services.job_profile_save."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from tandem.accounts.http import AuthenticatedHttpRequest
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.people import job_rows, selectors, services
from tandem.people.forms import (
    ExperienceFormSet,
    JobProjectForm,
    JobSoughtFormSet,
    LanguageFormSet,
    TrainingFormSet,
    formset_rows,
)
from tandem.people.models import JobProfile
from tandem.referentials.models import RomeCode
from tandem.www.people.views import _person_for, _render_form

WHAT = "job_profile"
MAIN_FIELDS = list(JobProjectForm.base_fields)


def _initial(profile: JobProfile | None) -> dict[str, Any]:
    if profile is None:
        return {"main": {}, "jobs": [], "experiences": [], "trainings": [], "languages": []}
    return {
        "main": {name: getattr(profile, name) for name in MAIN_FIELDS},
        "jobs": [{"job": rome} for rome in profile.sought_romes.all()]
        + [{"job": appellation} for appellation in profile.sought_appellations.all()],
        "experiences": job_rows.experiences_read(profile.experiences),
        "trainings": job_rows.trainings_read(profile.trainings),
        "languages": job_rows.languages_read(profile.languages),
    }


@login_required
def job_project(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership, person, _access = _person_for(request, pk, what=WHAT, full=True)
    initial = _initial(selectors.person_job_profile(person=person))
    data = request.POST if request.method == "POST" else None
    form = JobProjectForm(data, initial=initial["main"])
    jobs = JobSoughtFormSet(data, prefix="jobs", initial=initial["jobs"])
    experiences = ExperienceFormSet(data, prefix="experiences", initial=initial["experiences"])
    trainings = TrainingFormSet(data, prefix="trainings", initial=initial["trainings"])
    languages = LanguageFormSet(data, prefix="languages", initial=initial["languages"])
    # Every part checked (not all() stopping at the first), so that every error shows at once.
    valid = [form.is_valid(), *(formset.is_valid() for formset in (jobs, experiences, trainings, languages))]
    if data is not None and all(valid):
        sought = [row["job"] for row in formset_rows(jobs, "job") if row["job"] is not None]
        try:
            services.job_profile_save(
                person=person,
                by=request.user,
                organisation=membership.organisation,
                rome_codes=[job.code for job in sought if isinstance(job, RomeCode)],
                appellation_codes=[job.code_ogr for job in sought if not isinstance(job, RomeCode)],
                experiences=formset_rows(experiences, "title", "sector", "duration_months", "year"),
                trainings=formset_rows(trainings, "title", "year", "level"),
                languages=formset_rows(languages, "language", "level"),
                **{name: form.cleaned_data[name] for name in MAIN_FIELDS},
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            audit_record(
                request=request, action=AuditAction.UPDATE, person_id=person.pk, object_type=WHAT, object_id=person.pk
            )
            messages.success(request, _("Projet professionnel enregistré."))
            if "add_rows" in request.POST:
                return redirect("people:job_project", pk=person.pk)
            return redirect("people:detail", pk=person.pk)
    context = {
        "person": person,
        "form": form,
        "jobs": jobs,
        "experiences": experiences,
        "trainings": trainings,
        "languages": languages,
        "has_errors": data is not None,
    }
    return _render_form(request, "people/job_project.html", context, person=person, what=WHAT)
