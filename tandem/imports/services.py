"""Imports that outlast a web request: the file is kept, a worker imports it (tandem.imports.tasks), the page and
the API follow its progress and show the same report as the management commands.

Who may import what is checked by the page or the API before submitting; the importers check it again.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import ApiToken, User
from tandem.audit.services import audit_record_by
from tandem.imports.enums import ImportKind, ImportStatus
from tandem.imports.models import ImportJob
from tandem.organisations.models import Organisation

logger = logging.getLogger(__name__)

# How often a running import writes where it stands (seconds): often enough for a progress bar, rarely enough
# to cost nothing next to the import itself.
PROGRESS_EVERY_SECONDS = 1.0


@transaction.atomic
def import_job_submit(
    *,
    kind: str,
    organisation: Organisation,
    upload: UploadedFile,
    by: User | None,
    token: ApiToken | None = None,
    options: dict[str, Any] | None = None,
) -> ImportJob:
    """Keep the uploaded file and queue its import; the worker starts once this transaction commits."""
    from tandem.imports.tasks import import_job_run

    job = ImportJob(
        kind=kind,
        organisation=organisation,
        created_by=by,
        api_token=token,
        file_name=(upload.name or "")[:255],
        options=options or {},
    )
    job.full_clean(exclude=["file"])
    # A name of our own on disk: the uploaded name is only shown.
    job.file.save(f"{uuid.uuid4().hex}.upload", upload, save=False)
    job.save()
    transaction.on_commit(partial(import_job_run.enqueue, job_id=job.pk))
    return job


class _Progress:
    """Writes the job's progress to the database at most once per PROGRESS_EVERY_SECONDS."""

    def __init__(self, job: ImportJob, total: int | None) -> None:
        self.job_id = job.pk
        self.done = 0
        self.last_write = 0.0
        ImportJob.objects.filter(pk=job.pk).update(progress_total=total, progress_done=0)

    def advance(self, amount: int = 1) -> None:
        self.done += amount
        now = time.monotonic()
        if now - self.last_write >= PROGRESS_EVERY_SECONDS:
            self.last_write = now
            ImportJob.objects.filter(pk=self.job_id).update(progress_done=self.done)

    def rows(self, rows: Iterable) -> Iterator:
        rows = list(rows)
        ImportJob.objects.filter(pk=self.job_id).update(progress_total=len(rows))
        for row in rows:
            yield row
            self.advance()


def _run_designations(job: ImportJob, progress: _Progress) -> dict[str, Any]:
    from tandem.designations.auditing import audit_import
    from tandem.designations.services import designation_import

    with job.file.open("rb") as stream:
        report = designation_import(
            rows_or_file=stream, agency=job.organisation, by=job.created_by, progress=progress.rows
        )
    audit_import(
        report,
        record=partial(
            audit_record_by,
            user_id=job.created_by_id,
            api_token=job.api_token,
            organisation_id=job.organisation_id,
            path=f"import {job.pk}",
        ),
    )
    return report.as_json()


def _run_offers(job: ImportJob, progress: _Progress) -> dict[str, Any]:
    from tandem.offers.services import offers_import

    with job.file.open("rb") as stream:
        report = offers_import(
            file=stream,
            format=job.options["format"],
            organisation=job.organisation,
            by=job.created_by,
            progress=progress.advance,
        )
    return report.as_json()


RUNNERS: dict[str, Callable[[ImportJob, _Progress], dict[str, Any]]] = {
    ImportKind.DESIGNATIONS: _run_designations,
    ImportKind.OFFERS: _run_offers,
}


def _fail(job_id: int, detail: str) -> None:
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportStatus.FAILED,
        error=_("L'import n'a pas pu aboutir : %(detail)s") % {"detail": detail},
        finished_at=timezone.now(),
    )


def import_job_execute(*, job_id: int) -> ImportJob | None:
    """Run a queued import once (a second worker picking the same job does nothing), then forget the file."""
    started = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=timezone.now()
    )
    if not started:
        return None
    job = ImportJob.objects.select_related("organisation", "created_by", "api_token").get(pk=job_id)
    size = job.file.size if job.file else None
    try:
        report = RUNNERS[job.kind](job, _Progress(job, size))
    except ValidationError as error:  # the file itself cannot be read: the person who sent it is told why
        _fail(job_id, "; ".join(error.messages))
    except Exception:  # the job must end, whatever happened; the traceback goes to the logs
        logger.exception("Import %s failed", job_id)
        _fail(job_id, _("erreur inattendue, l'équipe technique est prévenue"))
    else:
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportStatus.DONE, report=report, progress_done=size or 0, finished_at=timezone.now()
        )
    finally:
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job_id).update(file="")
    job.refresh_from_db()
    return job
