"""Production refuses insecure settings: a system check (`manage.py check --deploy`) and a start-up guard.

Tests and management commands run with the development key; a server without DEBUG must not.
SQLite, the embedded default, must read what the matching writes (`sqlite_version_problem`).
"""

from __future__ import annotations

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-change-me-in-production"
# The placeholder of .env.example, for whoever copies it without reading it.
EXAMPLE_SECRET_KEY = "change-me"
GENERATE_HINT = "python -c 'import secrets; print(secrets.token_urlsafe(50))'"


def secret_key_problem(secret_key: str) -> str | None:
    """Why this key must not serve production, or None. Same strength rule as Django's security.W009."""
    if secret_key in (DEVELOPMENT_SECRET_KEY, EXAMPLE_SECRET_KEY):
        return "TANDEM_SECRET_KEY is not set: the development key is public and must not serve production."
    if len(secret_key) < 50 or len(set(secret_key)) < 5 or secret_key.startswith("django-insecure-"):
        return "TANDEM_SECRET_KEY is too weak: use at least 50 random characters."
    return None


@register(Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs) -> list[Error]:
    problem = secret_key_problem(settings.SECRET_KEY)
    if problem is None:
        return []
    return [Error(problem, hint=f"Generate one with: {GENERATE_HINT}", id="tandem.E001")]


# The matching writes `WITH … AS NOT MATERIALIZED` (tandem.offers.matching.queries._parts), read from SQLite 3.35;
# Django itself accepts 3.31.
MINIMUM_SQLITE = (3, 35)


def sqlite_version_problem(vendor: str, version: tuple[int, ...]) -> str | None:
    if vendor != "sqlite" or version[:2] >= MINIMUM_SQLITE:
        return None
    found, needed = ".".join(map(str, version)), ".".join(map(str, MINIMUM_SQLITE))
    return f"SQLite {found} is too old: Tandem needs SQLite {needed} or later."


@register(Tags.compatibility)
def check_sqlite_version(app_configs, **kwargs) -> list[Error]:
    version = connection.Database.sqlite_version_info if connection.vendor == "sqlite" else ()
    problem = sqlite_version_problem(connection.vendor, version)
    return [] if problem is None else [Error(problem, id="tandem.E002")]


def refuse_insecure_settings() -> None:
    """Called when the WSGI application loads (gunicorn): outside DEBUG, a weak key stops the start."""
    if settings.DEBUG:
        return
    problem = secret_key_problem(settings.SECRET_KEY)
    if problem is not None:
        raise ImproperlyConfigured(f"{problem} Generate one with: {GENERATE_HINT}")


class ChecksConfig(AppConfig):
    """Listed in INSTALLED_APPS so that Django imports this module, which registers the checks above."""

    name = "config"
    label = "tandem_config"
    verbose_name = "Tandem configuration"
