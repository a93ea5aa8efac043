"""Production refuses insecure settings; the documented production environment passes `check --deploy`."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from config.checks import DEVELOPMENT_SECRET_KEY, check_sqlite_version, secret_key_problem, sqlite_version_problem

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = secrets.token_urlsafe(50)


def _clean_env(**variables: str) -> dict[str, str]:
    """The test runner's environment without any Tandem or Django setting, plus `variables`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TANDEM_", "DJANGO_"))}
    return {**env, **variables}


def _run(command: str, **variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-c", command], cwd=ROOT, env=_clean_env(**variables), capture_output=True, text=True, timeout=120
    )


def _with_env_example(command: str) -> str:
    """Load .env.example the way its first line says, then run `command`."""
    return f"set -euo pipefail; set -a; . ./.env.example; set +a; {command}"


def test_the_env_example_loads_in_a_shell(settings):
    result = _run(_with_env_example('printf "%s|%s|%s" "$TANDEM_FROM_EMAIL" "$TANDEM_DEBUG" "$TANDEM_HSTS_SECONDS"'))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout == "Tandem <ne-pas-repondre@tandem.example.gouv.fr>|0|31536000"


def test_the_documented_production_environment_passes_check_deploy():
    python = sys.executable
    result = _run(
        _with_env_example(f'TANDEM_SECRET_KEY="$GENERATED_KEY" {python} manage.py check --deploy --fail-level WARNING'),
        GENERATED_KEY=STRONG_KEY,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_refuses_the_placeholder_key_of_the_env_example():
    result = _run(_with_env_example(f"{sys.executable} manage.py check --deploy"))
    assert result.returncode != 0
    assert "tandem.E001" in result.stderr


def test_check_deploy_refuses_the_development_key():
    result = _run(f"{sys.executable} manage.py check --deploy")
    assert result.returncode != 0
    assert "tandem.E001" in result.stderr and "TANDEM_SECRET_KEY" in result.stderr


def test_management_commands_keep_working_with_the_development_key():
    result = _run(f"{sys.executable} manage.py check", TANDEM_DEBUG="0")
    assert result.returncode == 0, result.stderr


LOAD_WSGI = f"{sys.executable} -c 'import config.wsgi; print(\"loaded\")'"


def test_the_wsgi_server_refuses_to_start_with_the_development_key_outside_debug():
    result = _run(LOAD_WSGI, TANDEM_DEBUG="0")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "TANDEM_SECRET_KEY" in result.stderr


def test_the_wsgi_server_refuses_a_short_key_outside_debug():
    result = _run(LOAD_WSGI, TANDEM_DEBUG="0", TANDEM_SECRET_KEY="short-but-not-the-default")
    assert result.returncode != 0
    assert "TANDEM_SECRET_KEY is too weak" in result.stderr


def test_the_wsgi_server_starts_with_a_real_key():
    result = _run(LOAD_WSGI, TANDEM_DEBUG="0", TANDEM_SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "loaded"


def test_the_wsgi_server_starts_with_the_development_key_in_debug():
    result = _run(LOAD_WSGI, TANDEM_DEBUG="1")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("key", "refused"),
    [
        (DEVELOPMENT_SECRET_KEY, True),
        ("change-me", True),
        ("x" * 60, True),
        ("django-insecure-" + STRONG_KEY, True),
        (STRONG_KEY, False),
    ],
)
def test_which_secret_keys_production_refuses(key, refused):
    assert (secret_key_problem(key) is not None) is refused


def test_make_generates_a_private_local_secret_key_once(tmp_path):
    (tmp_path / "Makefile").write_text((ROOT / "Makefile").read_text())
    make = ["make", "--no-print-directory", "-C", str(tmp_path), f"PY={sys.executable}", "var/secret_key"]
    subprocess.run(make, check=True, capture_output=True, timeout=60)
    key_file = tmp_path / "var" / "secret_key"
    key = key_file.read_text().strip()
    assert secret_key_problem(key) is None
    assert key_file.stat().st_mode & 0o777 == 0o600
    subprocess.run(make, check=True, capture_output=True, timeout=60)
    assert key_file.read_text().strip() == key


def test_an_sqlite_too_old_for_the_matching_is_refused_by_a_system_check():
    assert sqlite_version_problem("sqlite", (3, 34, 1)) == (
        "SQLite 3.34.1 is too old: Tandem needs SQLite 3.35 or later."
    )
    assert sqlite_version_problem("sqlite", (3, 35, 0)) is None
    assert sqlite_version_problem("postgresql", ()) is None
    # This machine's SQLite passes, so the project's own `check` is clean (tested above with --deploy).
    assert check_sqlite_version(None) == []
