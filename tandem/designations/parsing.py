"""Reading a France Travail list of registrants: the CSV file, its columns and each row's values.

Everything here validates and converts; nothing writes. A problem with a row raises a ValidationError
whose messages say what is wrong, so the importer can report the row with its line and go on.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.core.csvfiles import bool_parse, csv_cells, delimiter_sniff, text_decode
from tandem.core.csvfiles import column_name as plain_column_name
from tandem.core.dates import day_parse
from tandem.core.fields import max_lengths
from tandem.people.enums import FtCategory
from tandem.people.job_rows import MAX_JOBS
from tandem.people.models import Person
from tandem.referentials.models import RomeAppellation, RomeCode
from tandem.referentials.selectors import OGR_CODE, ROME_CODE
from tandem.territories import selectors as territories
from tandem.territories.models import Commune

MAX_FILE_BYTES = 5_000_000
REQUIRED_COLUMNS = ("identifiant_ft", "nom", "prenom", "date_naissance", "date_inscription")
COMMUNE_COLUMNS = ("code_commune", "code_postal")
OPTIONAL_COLUMNS = ("commune", "rqth", "email", "telephone", "categorie", "rome", "appellation")
# Several jobs sought in one cell: "G1602|G1603" (the file's own delimiter, ";" or ",", never separates them).
JOB_CODES_SEPARATOR = "|"
EXTRA_CELLS = "__extra__"
UNREADABLE = "__unreadable__"

_MAX_LENGTH = max_lengths(Person)
_FT_IDENTIFIER_LENGTH = _MAX_LENGTH["ft_identifier"]


@dataclass(frozen=True)
class DesignationRow:
    """One registrant as France Travail describes them. None (or empty) means "not given": kept as is."""

    ft_identifier: str
    last_name: str
    first_name: str
    birth_date: datetime.date
    commune: Commune | None
    ft_registered_on: datetime.date | None = None
    has_rqth: bool | None = None
    email: str = ""
    phone: str = ""
    ft_category: str = ""
    # Jobs sought (ROME codes, OGR codes of appellations): they start or complete the job project.
    rome_codes: tuple[str, ...] = ()
    appellation_codes: tuple[str, ...] = ()

    def fields_for_new_record(self) -> dict[str, Any]:
        return {
            "ft_identifier": self.ft_identifier,
            "last_name": self.last_name,
            "first_name": self.first_name,
            "birth_date": self.birth_date,
            "commune": self.commune,
            "ft_registered_on": self.ft_registered_on,
            "has_rqth": bool(self.has_rqth),
            "email": self.email,
            "phone": self.phone,
            "ft_category": self.ft_category,
        }

    def changes_for(self, person: Person) -> dict[str, Any]:
        """The given values that differ from the record. A name only re-cased ('DUPONT') is no change."""
        changes: dict[str, Any] = {}
        for name in ("last_name", "first_name"):
            if getattr(self, name).casefold() != getattr(person, name).casefold():
                changes[name] = getattr(self, name)
        if self.ft_identifier != person.ft_identifier:
            changes["ft_identifier"] = self.ft_identifier
        if self.birth_date != person.birth_date:
            changes["birth_date"] = self.birth_date
        if self.commune is not None and self.commune.pk != person.commune_id:
            changes["commune"] = self.commune
        if self.ft_registered_on is not None and self.ft_registered_on != person.ft_registered_on:
            changes["ft_registered_on"] = self.ft_registered_on
        if self.has_rqth is not None and self.has_rqth != person.has_rqth:
            changes["has_rqth"] = self.has_rqth
        for name in ("email", "phone", "ft_category"):
            value = getattr(self, name)
            if value and value != getattr(person, name):
                changes[name] = value
        return changes


# Values ----------------------------------------------------------------------------------------


def date_parse(value: str, *, label: str | Promise) -> datetime.date:
    """A date of a row (tandem.core.dates.day_parse), or the row's error naming the column."""
    day = day_parse(value)
    if day is None:
        raise ValidationError(
            _("%(label)s invalide « %(value)s » (attendu AAAA-MM-JJ ou JJ/MM/AAAA)")
            % {"label": label, "value": value.strip()}
        )
    return day


def category_parse(value: str) -> str:
    if not value:
        return ""
    text = value.strip().upper().removeprefix("CATEGORIE ").removeprefix("CAT ").strip()
    if not text:
        return ""
    if text not in FtCategory.values:
        raise ValidationError(
            _("catégorie invalide « %(value)s » (attendu A, B, C, D ou E)") % {"value": value.strip()}
        )
    return text


class CommuneLookup(territories.CommuneLookup):
    """The territories' resolver with its memory (one or two queries per distinct value in a list), its
    messages worded as the rest of a row's report: lower case first, no final stop."""

    def __init__(self) -> None:
        super().__init__()
        # The cells exactly as written, before the resolver tidies them: a list repeats them row after row.
        self._cells: dict[tuple[str, str, str], Commune | None | ValidationError] = {}
        self._by_code: dict[str, Commune] = {}

    def prime(self, codes: Iterable[str]) -> None:
        """Read the communes of a list's INSEE codes at once (communes_by_code): a query per 5,000 codes rather
        than one per commune; commune_resolve's rules are unchanged."""
        wanted = sorted({code for code in codes if code and code.strip() and code not in self._by_code})
        for start in range(0, len(wanted), 5000):
            self._by_code.update(territories.communes_by_code(wanted[start : start + 5000]))

    def __call__(self, *, code: str = "", postcode: str = "", name: str = "", **given: str) -> Commune | None:
        key = (code, postcode, name)
        if given or key not in self._cells:
            found: Commune | None | ValidationError
            try:
                if given:
                    found = super().__call__(code=code, postcode=postcode, name=name, **given)
                else:
                    found = territories.commune_resolve(code=code, postcode=postcode, name=name, known=self._by_code)
            except ValidationError as error:
                found = ValidationError(
                    [message[:1].lower() + message[1:].removesuffix(".") for message in error.messages]
                )
            if given:
                if isinstance(found, ValidationError):
                    raise found
                return found
            self._cells[key] = found
        found = self._cells[key]
        if isinstance(found, ValidationError):
            raise ValidationError(found.messages)
        return found


class JobCodeLookup:
    """Checks the job codes of a list's cells against the referential, read once per list (two queries)."""

    def __init__(self) -> None:
        self._romes: set[str] | None = None
        self._appellations: set[str] | None = None

    def _split(self, value: str) -> list[str]:
        if not value:
            return []
        codes = [code.strip() for code in value.split(JOB_CODES_SEPARATOR)]
        if any(not code for code in codes) and value.strip():
            raise ValidationError(
                _("code vide dans « %(value)s » (plusieurs codes se séparent par « %(sep)s »)")
                % {"value": value.strip(), "sep": JOB_CODES_SEPARATOR}
            )
        return list(dict.fromkeys(code for code in codes if code))

    def romes(self, value: str) -> tuple[str, ...]:
        codes = [code.upper() for code in self._split(value)]
        if not codes:
            return ()
        malformed = [code for code in codes if not ROME_CODE.fullmatch(code)]
        if malformed:
            raise ValidationError(
                _(
                    "code ROME invalide « %(codes)s » (attendu une lettre et quatre chiffres, par exemple G1602 ; "
                    "plusieurs codes se séparent par « %(sep)s »)"
                )
                % {"codes": ", ".join(malformed), "sep": JOB_CODES_SEPARATOR}
            )
        if self._romes is None:
            self._romes = set(RomeCode.objects.values_list("code", flat=True))
        unknown = [code for code in codes if code not in self._romes]
        if unknown:
            raise ValidationError(_("code ROME inconnu « %(codes)s »") % {"codes": ", ".join(unknown)})
        return tuple(codes)

    def appellations(self, value: str) -> tuple[str, ...]:
        codes = self._split(value)
        if not codes:
            return ()
        malformed = [code for code in codes if not OGR_CODE.fullmatch(code)]
        if malformed:
            raise ValidationError(
                _(
                    "code d'appellation invalide « %(codes)s » (attendu le code OGR, en chiffres, par exemple 12758 ; "
                    "plusieurs codes se séparent par « %(sep)s »)"
                )
                % {"codes": ", ".join(malformed), "sep": JOB_CODES_SEPARATOR}
            )
        if self._appellations is None:
            self._appellations = set(RomeAppellation.objects.values_list("code_ogr", flat=True))
        unknown = [code for code in codes if code not in self._appellations]
        if unknown:
            raise ValidationError(_("code d'appellation (OGR) inconnu « %(codes)s »") % {"codes": ", ".join(unknown)})
        return tuple(codes)


# Rows ----------------------------------------------------------------------------------------


# Headers spreadsheets write in full.
COLUMN_ALIASES = {"date_de_naissance": "date_naissance", "date_d_inscription": "date_inscription"}


def column_name(header: str) -> str:
    """'Date de naissance ', 'DATE_NAISSANCE' and 'date-naissance' all read as 'date_naissance'."""
    name = plain_column_name(header)
    return COLUMN_ALIASES.get(name, name)


def columns_check(columns: list[str]) -> None:
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if not any(name in columns for name in COMMUNE_COLUMNS):
        missing.append(" ou ".join(COMMUNE_COLUMNS))
    if missing:
        raise ValidationError(_("colonnes manquantes : %(columns)s") % {"columns": ", ".join(missing)})


# The columns' names as a row's errors say them (translated when an error is written).
_LABEL_FT_IDENTIFIER = gettext_lazy("identifiant France Travail")
_LABEL_LAST_NAME = gettext_lazy("nom")
_LABEL_FIRST_NAME = gettext_lazy("prénom")
_LABEL_BIRTH_DATE = gettext_lazy("date de naissance")
_LABEL_REGISTERED_ON = gettext_lazy("date d'inscription")
_LABEL_RQTH = gettext_lazy("RQTH")


def row_parse(
    values: Mapping[str, Any],
    *,
    communes: CommuneLookup | None = None,
    jobs: JobCodeLookup | None = None,
    today: datetime.date | None = None,
) -> DesignationRow:
    """A row's values by column name (see column_name) → the registrant; every problem of the row at once.

    `today` (the local date) is read once by a caller parsing many rows.
    """
    communes = communes or CommuneLookup()
    jobs = jobs or JobCodeLookup()
    today = today or timezone.localdate()
    if values.get(UNREADABLE):
        raise values[UNREADABLE]
    if values.get(EXTRA_CELLS):
        raise ValidationError(
            _("trop de cellules sur cette ligne (%(count)s de plus que l'en-tête)")
            % {"count": len(values[EXTRA_CELLS])}
        )
    cell = {str(key): ("" if value is None else str(value)).strip() for key, value in values.items() if key}
    if any(values.get(name, "") is None for name in REQUIRED_COLUMNS):
        raise ValidationError(_("ligne incomplète : il manque des cellules par rapport à l'en-tête"))
    errors: list[str] = []
    parsed: dict[str, Any] = {}

    def attempt(name: str, convert: Callable[..., Any], *args: Any) -> None:
        try:
            parsed[name] = convert(*args)
        except ValidationError as error:
            errors.extend(error.messages)

    get = cell.get
    attempt("ft_identifier", _identifier, get("identifiant_ft", ""))
    attempt("last_name", _required, get("nom", ""), _LABEL_LAST_NAME, _MAX_LENGTH["last_name"])
    attempt("first_name", _required, get("prenom", ""), _LABEL_FIRST_NAME, _MAX_LENGTH["first_name"])
    attempt("birth_date", _birth_date, get("date_naissance", ""), today)
    attempt("ft_registered_on", _registration_date, get("date_inscription", ""), today)
    attempt("commune", _commune, communes, get("code_commune", ""), get("code_postal", ""), get("commune", ""))
    attempt("has_rqth", _rqth, get("rqth", ""))
    attempt("email", _email, get("email", ""))
    attempt("phone", _phone, get("telephone", ""))
    attempt("ft_category", category_parse, get("categorie", ""))
    attempt("rome_codes", jobs.romes, get("rome", ""))
    attempt("appellation_codes", jobs.appellations, get("appellation", ""))
    if len(parsed.get("rome_codes", ())) + len(parsed.get("appellation_codes", ())) > MAX_JOBS:
        errors.append(_("%(max)s métiers recherchés au plus") % {"max": MAX_JOBS})
    if errors:
        raise ValidationError(errors)
    return DesignationRow(**parsed)


def _required(text: str, label: str | Promise, max_length: int) -> str:
    value = " ".join(text.split())
    if not value:
        raise ValidationError(_("%(label)s manquant") % {"label": label})
    if len(value) > max_length:
        raise ValidationError(
            _("%(label)s trop long (%(max)s caractères au plus)") % {"label": label, "max": max_length}
        )
    return value


def _identifier(text: str) -> str:
    return _required(text, _LABEL_FT_IDENTIFIER, _FT_IDENTIFIER_LENGTH).upper()


def _commune(communes: CommuneLookup, code: str, postcode: str, name: str) -> Commune | None:
    return communes(code=code, postcode=postcode, name=name)


def _rqth(value: str) -> bool | None:
    return bool_parse(value, label=cast(str, _LABEL_RQTH)) if value else None


def _birth_date(value: str, today: datetime.date) -> datetime.date:
    if not value.strip():
        raise ValidationError(_("date de naissance manquante"))
    day = date_parse(value, label=_LABEL_BIRTH_DATE)
    if day > today or day.year < 1900:
        raise ValidationError(_("date de naissance invraisemblable « %(value)s »") % {"value": value.strip()})
    return day


def _registration_date(value: str, today: datetime.date) -> datetime.date | None:
    if not value.strip():
        return None
    day = date_parse(value, label=_LABEL_REGISTERED_ON)
    if day > today:
        raise ValidationError(_("date d'inscription dans le futur « %(value)s »") % {"value": value.strip()})
    return day


def _email(value: str) -> str:
    if value:
        try:
            validate_email(value)
        except ValidationError as error:
            raise ValidationError(_("adresse électronique invalide « %(value)s »") % {"value": value}) from error
    return value.lower()


def _phone(value: str) -> str:
    if len(value) > _MAX_LENGTH["phone"]:
        raise ValidationError(_("téléphone trop long « %(value)s »") % {"value": value})
    return value


# Files ---------------------------------------------------------------------------------------


def csv_decode(data: bytes) -> str:
    """A France Travail list: MAX_FILE_BYTES at most, in an encoding spreadsheets export (tandem.core.csvfiles)."""
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(_("fichier trop volumineux (%(max)s Mo au plus)") % {"max": MAX_FILE_BYTES // 1_000_000})
    return text_decode(data)


def csv_rows(text: str) -> list[tuple[int, dict[str, Any]]]:
    """(line number, values by column name) for each non-empty row; raises ValidationError for the header."""
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    if not first_line:
        raise ValidationError(_("fichier vide"))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_sniff(first_line))
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, Any]]] = []
    for line, cells in csv_cells(reader):
        if isinstance(cells, ValidationError):
            if header is None:
                raise cells
            rows.append((line, {UNREADABLE: cells}))
            continue
        if not any(cell.strip() for cell in cells):
            continue
        if header is None:
            header = [column_name(cell) for cell in cells]
            columns_check(header)
            continue
        values: dict[str, Any] = dict.fromkeys(header)
        values.update(zip(header, cells, strict=False))
        if len(cells) > len(header):
            values[EXTRA_CELLS] = cells[len(header) :]
        # The physical line where the row ends (a quoted cell may span lines).
        rows.append((line, values))
    return rows


def row_from_fields(
    *,
    ft_identifier: str,
    last_name: str,
    first_name: str,
    birth_date: datetime.date,
    commune_code: str = "",
    postcode: str = "",
    commune_name: str = "",
    ft_registered_on: datetime.date | None = None,
    has_rqth: bool | None = None,
    email: str = "",
    phone: str = "",
    ft_category: str = "",
    rome_codes: Sequence[str] = (),
    appellation_codes: Sequence[str] = (),
) -> DesignationRow:
    """One person typed in a form or sent to the API: the same checks as a row of a list."""
    return row_parse(
        {
            "identifiant_ft": ft_identifier,
            "nom": last_name,
            "prenom": first_name,
            "date_naissance": birth_date.isoformat(),
            "date_inscription": ft_registered_on.isoformat() if ft_registered_on else "",
            "code_commune": commune_code,
            "code_postal": postcode,
            "commune": commune_name,
            "rqth": "" if has_rqth is None else ("oui" if has_rqth else "non"),
            "email": email,
            "telephone": phone,
            "categorie": ft_category,
            "rome": JOB_CODES_SEPARATOR.join(rome_codes),
            "appellation": JOB_CODES_SEPARATOR.join(appellation_codes),
        }
    )
