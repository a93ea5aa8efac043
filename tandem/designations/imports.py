"""France Travail lists uploaded through a page or the API, imported in the background (tandem.imports)."""

from __future__ import annotations

from typing import Any

from tandem.designations.auditing import audit_import_by
from tandem.designations.reports import ImportReport
from tandem.designations.services import designation_import
from tandem.imports.enums import ImportKind
from tandem.imports.models import ImportJob
from tandem.imports.progress import Progress
from tandem.imports.registry import Importer, importer_register


def _run(job: ImportJob, progress: Progress) -> dict[str, Any]:
    with job.file.open("rb") as stream:
        report = designation_import(
            rows_or_file=stream, agency=job.organisation, by=job.created_by, progress=progress.rows
        )
    # Audited in the name of who uploaded the list.
    audit_import_by(
        report,
        user_id=job.created_by_id,
        api_token=job.api_token,
        organisation_id=job.organisation_id,
        path=f"import {job.pk}",
    )
    return report.as_json()


importer_register(
    ImportKind.DESIGNATIONS,
    Importer(run=_run, report_template="designations/_report.html", report_from_json=ImportReport.from_json),
)
