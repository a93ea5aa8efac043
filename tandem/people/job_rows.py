"""The rows of a job project (experiences, trainings, languages, contract wishes), checked the same way whatever
the channel (page, API, import): pure functions that return the rows as stored, or raise a ValidationError whose
messages name the row and say what is wrong. Nothing here writes.

Stored shapes (JobProfile's JSON fields):
- experiences: {"title", "sector", "duration_months": int | None, "year": int | None}
- trainings: {"title", "year": int | None, "level": QualificationLevel value or ""}
- languages: {"language", "level": LanguageLevel value or ""}
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.people.enums import ContractWish, LanguageLevel, QualificationLevel

MAX_JOBS = 10
MAX_ROWS = 20
MAX_LANGUAGES = 10
TITLE_MAX_LENGTH = 200
LANGUAGE_MAX_LENGTH = 100
SKILLS_MAX_LENGTH = 5000
MIN_DISTANCE_KM = 1
MAX_DISTANCE_KM = 300
MAX_DURATION_MONTHS = 600
EARLIEST_YEAR = 1950
# A training under way ends within a few years.
TRAINING_YEARS_AHEAD = 3


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def _whole(value: Any) -> int | None:
    """A whole number as given (int), or None; text, booleans and decimals are not read as numbers."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError
    return value


def _bounded_text(value: Any, *, label: str, max_length: int, required: bool) -> str:
    text = _text(value)
    if required and not text:
        raise ValidationError(_("indiquez %(label)s") % {"label": label})
    if len(text) > max_length:
        raise ValidationError(_("%(label)s : %(max)s caractères au plus") % {"label": label, "max": max_length})
    return text


def _year(value: Any, *, latest: int) -> int | None:
    try:
        year = _whole(value)
    except TypeError:
        raise ValidationError(_("l'année s'écrit en chiffres, par exemple 2024")) from None
    if year is not None and not EARLIEST_YEAR <= year <= latest:
        raise ValidationError(
            _("l'année doit être comprise entre %(first)s et %(last)s") % {"first": EARLIEST_YEAR, "last": latest}
        )
    return year


def _choice(value: Any, *, choices: type[QualificationLevel] | type[LanguageLevel], label: str) -> str:
    text = str(value or "").strip()
    if text not in choices.values:
        raise ValidationError(_("%(label)s inconnu « %(value)s »") % {"label": label, "value": text})
    return text


def _rows(
    rows: Iterable[Mapping[str, Any]], *, what: str, max_rows: int, clean_one
) -> tuple[list[dict[str, Any]], list[str]]:
    cleaned: list[dict[str, Any]] = []
    errors: list[str] = []
    rows = list(rows)
    if len(rows) > max_rows:
        errors.append(_("%(what)s : %(max)s lignes au plus") % {"what": what, "max": max_rows})
        return cleaned, errors
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            errors.append(_("%(what)s n° %(n)s : ligne illisible") % {"what": what, "n": number})
            continue
        row_errors: list[str] = []
        value = clean_one(row, row_errors)
        if row_errors:
            errors.extend(
                _("%(what)s n° %(n)s : %(error)s") % {"what": what, "n": number, "error": error} for error in row_errors
            )
        else:
            cleaned.append(value)
    return cleaned, errors


def _attempt(row_errors: list[str], convert, *args, **kwargs):
    try:
        return convert(*args, **kwargs)
    except ValidationError as error:
        row_errors.extend(error.messages)
        return None


def experiences_clean(rows: Iterable[Mapping[str, Any]], *, today: datetime.date) -> list[dict[str, Any]]:
    def clean_one(row: Mapping[str, Any], errors: list[str]) -> dict[str, Any]:
        duration: int | None = None
        try:
            duration = _whole(row.get("duration_months"))
        except TypeError:
            errors.append(_("la durée s'écrit en mois, en chiffres, par exemple 6"))
        if duration is not None and not 1 <= duration <= MAX_DURATION_MONTHS:
            errors.append(_("la durée doit être comprise entre 1 et %(max)s mois") % {"max": MAX_DURATION_MONTHS})
        return {
            "title": _attempt(
                errors,
                _bounded_text,
                row.get("title"),
                label=_("l'intitulé du poste"),
                max_length=TITLE_MAX_LENGTH,
                required=True,
            ),
            "sector": _attempt(
                errors,
                _bounded_text,
                row.get("sector"),
                label=_("le secteur"),
                max_length=TITLE_MAX_LENGTH,
                required=False,
            ),
            "duration_months": duration,
            "year": _attempt(errors, _year, row.get("year"), latest=today.year),
        }

    cleaned, errors = _rows(rows, what=_("Expérience"), max_rows=MAX_ROWS, clean_one=clean_one)
    if errors:
        raise ValidationError({"experiences": errors})
    return cleaned


def trainings_clean(rows: Iterable[Mapping[str, Any]], *, today: datetime.date) -> list[dict[str, Any]]:
    def clean_one(row: Mapping[str, Any], errors: list[str]) -> dict[str, Any]:
        return {
            "title": _attempt(
                errors,
                _bounded_text,
                row.get("title"),
                label=_("l'intitulé de la formation"),
                max_length=TITLE_MAX_LENGTH,
                required=True,
            ),
            "year": _attempt(errors, _year, row.get("year"), latest=today.year + TRAINING_YEARS_AHEAD),
            "level": _attempt(
                errors, _choice, row.get("level"), choices=QualificationLevel, label=_("niveau de qualification")
            ),
        }

    cleaned, errors = _rows(rows, what=_("Formation"), max_rows=MAX_ROWS, clean_one=clean_one)
    if errors:
        raise ValidationError({"trainings": errors})
    return cleaned


def languages_clean(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    def clean_one(row: Mapping[str, Any], errors: list[str]) -> dict[str, Any]:
        return {
            "language": _attempt(
                errors,
                _bounded_text,
                row.get("language"),
                label=_("la langue"),
                max_length=LANGUAGE_MAX_LENGTH,
                required=True,
            ),
            "level": _attempt(errors, _choice, row.get("level"), choices=LanguageLevel, label=_("niveau de langue")),
        }

    cleaned, errors = _rows(rows, what=_("Langue"), max_rows=MAX_LANGUAGES, clean_one=clean_one)
    if errors:
        raise ValidationError({"languages": errors})
    # The same language twice would say two things at once: ask.
    seen: set[str] = set()
    for row in cleaned:
        key = row["language"].casefold()
        if key in seen:
            raise ValidationError(
                {"languages": _("Langue indiquée deux fois : %(language)s") % {"language": row["language"]}}
            )
        seen.add(key)
    return cleaned


def contract_wishes_clean(values: Iterable[Any]) -> list[str]:
    wishes: list[str] = []
    for value in values:
        text = str(value or "").strip()
        if text not in ContractWish.values:
            message = _("Type de contrat inconnu « %(value)s »") % {"value": text}
            raise ValidationError({"wished_contract_types": message})
        if text not in wishes:
            wishes.append(text)
    return wishes


def distance_clean(value: Any) -> int:
    try:
        km = _whole(value)
    except TypeError:
        km = None
    if km is None or not MIN_DISTANCE_KM <= km <= MAX_DISTANCE_KM:
        raise ValidationError(
            {
                "max_distance_km": _("La distance maximale est un nombre de kilomètres entre %(min)s et %(max)s.")
                % {"min": MIN_DISTANCE_KM, "max": MAX_DISTANCE_KM}
            }
        )
    return km


# Reading the stored rows back (the page's initial values, the API, the CV). Rows written before this module
# (the demo's first profiles) used other keys ("intitulé", "durée": "6 mois"): they read the same.

_LEGACY_LANGUAGE_LEVELS = {
    "notions": LanguageLevel.BASICS,
    "intermédiaire": LanguageLevel.INTERMEDIATE,
    "courant": LanguageLevel.FLUENT,
    "maternelle": LanguageLevel.NATIVE,
    "langue maternelle": LanguageLevel.NATIVE,
}


def _first(item: Mapping[str, Any], *keys: str) -> str:
    for key in keys:
        value = item.get(key)
        if value not in (None, ""):
            return _text(value)
    return ""


def _stored_year(item: Mapping[str, Any]) -> int | None:
    value = item.get("year", item.get("année", item.get("annee")))
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = _text(value)
    return int(text) if text.isdigit() else None


def _duration_months(item: Mapping[str, Any]) -> int | None:
    value = item.get("duration_months")
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    number, _space, unit = _first(item, "duration", "durée", "duree").lower().partition(" ")
    if not number.isdigit():
        return None
    if unit == "mois":
        return int(number)
    if unit in ("an", "ans", "année", "années"):
        return int(number) * 12
    return None


def experience_read(item: Mapping[str, Any]) -> dict[str, Any]:
    """A stored experience: title, sector, duration_months, year, and duration_label, the duration as written when
    it was not counted in months ("2 semaines")."""
    months = _duration_months(item)
    return {
        "title": _first(item, "title", "intitulé", "intitule", "label"),
        "sector": _first(item, "sector", "secteur"),
        "duration_months": months,
        "duration_label": "" if months is not None else _first(item, "duration", "durée", "duree"),
        "year": _stored_year(item),
    }


def training_read(item: Mapping[str, Any]) -> dict[str, Any]:
    level = _text(item.get("level"))
    level = level if level in QualificationLevel.values else ""
    return {
        "title": _first(item, "title", "intitulé", "intitule", "label"),
        "year": _stored_year(item),
        "level": level,
        "level_label": str(QualificationLevel(level).label) if level else "",
    }


def language_read(item: Any) -> dict[str, Any]:
    """A stored language: language, level (a LanguageLevel value or ""), and level_display, the level's label or,
    when it is none of the levels ("B1"), the level as written."""
    if not isinstance(item, Mapping):
        return {"language": _text(item), "level": "", "level_display": ""}
    written = _first(item, "level", "niveau")
    level = written if written in LanguageLevel.values else _LEGACY_LANGUAGE_LEVELS.get(written.lower(), "")
    return {
        "language": _first(item, "language", "langue"),
        "level": str(level),
        "level_display": str(LanguageLevel(level).label) if level else written,
    }


def _stored(rows: Any) -> list[Any]:
    return rows if isinstance(rows, list) else []


def experiences_read(rows: Any) -> list[dict[str, Any]]:
    return [experience_read(item) for item in _stored(rows) if isinstance(item, Mapping)]


def trainings_read(rows: Any) -> list[dict[str, Any]]:
    return [training_read(item) for item in _stored(rows) if isinstance(item, Mapping)]


def languages_read(rows: Any) -> list[dict[str, Any]]:
    return [language_read(item) for item in _stored(rows) if item not in (None, "")]


def months_label(months: int) -> str:
    """A duration as people say it: whole years in years ("2 ans"), otherwise in months ("8 mois")."""
    if months % 12 == 0:
        return ngettext("%(n)s an", "%(n)s ans", months // 12) % {"n": months // 12}
    return ngettext("%(n)s mois", "%(n)s mois", months) % {"n": months}
