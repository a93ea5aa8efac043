"""Locust users for run.py: each logs in through the real login form as its own adviser, then browses.

Read from the environment (run.py sets it): TANDEM_LOAD_ACCOUNTS (a JSON file of {"email", "password"}; user n
takes account n, round the list again when there are more users than accounts), TANDEM_LOAD_SECONDS (how long
the measured window lasts), TANDEM_LOAD_THINK_SECONDS (a user's pause between two pages, 0 by default: the
server's capacity), TANDEM_LOAD_SUMMARY (where the figures are written as JSON).

Two phases: every user logs in (GET the form for its CSRF token, POST it, then read its caseload for the people
it may open); once the last one is in, the statistics start afresh and the measured window of the pages runs
for TANDEM_LOAD_SECONDS, then the figures are written and locust stops. The logins are reported apart.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time

import gevent
from locust import HttpUser, constant, events, task
from locust.env import Environment
from locust.exception import StopUser
from locust.stats import StatsEntry

LOGIN_URL = "/compte/connexion/"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PERSON_LINK = re.compile(r'href="/personnes/([0-9]+)/"')
LOGIN = "connexion"
PAGES = ("accueil", "dossiers", "orientations", "dossier", "offres", "offres suggérées")

_accounts: list[dict[str, str]] = []
_numbers = itertools.count()
_logged_in = 0
_window: dict[str, float] = {}
_login: dict = {}


def _setting(name: str, default: str) -> str:
    return os.environ.get(name, default)


@events.test_start.add_listener
def _load_accounts(environment: Environment, **_kwargs) -> None:
    with open(_setting("TANDEM_LOAD_ACCOUNTS", "accounts.json"), encoding="utf-8") as file:
        _accounts[:] = json.load(file)
    if not _accounts:
        raise RuntimeError("no account to log in with")


def _percentiles(entry: StatsEntry) -> dict[str, float]:
    return {
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "p50_ms": entry.get_response_time_percentile(0.5) if entry.num_requests else 0,
        "p95_ms": entry.get_response_time_percentile(0.95) if entry.num_requests else 0,
    }


def _copy(environment: Environment, name: str, entries: list[StatsEntry]) -> StatsEntry:
    total = StatsEntry(environment.stats, name, "")
    for entry in entries:
        total.extend(entry)
    return total


def _summary(environment: Environment) -> dict:
    """The measured window's figures: every page together, each page, and the logins apart."""
    seconds = time.monotonic() - _window["started"]
    entries = environment.stats.entries
    pages = [entry for (name, _method), entry in entries.items() if name != LOGIN]
    total = _copy(environment, "pages", pages)
    per_page = {
        name: _percentiles(_copy(environment, name, [e for (n, _m), e in entries.items() if n == name]))
        for name in PAGES
    }
    login = _login["entry"]
    return {
        "users": environment.parsed_options.num_users if environment.parsed_options else len(_accounts),
        "accounts": len({account["email"] for account in _accounts}),
        "seconds": round(seconds, 1),
        "login_seconds": round(_window["started"] - _window["spawned"], 1),
        **_percentiles(total),
        "rps": round(total.num_requests / seconds, 1) if seconds else 0.0,
        "error_rate": round(total.num_failures / total.num_requests, 4) if total.num_requests else 0.0,
        "pages": per_page,
        "login": _percentiles(login),
        "errors": (_login["errors"] + _errors(environment))[:20],
    }


def _errors(environment: Environment) -> list[dict]:
    return [
        {"name": error.name, "method": error.method, "error": str(error.error), "occurrences": error.occurrences}
        for error in environment.stats.errors.values()
    ]


def _measure_then_stop(environment: Environment) -> None:
    gevent.sleep(float(_setting("TANDEM_LOAD_SECONDS", "60")))
    with open(_setting("TANDEM_LOAD_SUMMARY", "summary.json"), "w", encoding="utf-8") as file:
        json.dump(_summary(environment), file, ensure_ascii=False, indent=2)
    assert environment.runner is not None
    environment.runner.quit()


def _one_more_logged_in(environment: Environment) -> None:
    """When the last user is through the login (in or refused): keep the logins' figures, start the statistics
    afresh, start the clock of the measured window."""
    global _logged_in
    _logged_in += 1
    expected = environment.parsed_options.num_users if environment.parsed_options else 1
    if _logged_in == expected:
        _login["entry"] = _copy(
            environment, LOGIN, [e for (n, _m), e in environment.stats.entries.items() if n == LOGIN]
        )
        _login["errors"] = _errors(environment)
        environment.stats.reset_all()
        _window["started"] = time.monotonic()
        gevent.spawn(_measure_then_stop, environment)


class Adviser(HttpUser):
    wait_time = constant(float(_setting("TANDEM_LOAD_THINK_SECONDS", "0")))

    def on_start(self) -> None:
        _window.setdefault("spawned", time.monotonic())
        number = next(_numbers)
        account = _accounts[number % len(_accounts)]
        self.random = random.Random(number)
        self.person_ids: list[str] = []
        try:
            self._log_in(account)
        finally:
            _one_more_logged_in(self.environment)

    def _log_in(self, account: dict[str, str]) -> None:
        form = self.client.get(LOGIN_URL, name=f"{LOGIN} (formulaire)")
        token = CSRF_INPUT.search(form.text)
        with self.client.post(
            LOGIN_URL,
            data={
                "username": account["email"],
                "password": account["password"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            allow_redirects=False,
            name=LOGIN,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login refused for {account['email']}: HTTP {response.status_code}")
                raise StopUser
        caseload = self.client.get("/personnes/", name=f"{LOGIN} (dossiers)")
        self.person_ids = list(dict.fromkeys(PERSON_LINK.findall(caseload.text)))

    def _person(self) -> str | None:
        return self.random.choice(self.person_ids) if self.person_ids else None

    @task
    def home(self) -> None:
        self.client.get("/", name="accueil")

    @task
    def caseload(self) -> None:
        self.client.get("/personnes/", name="dossiers")

    @task
    def inbox(self) -> None:
        self.client.get("/orientations/", name="orientations")

    @task
    def person(self) -> None:
        if person := self._person():
            self.client.get(f"/personnes/{person}/", name="dossier")

    @task
    def offers(self) -> None:
        self.client.get("/offres/", name="offres")

    @task
    def suggestions(self) -> None:
        if person := self._person():
            self.client.get(f"/offres/pour/{person}/", name="offres suggérées")
