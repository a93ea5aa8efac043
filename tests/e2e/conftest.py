"""Browser journeys: Debian's Chromium driven by Playwright, against a real gunicorn serving the demo.

The server runs on its own SQLite file prepared like `make run` does (migrate, referentials, demo),
so the journeys exercise the product as people get it.
"""

from __future__ import annotations

import email
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def server_env(tmp_path_factory) -> dict[str, str]:
    workdir = tmp_path_factory.mktemp("e2e")
    return {
        **os.environ,
        "TANDEM_DATABASE": "sqlite",
        "TANDEM_SQLITE_PATH": str(workdir / "e2e.sqlite3"),
        "TANDEM_STATIC_ROOT": str(workdir / "static"),
        "TANDEM_MEDIA_ROOT": str(workdir / "media"),
        # E-mails are written to files, where a journey reads the link it was sent (an invitation).
        "TANDEM_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "TANDEM_EMAIL_FILE_PATH": str(workdir / "mail"),
        # gunicorn runs without DEBUG, so it refuses the public development key (config/checks.py).
        "TANDEM_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }


@pytest.fixture(scope="session")
def demo_database(server_env) -> Path:
    """The demo set up like `make run` does, once; a pristine copy is kept for servers that write freely."""
    python = sys.executable
    setup = (
        ["collectstatic", "--noinput", "-v0"],
        ["migrate", "-v0"],
        ["createcachetable", "-v0"],
        ["import_referentials", "--no-progress", "-v0"],
        ["load_demo", "-v0"],
    )
    for command in setup:
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=server_env, check=True)
    database = Path(server_env["TANDEM_SQLITE_PATH"])
    pristine = database.with_name("pristine.sqlite3")
    shutil.copyfile(database, pristine)
    return pristine


@contextmanager
def running_server(env: dict[str, str]) -> Iterator[str]:
    """gunicorn on a free port and, as `make run` does, a worker beside it for the imports; stopped on exit."""
    python = sys.executable
    port = _free_port()
    gunicorn = Path(python).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT,
        env=env,
    )
    worker = subprocess.Popen(
        [python, "manage.py", "db_worker", "--no-reload", "--interval", "0.5", "-v0"], cwd=ROOT, env=env
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/sante/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start")
        yield url
    finally:
        for child in (process, worker):
            child.terminate()
        for child in (process, worker):
            child.wait(timeout=10)


@pytest.fixture(scope="session")
def server_url(server_env, demo_database) -> Iterator[str]:
    with running_server(server_env) as url:
        yield url


@pytest.fixture(scope="session")
def contract_server(server_env, demo_database, tmp_path_factory) -> Iterator[tuple[str, dict[str, str]]]:
    """A second server on its own copy of the demo, for tests that write at random (the API contract)."""
    database = tmp_path_factory.mktemp("contract") / "contract.sqlite3"
    shutil.copyfile(demo_database, database)
    env = {**server_env, "TANDEM_SQLITE_PATH": str(database)}
    with running_server(env) as url:
        yield url, env


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    assert executable, "Debian's chromium package is required (scripts/install_system_packages.sh installs it)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server_url):
    context = browser.new_context(base_url=server_url, locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()


def run_in_server_database(env: dict[str, str], code: str) -> str:
    """Run a snippet of Python against the e2e server's database (to pick demo data, not to change it)."""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def sent_emails(env: dict[str, str]) -> list[str]:
    """The bodies of every e-mail the e2e server sent so far, oldest first, decoded (the file backend writes the raw
    messages, one file per connection, separated by a line of dashes; a body may be quoted-printable)."""
    folder = Path(env["TANDEM_EMAIL_FILE_PATH"])
    if not folder.exists():
        return []
    bodies = []
    for path in sorted(folder.iterdir(), key=lambda path: path.stat().st_mtime):
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if raw.strip():
                message = email.message_from_bytes(raw.strip() + b"\n")
                for part in message.walk():
                    if part.get_content_type() == "text/plain":
                        payload = part.get_payload(decode=True)
                        bodies.append(payload.decode(part.get_content_charset() or "utf-8"))
    return bodies


AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page) -> list[dict]:
    """Serious and critical axe-core violations of the current page (RGAA-relevant WCAG rules).

    axe-core is evaluated through the DevTools protocol rather than added as a <script>: the page's
    Content-Security-Policy rightly refuses inline scripts, and the check must not need it weakened."""
    page.evaluate(AXE_PATH.read_text())
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
