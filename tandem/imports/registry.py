"""What each kind of import does, registered by the app that owns it (its `imports.py`, loaded when ready):
how to run a job, where its report is rendered, how the report reads back from the job's JSON.

    importer_register(
        ImportKind.OFFERS,
        Importer(run=_run, report_template="offers/_report.html", report_from_json=OfferImportReport.from_json),
    )
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tandem.imports.models import ImportJob
    from tandem.imports.progress import Progress


@dataclass(frozen=True)
class Importer:
    # Imports the job's file (job.file, job.options) for job.organisation and returns the report as JSON;
    # raises ValidationError when the file cannot be read at all.
    run: Callable[[ImportJob, Progress], dict[str, Any]]
    report_template: str
    report_from_json: Callable[[dict[str, Any]], Any]


_IMPORTERS: dict[str, Importer] = {}


def importer_register(kind: str, importer: Importer) -> None:
    _IMPORTERS[kind] = importer


def importer_for(kind: str) -> Importer:
    return _IMPORTERS[kind]
