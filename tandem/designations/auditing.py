"""Audit entries for designations: the records an import or a submission wrote (see tandem.audit)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest

from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.designations.enums import DesignationOutcome, RecordOutcome
from tandem.designations.reports import ImportReport
from tandem.designations.services import SubmissionResult


def audit_import(report: ImportReport, *, record: Callable[..., object]) -> None:
    """One audit entry per record written (created, updated, or proposed to a Mission Locale).

    `record` writes one entry: audit_record bound to the request, or audit_record_by for a background import.
    """
    for row in report.results:
        unchanged = row.record in (RecordOutcome.UNCHANGED, RecordOutcome.NOT_LEAD)
        if unchanged and row.designation != DesignationOutcome.PROPOSED:
            continue
        action = AuditAction.CREATE if row.record == RecordOutcome.CREATED else AuditAction.UPDATE
        record(
            action=action,
            person_id=row.person_id,
            object_type="person",
            object_id=row.person_id,
            detail=f"designation import line {row.line}: {row.record}, {row.designation}",
        )


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
