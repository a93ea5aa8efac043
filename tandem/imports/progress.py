"""A running import tells where it stands: the job's row is updated at most once per PROGRESS_EVERY_SECONDS."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator

from tandem.imports.models import ImportJob

# Often enough for a progress bar, rarely enough to cost nothing next to the import itself.
PROGRESS_EVERY_SECONDS = 1.0


class Progress:
    def __init__(self, job: ImportJob, total: int | None) -> None:
        self.job_id = job.pk
        self.done = 0
        self.last_write = 0.0
        ImportJob.objects.filter(pk=job.pk).update(progress_total=total, progress_done=0)

    def advance(self, amount: int = 1) -> None:
        """`amount` more done (bytes read, rows imported…)."""
        self.done += amount
        now = time.monotonic()
        if now - self.last_write >= PROGRESS_EVERY_SECONDS:
            self.last_write = now
            ImportJob.objects.filter(pk=self.job_id).update(progress_done=self.done)

    def rows(self, rows: Iterable) -> Iterator:
        """The rows, counted as they are taken: the total becomes the number of rows."""
        rows = list(rows)
        ImportJob.objects.filter(pk=self.job_id).update(progress_total=len(rows))
        for row in rows:
            yield row
            self.advance()
