"""Reading CSV files as partners export them, without letting one bad row stop the others."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from typing import Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tandem.core.text import strip_accents


class CsvReader(Protocol):
    """What csv.reader returns: the rows, and the line where the last one read ends."""

    @property
    def line_num(self) -> int: ...

    def __next__(self) -> list[str]: ...


def csv_cells(reader: CsvReader) -> Iterator[tuple[int, list[str] | ValidationError]]:
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


_TRUE = {"oui", "o", "1", "true", "vrai", "yes", "y", "x"}
_FALSE = {"non", "n", "0", "false", "faux", "no"}


def text_decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252: the two encodings spreadsheets export."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ValidationError(_("encodage non reconnu : enregistrez le fichier en UTF-8 ou en Windows-1252")) from error


def delimiter_sniff(header_line: str) -> str:
    """';' (French spreadsheets) or ',': whichever separates the header's columns."""
    return ";" if header_line.count(";") >= header_line.count(",") and ";" in header_line else ","


def column_name(header: str) -> str:
    """'Date naissance ', 'DATE_NAISSANCE' and 'date-naissance' all read as 'date_naissance'."""
    text = strip_accents(header).strip().lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def bool_parse(value: str, *, label: str) -> bool | None:
    """A yes/no cell as spreadsheets write it (oui, non, x, 1, true…); None when empty."""
    text = value.strip().lower()
    if not text:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValidationError(_("%(label)s invalide « %(value)s » (attendu oui ou non)") % {"label": label, "value": text})
