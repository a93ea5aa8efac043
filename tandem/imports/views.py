"""Where a background import stands: its page (progress, then the report) and the fragment it polls (htmx)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tandem.imports import selectors
from tandem.imports.enums import ImportKind
from tandem.imports.models import ImportJob

REPORT_TEMPLATES = {ImportKind.DESIGNATIONS: "designations/_report.html", ImportKind.OFFERS: "offers/_report.html"}


def _report_of(job: ImportJob):
    if job.report is None:
        return None
    if job.kind == ImportKind.DESIGNATIONS:
        from tandem.designations.reports import ImportReport

        return ImportReport.from_json(job.report)
    from tandem.offers.importers.report import OfferImportReport

    return OfferImportReport.from_json(job.report)


def _context(request: HttpRequest, pk: int) -> dict:
    membership = request.acting_membership
    job = selectors.import_job_get_for(organisation_id=membership.organisation_id if membership else None, pk=pk)
    return {"job": job, "report": _report_of(job), "report_template": REPORT_TEMPLATES[job.kind]}


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "imports/job.html", _context(request, pk))


@login_required
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "imports/_status.html", _context(request, pk))
