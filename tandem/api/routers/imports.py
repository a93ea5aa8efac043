# No postponed annotations here: django-ninja reads the types at run time.

import datetime
from typing import Any

from django.http import Http404
from ninja import Router, Schema
from ninja.errors import HttpError

from tandem.api.auth import ApiHttpRequest, membership_of
from tandem.api.schemas import RecordId, one_of
from tandem.imports.enums import ImportKind, ImportStatus
from tandem.imports.models import ImportJob
from tandem.imports.selectors import import_job_get_for

router = Router(tags=["imports"])


class ImportJobOut(Schema):
    """A file imported in the background: follow `status` until `done` (then `report` is the import's report,
    the same as the command's) or `failed` (then `error` says why)."""

    id: int
    kind: one_of(ImportKind)
    status: one_of(ImportStatus)
    file_name: str
    progress_done: int
    progress_total: int | None
    percent: int | None
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    error: str
    report: dict[str, Any] | None
    url: str

    @staticmethod
    def resolve_url(obj: ImportJob) -> str:
        return f"/api/v1/imports/{obj.pk}"


@router.get("/{pk}", response=ImportJobOut, summary="Where a background import stands, then its report")
def import_job(request: ApiHttpRequest, pk: RecordId):
    membership = membership_of(request)
    try:
        return import_job_get_for(organisation_id=membership.organisation_id if membership else None, pk=pk)
    except Http404 as error:
        raise HttpError(404, "Not found") from error
