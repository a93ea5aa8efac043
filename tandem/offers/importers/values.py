"""Values of an offer as sources write them: salaries, contracts, durations, NAF codes, dates.

Pure functions, no database: every one accepts missing or odd input and answers "unknown" (None, "")
rather than guessing, except where a ValidationError says what is wrong with a required value.
"""

from __future__ import annotations

import datetime
import functools
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from tandem.core.dates import MAX_YEAR, MIN_YEAR, day_parse
from tandem.core.text import strip_accents
from tandem.offers.enums import ContractType, WorkingTime

# Legal monthly hours of a full-time job (35 h × 52 / 12): turns an hourly wage into a monthly one.
HOURS_PER_MONTH = Decimal("151.67")
CENTS = Decimal("0.01")
MAX_SALARY = Decimal("9999999.99")
# Dates outside these years are typing errors: read as unknown.

_AMOUNT = r"(\d+(?:[\s\u00a0\u202f]\d{3})*(?:[.,]\d+)?)"
_SALARY = re.compile(
    rf"(mensuel|horaire|annuel)\s+de\s+{_AMOUNT}(?:\s*(?:euros?|€))?(?:\s+à\s+{_AMOUNT})?", re.IGNORECASE
)
_MONTHS = re.compile(r"(?<!\d)(\d{1,3})\s*mois", re.IGNORECASE)
_LICENCE_B = re.compile(r"\bB\b")

# France Travail's typeContrat codes; natureContrat (below) refines them.
FT_CONTRACT_TYPES = {
    "CDI": ContractType.CDI,
    "CDD": ContractType.CDD,
    "MIS": ContractType.TEMP,
    "SAI": ContractType.SEASONAL,
}
# Fragments of natureContrat (accents stripped, lower case), in the order they are tried.
FT_CONTRACT_NATURES = (
    ("apprentissage", ContractType.APPRENTICESHIP),
    ("professionnalisation", ContractType.PROFESSIONALISATION),
    ("cui - cae", ContractType.CUI_CAE),
    ("cui-cae", ContractType.CUI_CAE),
    ("cui - cie", ContractType.CUI_CIE),
    ("cui-cie", ContractType.CUI_CIE),
    ("parcours emploi", ContractType.PEC),
    ("pec", ContractType.PEC),
    ("emploi d'avenir", ContractType.EMPLOI_AVENIR),
    ("insertion par l'activ", ContractType.IAE),
)
# What partners type in a CSV cell, accents stripped and lower case.
CONTRACT_WORDS = {
    **{value: value for value in ContractType.values},
    "cdi": ContractType.CDI,
    "cdd": ContractType.CDD,
    "interim": ContractType.TEMP,
    "mission d'interim": ContractType.TEMP,
    "mis": ContractType.TEMP,
    "saisonnier": ContractType.SEASONAL,
    "sai": ContractType.SEASONAL,
    "apprentissage": ContractType.APPRENTICESHIP,
    "contrat d'apprentissage": ContractType.APPRENTICESHIP,
    "professionnalisation": ContractType.PROFESSIONALISATION,
    "contrat de professionnalisation": ContractType.PROFESSIONALISATION,
    "pec": ContractType.PEC,
    "iae": ContractType.IAE,
    "autre": ContractType.OTHER,
}


def plain_text(text: str) -> str:
    return " ".join(strip_accents(text).lower().split())


def amount_parse(text: str) -> Decimal | None:
    try:
        return Decimal(re.sub(r"[\s\u00a0\u202f]", "", text).replace(",", "."))
    except InvalidOperation:
        return None


# The pure readings below take labels that repeat across a file (a few thousand distinct values in a national
# export): each is remembered, which spares most of an import's parsing time. Their results are immutable.
@functools.lru_cache(maxsize=8192)
def salary_bounds(label: str) -> tuple[Decimal | None, Decimal | None]:
    """Monthly bounds in euros from "Mensuel de 1800.00 Euros à 2000.00 Euros sur 12 mois" and the like.

    Hourly wages × 151.67, yearly ones / 12. A label that says no amount ("Selon profil") gives (None, None).
    """
    match = _SALARY.search(label or "")
    if not match:
        return None, None
    period, low, high = match[1].lower(), amount_parse(match[2]), amount_parse(match[3]) if match[3] else None
    factor = {"mensuel": Decimal(1), "horaire": HOURS_PER_MONTH, "annuel": Decimal(1) / 12}[period]

    def monthly(amount: Decimal | None) -> Decimal | None:
        if amount is None or not amount.is_finite() or amount > MAX_SALARY * 12:
            return None
        value = (amount * factor).quantize(CENTS, rounding=ROUND_HALF_UP)
        return value if Decimal(0) < value <= MAX_SALARY else None

    low_monthly = monthly(low)
    return low_monthly, monthly(high) if high is not None else low_monthly


@functools.lru_cache(maxsize=1024)
def duration_months(label: str) -> int | None:
    """6 from "CDD - 6 Mois"; None when no months are given."""
    match = _MONTHS.search(label or "")
    if not match:
        return None
    months = int(match[1])
    return months if 0 < months < 1000 else None


@functools.lru_cache(maxsize=1024)
def contract_type_from_france_travail(type_code: str, nature: str) -> str:
    plain_nature = plain_text(nature or "")
    for fragment, contract_type in FT_CONTRACT_NATURES:
        if fragment in plain_nature.replace("’", "'"):
            return contract_type
    return FT_CONTRACT_TYPES.get((type_code or "").strip().upper(), ContractType.OTHER)


def contract_type_parse(text: str) -> str:
    value = CONTRACT_WORDS.get(plain_text(text).replace("’", "'"))
    if value is None:
        raise ValidationError(
            _("type de contrat inconnu « %(value)s » (par exemple CDI, CDD, interim, apprentissage)")
            % {"value": text.strip()}
        )
    return value


@functools.lru_cache(maxsize=1024)
def working_time_parse(text: str) -> str:
    plain = plain_text(text or "")
    if "partiel" in plain or plain in {"part_time", "partial"}:
        return WorkingTime.PART_TIME
    if "plein" in plain or "complet" in plain or plain == "full_time":
        return WorkingTime.FULL_TIME
    return WorkingTime.UNKNOWN


def requires_driving_licence_b(licences: list[tuple[str, str]]) -> bool:
    """Required when one licence is demanded ("E", exigé) and names the B category."""
    return any(requirement == "E" and _LICENCE_B.search(label or "") for label, requirement in licences)


def datetime_parse(value: object) -> datetime.datetime | None:
    """An ISO 8601 date and time ("2024-01-15T10:23:45.000Z"); naive ones are read in Paris time."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        parsed = parse_datetime(text)
    except ValueError:
        parsed = None
    if parsed is None:
        day = day_parse(text)
        if day is None:
            return None
        parsed = datetime.datetime.combine(day, datetime.time())
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        return None  # a typing error, and out of range once moved to UTC (year 1 at +14:00)
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def text(value: object) -> str:
    """A text as a database stores it: trimmed, without NUL characters (PostgreSQL refuses them) nor lone
    surrogates (a JSON "\\ud800" escape: no encoding writes them), which become U+FFFD; non-strings → ""."""
    if not isinstance(value, str):
        return ""
    if value.isascii() and "\x00" not in value:
        return value.strip()
    if "\x00" in value:
        value = value.replace("\x00", "")
    if not value.isascii():
        value = value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return value.strip()


def clip(value: object, length: int) -> str:
    """A text value, whitespace-trimmed and cut to the column's length; numbers as text, others → ""."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return text(value)[:length]
