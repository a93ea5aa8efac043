"""Where a background import stands: its page (progress, then the report) and the fragment it polls (htmx)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from tandem.accounts.http import AuthenticatedHttpRequest
from tandem.imports import selectors
from tandem.imports.registry import importer_for


def _context(request: AuthenticatedHttpRequest, pk: int) -> dict:
    membership = request.acting_membership
    job = selectors.import_job_get_for(organisation_id=membership.organisation_id if membership else None, pk=pk)
    importer = importer_for(job.kind)
    report = importer.report_from_json(job.report) if job.report is not None else None
    return {"job": job, "report": report, "report_template": importer.report_template}


@login_required
def job_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return render(request, "imports/job.html", _context(request, pk))


@login_required
def job_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return render(request, "imports/_status.html", _context(request, pk))
