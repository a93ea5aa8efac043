"""Files of offers uploaded through a page or the API, imported in the background (tandem.imports)."""

from __future__ import annotations

from typing import Any

from tandem.imports.enums import ImportKind
from tandem.imports.models import ImportJob
from tandem.imports.progress import Progress
from tandem.imports.registry import Importer, importer_register
from tandem.offers.importers.report import OfferImportReport
from tandem.offers.services import offers_import


def _run(job: ImportJob, progress: Progress) -> dict[str, Any]:
    with job.file.open("rb") as stream:
        report = offers_import(
            file=stream,
            format=job.options["format"],
            organisation=job.organisation,
            by=job.created_by,
            progress=progress.advance,
        )
    return report.as_json()


importer_register(
    ImportKind.OFFERS,
    Importer(run=_run, report_template="offers/_report.html", report_from_json=OfferImportReport.from_json),
)
