"""The report of an import: counts, and every row's outcome with its line. as_json() is what the API returns."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tandem.core.fields import model_field
from tandem.core.reports import report_from_json
from tandem.designations.enums import DesignationOutcome, Ineligibility, RecordOutcome
from tandem.people.models import Person

if TYPE_CHECKING:
    from tandem.designations.services import SubmissionResult


@dataclass
class LineReason:
    line: int
    reason: str


@dataclass
class NotEligibleLine:
    line: int
    code: str
    reason: str


@dataclass
class LikelyDuplicate:
    line: int
    person_id: int
    name: str
    duplicate_of_id: int


@dataclass
class RowResult:
    line: int
    person_id: int
    record: str
    designation: str
    mission_locale: str
    referral_id: int | None


@dataclass
class ImportReport:
    """What an import did, row by row and in total. as_json() is what the API returns."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    proposed: dict[str, int] = field(default_factory=dict)
    already_proposed: int = 0
    already_followed: int = 0
    not_eligible: list[NotEligibleLine] = field(default_factory=list)
    likely_duplicates: list[LikelyDuplicate] = field(default_factory=list)
    # Identifiers of records the agency may not see: nothing written, nothing else told.
    followed_by_partner: list[int] = field(default_factory=list)
    # Identity changes not applied: only the record's lead organisation changes its identity.
    changes_refused: list[LineReason] = field(default_factory=list)
    errors: list[LineReason] = field(default_factory=list)
    results: list[RowResult] = field(default_factory=list)

    @property
    def proposed_total(self) -> int:
        return sum(self.proposed.values())

    @property
    def not_eligible_by_reason(self) -> dict[str, int]:
        """How many rows per kind of reason (too young, too old…); each row's own reason is in not_eligible."""
        counts: dict[str, int] = {}
        for item in self.not_eligible:
            label = str(Ineligibility(item.code).label)
            counts[label] = counts.get(label, 0) + 1
        return counts

    def counts(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "proposed": self.proposed_total,
            "proposed_by_mission_locale": dict(self.proposed),
            "already_proposed": self.already_proposed,
            "already_followed": self.already_followed,
            "not_eligible": len(self.not_eligible),
            "not_eligible_by_reason": self.not_eligible_by_reason,
            "likely_duplicates": len(self.likely_duplicates),
            "followed_by_partner": len(self.followed_by_partner),
            "changes_refused": len(self.changes_refused),
            "errors": len(self.errors),
        }

    def as_json(self) -> dict[str, Any]:
        return {"counts": self.counts(), **dataclasses.asdict(self)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ImportReport:
        return report_from_json(cls, data)

    def add(self, line: int, result: SubmissionResult) -> None:
        designation = result.designation
        duplicate_of = result.likely_duplicate_of
        self.add_row(
            line,
            person_id=result.person.pk,
            person_name=str(result.person),
            record=result.record,
            designation=designation.outcome,
            eligibility_code=designation.eligibility.code,
            eligibility_reason=designation.eligibility.reason,
            mission_locale=designation.mission_locale.name if designation.mission_locale else "",
            referral_id=designation.referral.pk if designation.referral else None,
            duplicate_of_id=duplicate_of.pk if duplicate_of is not None else None,
            refused_changes=result.refused_changes,
            refused_jobs=result.refused_jobs,
        )

    def add_row(
        self,
        line: int,
        *,
        person_id: int,
        person_name: str,
        record: str,
        designation: str,
        eligibility_code: str,
        eligibility_reason: str,
        mission_locale: str,
        referral_id: int | None,
        duplicate_of_id: int | None = None,
        refused_changes: tuple[str, ...] = (),
        refused_jobs: tuple[str, ...] = (),
    ) -> None:
        """One row's outcome, told by its values (a bulk import has no SubmissionResult to hand)."""
        self.rows += 1
        if record == RecordOutcome.CREATED:
            self.created += 1
        elif record == RecordOutcome.UPDATED:
            self.updated += 1
        else:
            self.unchanged += 1
        if refused_changes:
            fields = ", ".join(str(model_field(Person, name).verbose_name) for name in refused_changes)
            self.changes_refused.append(
                LineReason(
                    line,
                    _("non modifié (%(fields)s) : seule l'organisation référente modifie l'identité du dossier")
                    % {"fields": fields},
                )
            )
        if refused_jobs:
            self.changes_refused.append(
                LineReason(
                    line,
                    _(
                        "métiers recherchés non ajoutés (%(codes)s) : seule l'organisation référente modifie le "
                        "projet professionnel"
                    )
                    % {"codes": ", ".join(refused_jobs)},
                )
            )
        if designation == DesignationOutcome.PROPOSED:
            self.proposed[mission_locale] = self.proposed.get(mission_locale, 0) + 1
        elif designation == DesignationOutcome.ALREADY_PROPOSED:
            self.already_proposed += 1
        elif designation == DesignationOutcome.ALREADY_FOLLOWED:
            self.already_followed += 1
        else:
            self.not_eligible.append(NotEligibleLine(line, eligibility_code, eligibility_reason))
        if duplicate_of_id is not None:
            self.likely_duplicates.append(LikelyDuplicate(line, person_id, person_name, duplicate_of_id))
        self.results.append(
            RowResult(
                line=line,
                person_id=person_id,
                record=record,
                designation=designation,
                mission_locale=mission_locale,
                referral_id=referral_id,
            )
        )

    def add_followed_by_partner(self, line: int) -> None:
        self.rows += 1
        self.followed_by_partner.append(line)

    def add_error(self, line: int, error: ValidationError) -> None:
        self.rows += 1
        self.errors.append(LineReason(line, " ; ".join(error.messages)))
