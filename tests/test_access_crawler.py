"""The access crawler: every URL of the project, requested as every persona, against a declared table.

A new URL without a line in EXPECTATIONS fails the test: declare who may see it.
Django's own admin is covered through its parameter-free pages (the whole site sits behind one guard).
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

PERSONAS = ["anonymous", "adviser_a", "agent_b", "director_a", "adviser_c", "temp_contact", "observer", "admin"]
LOGGED_IN = PERSONAS[1:]


def everyone(status: int, anonymous: int | None = None) -> dict[str, int]:
    table = dict.fromkeys(LOGGED_IN, status)
    table["anonymous"] = status if anonymous is None else anonymous
    return table


def only(allowed: dict[str, int], others: int, anonymous: int) -> dict[str, int]:
    table = dict.fromkeys(LOGGED_IN, others)
    table.update(allowed)
    table["anonymous"] = anonymous
    return table


# route → (how to fill its parameters and query string, expected GET status per persona)
EXPECTATIONS: dict[str, tuple[str, dict[str, int]]] = {
    "": ("", everyone(200, anonymous=302)),
    "accessibilite/": ("", everyone(200)),
    "mentions-legales/": ("", everyone(200)),
    "sante/": ("", everyone(200)),
    "compte/connexion/": ("", everyone(302, anonymous=200)),
    "compte/deconnexion/": ("", everyone(405)),
    "compte/": ("", everyone(200, anonymous=302)),
    "compte/organisation-active/": ("", everyone(405, anonymous=302)),
    "compte/jetons/": ("", only({"director_a": 200, "admin": 200}, others=404, anonymous=302)),
    "compte/jetons/<int:pk>/revoquer/": ("pk=token", everyone(405, anonymous=302)),
    "compte/mot-de-passe/": ("", everyone(200, anonymous=302)),
    "compte/mot-de-passe-oublie/": ("", everyone(200)),
    "compte/mot-de-passe-oublie/envoye/": ("", everyone(200)),
    "compte/reinitialisation/<uidb64>/<token>/": ("uidb64=MQ&token=bad-token", everyone(200)),
    "compte/reinitialisation/terminee/": ("", everyone(200)),
    "organisations/": ("?kind=mission_locale", everyone(200, anonymous=302)),
    "organisations/qui-couvre/": ("?commune=67180", everyone(200, anonymous=302)),
    "organisations/<int:pk>/": ("pk=ml_a", everyone(200, anonymous=302)),
    "organisations/<int:pk>/territoire/": (
        "pk=ml_a",
        only({"director_a": 200, "admin": 200}, others=404, anonymous=302),
    ),
    "i18n/setlang/": ("", everyone(302)),
    "api/v1/": ("", everyone(404)),
    "api/v1/openapi.json": ("", everyone(200)),
    "api/v1/docs": ("", everyone(200)),
    "api/v1/me": ("", everyone(200, anonymous=401)),
    "api/v1/territories/communes": ("?q=Haguenau", everyone(200, anonymous=401)),
    "api/v1/territories/communes/<code>": ("code=67180", everyone(200, anonymous=401)),
    "api/v1/territories/communes/<code>/coverage": ("code=67180", everyone(200, anonymous=401)),
    "api/v1/referentials/rome": ("?q=J1501", everyone(200, anonymous=401)),
    "api/v1/organisations": ("", everyone(200, anonymous=401)),
    "api/v1/organisations/<pk>": ("pk=ml_a", everyone(200, anonymous=401)),
    "api/v1/organisations/<pk>/coverage": ("pk=ml_a", everyone(200, anonymous=401)),
}
ADMIN_EXPECTATION = only({"admin": 200}, others=302, anonymous=302)
ADMIN_SPECIAL = {
    # The admin's own login form answers everyone but sends administrators on to the admin.
    "admin/login/": only({"admin": 302}, others=200, anonymous=200),
    "admin/logout/": only({"admin": 405}, others=302, anonymous=302),
    # Needs its query parameters; axes' logs are read-only (no "add" page).
    "admin/autocomplete/": only({"admin": 403}, others=302, anonymous=302),
    "admin/axes/accessattempt/add/": only({"admin": 403}, others=302, anonymous=302),
    "admin/axes/accessfailurelog/add/": only({"admin": 403}, others=302, anonymous=302),
    "admin/axes/accesslog/add/": only({"admin": 403}, others=302, anonymous=302),
}
PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


def iter_routes(resolver: URLResolver | None = None, prefix: str = ""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from iter_routes(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route


def project_routes() -> list[str]:
    return sorted(set(iter_routes()))


def is_admin(route: str) -> bool:
    return route.startswith("admin/")


def concrete_url(route: str, spec: str, values: dict[str, str]) -> str:
    params, _, query = spec.partition("?")
    filled = dict(pair.split("=", 1) for pair in params.split("&") if pair)
    path = PARAM.sub(lambda m: values.get(filled[m.group(1)], filled[m.group(1)]), route)
    return "/" + path + (f"?{query}" if query else "")


def test_every_route_has_a_declared_expectation():
    undeclared = [r for r in project_routes() if not is_admin(r) and r not in EXPECTATIONS]
    assert undeclared == [], f"Declare who may see these URLs in EXPECTATIONS: {undeclared}"
    stale = [r for r in EXPECTATIONS if r not in project_routes()]
    assert stale == [], f"These declared URLs no longer exist: {stale}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_exactly_the_declared_access(client, cast, persona):
    from tandem.accounts.enums import TokenScope
    from tandem.accounts.services import api_token_create

    token, _ = api_token_create(organisation=cast.ml_a, name="crawler", scope=TokenScope.READ, by=cast.director_a)
    values = {"ml_a": str(cast.ml_a.pk), "token": str(token.pk)}
    if persona != "anonymous":
        client.force_login(cast.personas()[persona])
    mismatches = []
    for route in project_routes():
        if is_admin(route):
            if PARAM.search(route) or "(?P<" in route or "^" in route:
                continue  # per-object admin pages: same guard as the admin index
            url, expected = "/" + route, ADMIN_SPECIAL.get(route, ADMIN_EXPECTATION)[persona]
        else:
            spec, table = EXPECTATIONS[route]
            url, expected = concrete_url(route, spec, values), table[persona]
        status = client.get(url).status_code
        if status != expected:
            mismatches.append(f"{url}: expected {expected}, got {status}")
    assert mismatches == [], "\n".join(mismatches)
