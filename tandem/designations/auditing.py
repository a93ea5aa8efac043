"""Audit entries for designations: the records an import or a submission wrote (see tandem.audit)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils import timezone

from tandem.accounts.models import ApiToken
from tandem.audit.models import AuditAction, AuditEntry
from tandem.audit.services import DETAIL_LENGTH, PATH_LENGTH, audit_record
from tandem.designations.enums import DesignationOutcome, RecordOutcome
from tandem.designations.reports import ImportReport
from tandem.designations.services import SubmissionResult
from tandem.designations.tables import TableRows


def _written(report: ImportReport) -> list[tuple[str, int, str]]:
    """(action, person, detail) for each record an import wrote: created, updated, or proposed."""
    entries: list[tuple[str, int, str]] = []
    for row in report.results:
        unchanged = row.record in (RecordOutcome.UNCHANGED, RecordOutcome.NOT_LEAD)
        if unchanged and row.designation != DesignationOutcome.PROPOSED:
            continue
        action = AuditAction.CREATE if row.record == RecordOutcome.CREATED else AuditAction.UPDATE
        entries.append((action, row.person_id, f"designation import line {row.line}: {row.record}, {row.designation}"))
    return entries


def audit_import(report: ImportReport, *, record: Callable[..., object]) -> None:
    """One audit entry per record written (created, updated, or proposed to a Mission Locale).

    `record` writes one entry: audit_record bound to the request, or audit_record_by for a background import.
    """
    for action, person_id, detail in _written(report):
        record(action=action, person_id=person_id, object_type="person", object_id=person_id, detail=detail)


def audit_import_by(
    report: ImportReport, *, user_id: int | None, api_token: ApiToken | None, organisation_id: int | None, path: str
) -> int:
    """audit_import with audit_record_by's entries (a background import, in the name of who uploaded the list),
    written at once: a national list writes a million. Returns how many."""
    return audit_imports_by(
        [ImportAudit(report, user_id=user_id, api_token=api_token, organisation_id=organisation_id, path=path)]
    )


@dataclass(frozen=True)
class ImportAudit:
    """Whose name an import's entries are written in."""

    report: ImportReport
    user_id: int | None
    api_token: ApiToken | None
    organisation_id: int | None
    path: str


def audit_imports_by(imports: Sequence[ImportAudit]) -> int:
    """audit_import_by for several imports (a day's lists), their entries written together. Returns how many."""
    entries = TableRows(AuditEntry, at=timezone.now(), object_type="person")
    for item in imports:
        who = {
            "user_id": item.user_id,
            "api_token_id": item.api_token.pk if item.api_token is not None else None,
            "organisation_id": item.organisation_id,
            "path": item.path[:PATH_LENGTH],
        }
        for action, person_id, detail in _written(item.report):
            entries.add(action=action, person_id=person_id, object_id=person_id, detail=detail[:DETAIL_LENGTH], **who)
    return len(entries.write())


def audit_submission(request: HttpRequest, submission: SubmissionResult) -> None:
    person = submission.person
    audit_record(
        request=request,
        action=AuditAction.CREATE if submission.record == RecordOutcome.CREATED else AuditAction.UPDATE,
        person_id=person.pk,
        object_type="person",
        object_id=person.pk,
        detail=f"designation: {submission.record}, {submission.designation.outcome}",
    )
