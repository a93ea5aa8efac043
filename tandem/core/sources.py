"""Reading referential files with the file and line of every record, so a bad row names itself.

Shared by the territory and job referential imports. CSV rows and JSON list entries both come out as
`SourceRecord`s whose accessors validate a field or raise `ReferentialFileError(path, line, message)`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

_WHITESPACE = re.compile(r"[ \t\n\r]*")


class ReferentialFileError(Exception):
    """A referential file cannot be read, or one of its records is malformed."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else str(self.path)
        return f"{where}: {self.message}"


class ReferentialSourceMissing(Exception):
    """A source that the import cannot do without is absent (e.g. the npm package was not installed)."""


@dataclass
class ImportReport:
    """What an import run loaded: versions of the sources used and the warnings met on the way."""

    versions: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def warn_missing(self, path: Path) -> None:
        self.warn(_("fichier absent, ignoré : %(path)s") % {"path": path})


@dataclass(frozen=True)
class SourceRecord:
    """One CSV row or one JSON list entry, with where it comes from."""

    path: Path
    line: int
    data: Mapping[str, Any]

    def error(self, message: str) -> ReferentialFileError:
        return ReferentialFileError(self.path, self.line, message)

    def raw(self, key: str) -> Any:
        return self.data.get(key)

    def text(self, key: str, *, pattern: re.Pattern[str] | None = None, required: bool = True) -> str:
        value = self.data.get(key)
        if value is None or value == "":
            if required:
                raise self.error(_("champ « %(key)s » manquant") % {"key": key})
            return ""
        if not isinstance(value, str):
            raise self.error(_("champ « %(key)s » : texte attendu, %(value)r trouvé") % {"key": key, "value": value})
        value = value.strip()
        if pattern is not None and not pattern.fullmatch(value):
            raise self.error(_("champ « %(key)s » : valeur invalide %(value)r") % {"key": key, "value": value})
        return value

    def text_list(self, key: str, *, pattern: re.Pattern[str]) -> list[str]:
        values = self.data.get(key) or []
        if not isinstance(values, list):
            raise self.error(_("champ « %(key)s » : liste attendue") % {"key": key})
        for value in values:
            if not isinstance(value, str) or not pattern.fullmatch(value):
                raise self.error(_("champ « %(key)s » : valeur invalide %(value)r") % {"key": key, "value": value})
        return values

    def integer(self, key: str, *, minimum: int = 0) -> int:
        number = self.optional_integer(key, minimum=minimum)
        if number is None:
            raise self.error(_("champ « %(key)s » manquant") % {"key": key})
        return number

    def optional_integer(self, key: str, *, minimum: int = 0) -> int | None:
        value = self.data.get(key)
        if value is None or value == "":
            return None
        try:
            if isinstance(value, bool) or not isinstance(value, int | str):
                raise ValueError
            number = int(value)
        except ValueError:
            raise self.error(
                _("champ « %(key)s » : nombre entier attendu, %(value)r trouvé") % {"key": key, "value": value}
            ) from None
        if number < minimum:
            raise self.error(
                _("champ « %(key)s » : %(number)s est inférieur à %(minimum)s")
                % {"key": key, "number": number, "minimum": minimum}
            )
        return number

    def decimal(self, key: str, *, minimum: float, maximum: float) -> float:
        number = self.optional_decimal(key, minimum=minimum, maximum=maximum)
        if number is None:
            raise self.error(_("champ « %(key)s » manquant") % {"key": key})
        return number

    def optional_decimal(self, key: str, *, minimum: float, maximum: float) -> float | None:
        value = self.data.get(key)
        if value is None or value == "":
            return None
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise self.error(
                _("champ « %(key)s » : nombre attendu, %(value)r trouvé") % {"key": key, "value": value}
            ) from None
        if not minimum <= number <= maximum:  # also refuses nan
            raise self.error(
                _("champ « %(key)s » : %(number)s hors de [%(minimum)s, %(maximum)s]")
                % {"key": key, "number": number, "minimum": minimum, "maximum": maximum}
            )
        return number

    def child(self, key: str) -> SourceRecord:
        value = self.data.get(key)
        if not isinstance(value, Mapping):
            raise self.error(_("champ « %(key)s » : objet attendu") % {"key": key})
        return SourceRecord(path=self.path, line=self.line, data=value)


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        line = error.object[: error.start].count(b"\n") + 1
        raise ReferentialFileError(path, line, _("encodage invalide (UTF-8 attendu)")) from error


def read_csv(path: Path, *, columns: Sequence[str], delimiter: str = ",") -> Iterator[SourceRecord]:
    """Yield the rows of a CSV file with a header line; every row must have as many cells as the header."""
    text = read_text(path)
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=delimiter,
        # The pipe-separated files never quote their cells, and their labels contain quotes.
        quoting=csv.QUOTE_NONE if delimiter == "|" else csv.QUOTE_MINIMAL,
        strict=True,
    )
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise ReferentialFileError(path, 1, _("fichier vide")) from None
    except csv.Error as error:
        raise ReferentialFileError(path, 1, str(error)) from None
    missing = [name for name in columns if name not in header]
    if missing:
        raise ReferentialFileError(
            path, 1, _("colonnes manquantes dans l'en-tête : %(columns)s") % {"columns": ", ".join(missing)}
        )
    line = reader.line_num
    while True:
        start = line + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ReferentialFileError(path, start, str(error)) from None
        line = reader.line_num
        if not cells or cells == [""]:
            continue
        if len(cells) != len(header):
            raise ReferentialFileError(
                path,
                start,
                _("%(expected)s colonnes attendues, %(found)s trouvées")
                % {"expected": len(header), "found": len(cells)},
            )
        yield SourceRecord(path=path, line=start, data=dict(zip(header, cells, strict=True)))


def read_json_list(path: Path) -> Iterator[SourceRecord]:
    """Yield the objects of a JSON list, each with the line where it starts."""
    text = read_text(path)
    decoder = json.JSONDecoder()

    def fail(position: int, message: str) -> ReferentialFileError:
        return ReferentialFileError(path, text.count("\n", 0, position) + 1, message)

    position = _skip_whitespace(text, 0)
    if text[position : position + 1] != "[":
        raise fail(position, _("liste JSON attendue"))
    position = _skip_whitespace(text, position + 1)
    line, counted_up_to = 1, 0
    closed = text[position : position + 1] == "]"
    if closed:
        position = _skip_whitespace(text, position + 1)
    while not closed:
        try:
            item, end = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            message = _("JSON invalide : %(error)s") % {"error": error.msg}
            raise ReferentialFileError(path, error.lineno, message) from None
        line += text.count("\n", counted_up_to, position)
        counted_up_to = position
        if not isinstance(item, dict):
            raise ReferentialFileError(path, line, _("objet JSON attendu"))
        yield SourceRecord(path=path, line=line, data=item)
        separator_at = _skip_whitespace(text, end)
        separator = text[separator_at : separator_at + 1]
        if separator not in (",", "]"):
            raise fail(separator_at, _("JSON invalide : « , » ou « ] » attendu"))
        closed = separator == "]"
        position = _skip_whitespace(text, separator_at + 1)
    if position != len(text):
        raise fail(position, _("JSON invalide : données après la fin de la liste"))


def _skip_whitespace(text: str, position: int) -> int:
    match = _WHITESPACE.match(text, position)
    return match.end() if match else position
