import pytest
from django.core.exceptions import ValidationError

from tandem.core.codes import validate_safir, validate_siret


@pytest.mark.parametrize(
    "siret",
    [
        "13000548100010",  # France Travail's head office (real SIRET, valid Luhn)
        "73282932000074",  # a valid Luhn sequence
        "35600000000001",  # La Poste establishments: digits sum to a multiple of 5, not Luhn
    ],
)
def test_it_accepts_a_valid_siret(siret):
    validate_siret(siret)


@pytest.mark.parametrize("siret", ["13000548100011", "1300054810001", "1300054810001A", ""])
def test_it_refuses_a_siret_with_a_wrong_key_or_length(siret):
    with pytest.raises(ValidationError):
        validate_siret(siret)


def test_it_refuses_a_malformed_safir_code():
    validate_safir("67125")
    with pytest.raises(ValidationError):
        validate_safir("6712")
