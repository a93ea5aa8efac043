"""Small text helpers shared by importers."""

from __future__ import annotations

import re
import unicodedata


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def normalise_place_name(name: str) -> str:
    """'ST ETIENNE', 'Saint-Étienne' and 'saint etienne' compare equal."""
    text = strip_accents(name).lower()
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    text = re.sub(r"\bste\b", "sainte", text)
    text = re.sub(r"\bst\b", "saint", text)
    return text


def search_normalise(text: str) -> str:
    """How names are stored for search and how a query is read: lower case, no accents, words apart.
    'Éloïse  Le Gall-Dupré' → 'eloise le gall dupre'."""
    return re.sub(r"[^a-z0-9]+", " ", strip_accents(text).lower()).strip()


# A spreadsheet reads a cell starting with one of these as a formula (CSV injection): exports prefix it with '.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """Text for a CSV or XLSX cell that a spreadsheet shows as typed, never runs."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text
