"""Helpers to write France Travail lists the way spreadsheets export them."""

from __future__ import annotations

import datetime

from django.utils import timezone

HEADER = [
    "identifiant_ft",
    "nom",
    "prenom",
    "date_naissance",
    "code_commune",
    "code_postal",
    "commune",
    "date_inscription",
    "rqth",
    "email",
]


def born(years: int, *, day: datetime.date | None = None) -> datetime.date:
    """The birth date of someone who turns `years` on `day` (today by default)."""
    day = day or timezone.localdate()
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def row(
    ft_identifier: str,
    last_name: str,
    first_name: str,
    birth_date: datetime.date | str,
    *,
    code_commune: str = "67544",
    code_postal: str = "",
    commune: str = "",
    date_inscription: str = "2026-01-05",
    rqth: str = "",
    email: str = "",
) -> list[str]:
    birth = birth_date.isoformat() if isinstance(birth_date, datetime.date) else birth_date
    return [
        ft_identifier,
        last_name,
        first_name,
        birth,
        code_commune,
        code_postal,
        commune,
        date_inscription,
        rqth,
        email,
    ]


def csv_file(
    rows: list[list[str]],
    *,
    delimiter: str = ";",
    encoding: str = "utf-8",
    header: list[str] | None = None,
) -> bytes:
    lines = [delimiter.join(header or HEADER)] + [delimiter.join(cells) for cells in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)
