"""Reading CSV files as partners export them, without letting one bad row stop the others."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def csv_cells(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str] | ValidationError]]:
    """(line number, cells) for each row of a csv.reader, or the row's error (a cell longer than the csv module
    accepts, a stray quote): the reader goes on with the next row. The number is where the row ends."""
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield (
                reader.line_num,
                ValidationError(
                    _("ligne illisible (%(reason)s) : une cellule est trop longue ou mal délimitée")
                    % {"reason": str(error)},
                    code="unreadable_row",
                ),
            )
            continue
        yield reader.line_num, cells
