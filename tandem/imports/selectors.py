"""Reads of import jobs: a job is seen by its organisation only."""

from __future__ import annotations

from django.http import Http404

from tandem.imports.models import ImportJob


def import_job_get_for(*, organisation_id: int | None, pk: int) -> ImportJob:
    job = ImportJob.objects.select_related("organisation", "created_by").filter(pk=pk).first()
    if job is None or organisation_id is None or job.organisation_id != organisation_id:
        raise Http404
    return job
