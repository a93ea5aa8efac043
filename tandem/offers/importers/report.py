"""What an import of offers did: counts, each broken offer with its position, identifier and reason, and the
warnings on offers imported with something left out."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from tandem.core.reports import report_from_json

# A file full of broken offers still gives a report of bounded size: the count stays exact.
MAX_REPORTED_ERRORS = 1000


@dataclass
class OfferError:
    index: int  # position in the file: the offer's rank (1 = first) in JSON, the line number in CSV
    external_id: str
    reason: str


@dataclass
class OfferImportReport:
    format: str
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    error_count: int = 0
    errors: list[OfferError] = field(default_factory=list)
    # Offers imported with something left out (a place that is not exactly one commune).
    warning_count: int = 0
    warnings: list[OfferError] = field(default_factory=list)
    # The file itself is unreadable from some point on (broken JSON): offers before it are imported.
    file_error: str = ""

    def add_error(self, index: int, external_id: str, reason: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(OfferError(index, external_id, reason))

    def add_warning(self, index: int, external_id: str, reason: str) -> None:
        self.warning_count += 1
        if len(self.warnings) < MAX_REPORTED_ERRORS:
            self.warnings.append(OfferError(index, external_id, reason))

    @property
    def warnings_truncated(self) -> bool:
        return self.warning_count > len(self.warnings)

    @property
    def errors_truncated(self) -> bool:
        return self.error_count > len(self.errors)

    def counts(self) -> dict[str, int]:
        return {
            "read": self.read,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": self.error_count,
        }

    def as_json(self) -> dict[str, Any]:
        return {"counts": self.counts(), **dataclasses.asdict(self)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OfferImportReport:
        return report_from_json(cls, data)
