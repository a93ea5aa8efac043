"""HTTP load on gunicorn: `measure_http_load(users=50, seconds=60, database_env={...})`, or as a script.

    TANDEM_DATABASE=postgres TANDEM_DB_PORT=54329 TANDEM_DB_NAME=tandem_load \\
        .venv/bin/python bench/http_load/run.py --users 50 --seconds 60

Starts gunicorn (config.wsgi, several workers, on 127.0.0.1 only) on the database that `database_env` names,
picks the advisers to log in as (bench/http_load/accounts.py: generated advisers of several organisations, else
the demo personas), runs locust headless with a fixed user count, bounded by `--run-time`, and stops gunicorn.
Each simulated user logs in through the real login form (CSRF token included) as its own adviser, then browses
the home, its caseload, the referral inbox, a person of its caseload, the offers and that person's suggested
offers without pause (the server's capacity at that many concurrent users). The figures are those of a
measured window of `seconds` that starts once every user is logged in; the logins are reported apart.

Nothing is switched off for the load: the login lockout (django-axes) only counts failed logins, a successful
one never counts, and the chosen accounts' earlier failures are forgotten through the accounts' own
`account_unlock`. There is no other rate limit on the pages (the password-reset throttle is not used here).
One setting differs from a production server, for the load run only: TANDEM_SECURE_COOKIES=false, because
the load speaks plain HTTP on the loopback and a client never sends a `Secure` session cookie back over HTTP.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOCUSTFILE = Path(__file__).resolve().with_name("locustfile.py")
DATABASE_VARIABLES = (
    "TANDEM_DATABASE",
    "TANDEM_SQLITE_PATH",
    "TANDEM_DB_NAME",
    "TANDEM_DB_USER",
    "TANDEM_DB_PASSWORD",
    "TANDEM_DB_HOST",
    "TANDEM_DB_PORT",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_env(database_env: dict[str, str]) -> dict[str, str]:
    env = {**os.environ, **database_env, "DJANGO_SETTINGS_MODULE": "config.settings"}
    # gunicorn runs without DEBUG, as in production, so it refuses the public development key (config/checks.py).
    env.setdefault("TANDEM_SECRET_KEY", secrets.token_urlsafe(50))
    env["TANDEM_DEBUG"] = "false"
    # Plain HTTP on the loopback: a Secure session cookie would never come back (see the module's docstring).
    env["TANDEM_SECURE_COOKIES"] = "false"
    return env


def _manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=600
    )
    return result.stdout


def _static_ready(env: dict[str, str]) -> None:
    """The pages name their static files through the hashed manifest: collect them once if it is missing."""
    storage = env.get("TANDEM_STATICFILES_STORAGE", "whitenoise.storage.CompressedManifestStaticFilesStorage")
    static_root = Path(env.get("TANDEM_STATIC_ROOT", str(ROOT / "var" / "static")))
    if "Manifest" in storage and not (static_root / "staticfiles.json").exists():
        _manage(env, "manage.py", "collectstatic", "--noinput", "-v0")


def _wait_for(url: str, process: subprocess.Popen, *, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at once (exit code {process.returncode})")
        try:
            with urllib.request.urlopen(url + "/sante/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within a minute")


def measure_http_load(
    *,
    users: int = 50,
    seconds: int = 60,
    database_env: dict[str, str],
    workers: int = 4,
    think_seconds: float = 0.0,
    accounts: list[dict[str, str]] | None = None,
) -> dict:
    """Requests per second, error rate and latencies (p50, p95; all pages and each page) of `users` advisers
    browsing for `seconds` once logged in. `accounts` ({"email", "password"}) overrides the choice of advisers."""
    env = _server_env(database_env)
    _static_ready(env)
    if accounts is None:
        accounts = json.loads(_manage(env, "-m", "bench.http_load.accounts", str(users)).strip().splitlines()[-1])
    with tempfile.TemporaryDirectory(prefix="tandem-http-load-") as workdir:
        folder = Path(workdir)
        (folder / "accounts.json").write_text(json.dumps(accounts), encoding="utf-8")
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        gunicorn_log = folder / "gunicorn.log"
        with gunicorn_log.open("w") as log:
            server = subprocess.Popen(
                [
                    str(Path(sys.executable).with_name("gunicorn")),
                    "config.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(workers),
                    "--timeout",
                    "60",
                    "--preload",  # Django loaded once, before the workers fork: they start together, at once
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            _wait_for(url, server)
            # A hard bound on the whole run: the logins first (each one hashes a password), then the window.
            run_time = seconds + 60 + 2 * users
            locust = subprocess.run(
                [
                    str(Path(sys.executable).with_name("locust")),
                    "--locustfile",
                    str(LOCUSTFILE),
                    "--headless",
                    "--users",
                    str(users),
                    "--spawn-rate",
                    str(users),
                    "--run-time",
                    f"{run_time}s",
                    "--stop-timeout",
                    "10",
                    "--host",
                    url,
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                    "--exit-code-on-error",
                    "0",
                ],
                cwd=folder,
                env={
                    **os.environ,
                    "TANDEM_LOAD_ACCOUNTS": str(folder / "accounts.json"),
                    "TANDEM_LOAD_SUMMARY": str(folder / "summary.json"),
                    "TANDEM_LOAD_SECONDS": str(seconds),
                    "TANDEM_LOAD_THINK_SECONDS": str(think_seconds),
                },
                capture_output=True,
                text=True,
                timeout=run_time + 60,
            )
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        summary_file = folder / "summary.json"
        if locust.returncode != 0 or not summary_file.exists():
            raise RuntimeError(
                f"locust gave no figures (exit code {locust.returncode}):\n{locust.stderr[-3000:]}\n"
                f"gunicorn:\n{gunicorn_log.read_text()[-3000:]}"
            )
        summary = json.loads(summary_file.read_text(encoding="utf-8"))
    return {
        "database": env.get("TANDEM_DATABASE", "sqlite"),
        "workers": workers,
        "think_seconds": think_seconds,
        **summary,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--think", type=float, default=0.0, help="each user's pause between two pages, in seconds")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    options = parser.parse_args(argv)
    database_env = {name: os.environ[name] for name in DATABASE_VARIABLES if name in os.environ}
    result = measure_http_load(
        users=options.users,
        seconds=options.seconds,
        database_env=database_env,
        workers=options.workers,
        think_seconds=options.think,
    )
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    if options.json:
        options.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
