"""Codes of the French administration: checked (SIRET, SIREN, SAFIR) and written one way (NAF)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# La Poste's SIRETs do not follow Luhn; INSEE documents that their digits sum to a multiple of 5.
LA_POSTE_SIREN = "356000000"


def luhn_is_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def validate_siret(value: str) -> None:
    if len(value) != 14 or not value.isdigit():
        raise ValidationError(_("Un SIRET compte exactement 14 chiffres."), code="siret_format")
    if value.startswith(LA_POSTE_SIREN) and value != LA_POSTE_SIREN + "00000":
        if sum(int(c) for c in value) % 5 == 0:
            return
    if not luhn_is_valid(value):
        raise ValidationError(_("Ce SIRET n'est pas valide (clé de contrôle incorrecte)."), code="siret_checksum")


def validate_safir(value: str) -> None:
    if len(value) != 5 or not value.isdigit():
        raise ValidationError(_("Un code SAFIR compte exactement 5 chiffres."), code="safir_format")


def validate_siren(value: str) -> None:
    """A company's SIREN: 9 digits with a Luhn key (La Poste's own SIREN passes as is)."""
    if len(value) != 9 or not value.isdigit():
        raise ValidationError(_("Un SIREN compte exactement 9 chiffres."), code="siren_format")
    if value != LA_POSTE_SIREN and not luhn_is_valid(value):
        raise ValidationError(_("Ce SIREN n'est pas valide (clé de contrôle incorrecte)."), code="siren_checksum")


_NAF = re.compile(r"(\d{2})\.?(\d{2})([A-Z])")


def naf_normalise(code: str) -> str:
    """A NAF sub-class as stored: "56.10A", "5610a" and " 56.10 A" are "5610A"; anything else is ""."""
    match = _NAF.fullmatch((code or "").strip().upper().replace(" ", ""))
    return "".join(match.groups()) if match else ""
