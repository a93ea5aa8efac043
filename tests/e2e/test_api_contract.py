"""The API tested from its own OpenAPI document with Schemathesis, against the demo, with write tokens.

Every operation, every check (`--checks all`): no server error, no status or body the document does not declare,
no request the schema allows refused otherwise than by the documented refusals (tests/e2e/schemathesis.toml),
no request the schema forbids accepted. Bounded in time: a smoke run of the contract, not a load test.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import run_in_server_database

CONFIG = Path(__file__).with_name("schemathesis.toml")
TOKEN_OF = """
from tandem.accounts.services import api_token_create
from tandem.accounts.models import User
from tandem.organisations.models import Organisation
admin = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
    "contrat-api@demo.tandem.localhost", None, first_name="Contrat", last_name="API")
organisation = Organisation.objects.get(name={name!r})
print(api_token_create(organisation=organisation, name="contrat", scope="write", role={role!r}, by=admin)[1])
"""


@pytest.mark.parametrize(
    ("organisation", "role"),
    [
        # A Mission Locale's manager: people, referrals, offers, positionings, its coverage.
        ("Mission Locale d'Alsace du Nord", "manager"),
        # A France Travail agency's adviser: designations, one at a time and by file.
        ("France Travail Haguenau", "adviser"),
    ],
)
def test_the_api_keeps_its_contract_for_every_operation(contract_server, organisation, role):
    url, env = contract_server
    key = run_in_server_database(env, TOKEN_OF.format(name=organisation, role=role)).splitlines()[-1]
    schemathesis = Path(sys.executable).with_name("schemathesis")
    result = subprocess.run(
        [
            str(schemathesis),
            "--config-file",
            str(CONFIG),
            "run",
            f"{url}/api/v1/openapi.json",
            "--checks",
            "all",
            "--header",
            f"Authorization: Bearer {key}",
            "--max-examples",
            "15",
            "--max-time",
            "120",
            # One worker: with two threads, Python 3.11's ast module (which hypothesis calls to describe a filter)
            # may fail with « AST constructor recursion depth mismatch », a crash of the tool, not of the API.
            "--workers",
            "1",
            "--seed",
            "20261201",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=400,
    )
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-5000:]
