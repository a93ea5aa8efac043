"""Imports that outlast a web request: the file is kept, a worker imports it (tandem.imports.tasks), the page and
the API follow its progress and show the same report as the management commands.

Who may import what is checked by the page or the API before submitting; the importers check it again.
"""

from __future__ import annotations

import logging
import uuid
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import ApiToken, User
from tandem.imports.enums import ImportStatus
from tandem.imports.models import ImportJob
from tandem.imports.progress import Progress
from tandem.imports.registry import importer_for
from tandem.organisations.models import Organisation

logger = logging.getLogger(__name__)


@transaction.atomic
def import_job_submit(
    *,
    kind: str,
    organisation: Organisation,
    upload: UploadedFile[bytes],
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
        report = importer_for(job.kind).run(job, Progress(job, size))
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
