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


NOMINATIVE_200 = only({"observer": 404}, others=200, anonymous=302)
LEAD_200 = only({"adviser_a": 200, "director_a": 200}, others=404, anonymous=302)
REFERRAL_PARTIES_200 = only({"adviser_a": 200, "director_a": 200, "agent_b": 200}, others=404, anonymous=302)
POST_ONLY = everyone(405, anonymous=302)
OFFER_PARTIES_200 = only(
    {"adviser_a": 200, "director_a": 200, "agent_b": 200, "temp_contact": 200}, others=404, anonymous=302
)

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
    "compte/jetons/<id:pk>/revoquer/": ("pk=token", everyone(405, anonymous=302)),
    "compte/mot-de-passe/": ("", everyone(200, anonymous=302)),
    "compte/mot-de-passe-oublie/": ("", everyone(200)),
    "compte/mot-de-passe-oublie/envoye/": ("", everyone(200)),
    "compte/reinitialisation/<uidb64>/<token>/": ("uidb64=MQ&token=bad-token", everyone(200)),
    "compte/reinitialisation/terminee/": ("", everyone(200)),
    "organisations/": ("?kind=mission_locale", everyone(200, anonymous=302)),
    "organisations/qui-couvre/": ("?commune=67180", everyone(200, anonymous=302)),
    "territoires/communes/suggestions/": ("?q=hag", everyone(200, anonymous=302)),
    "organisations/<id:pk>/": ("pk=ml_a", everyone(200, anonymous=302)),
    "organisations/<id:pk>/territoire/": (
        "pk=ml_a",
        only({"director_a": 200, "admin": 200}, others=404, anonymous=302),
    ),
    "designations/": ("", only({"agent_b": 200}, others=404, anonymous=302)),
    "designations/nouvelle/": ("", only({"agent_b": 200}, others=404, anonymous=302)),
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
    # POST only: django-ninja answers 405 to a GET before authenticating.
    "api/v1/designations": ("", everyone(405)),
    "api/v1/designations/import": ("", everyone(405)),
    "journal/": ("", only({"director_a": 200, "admin": 200}, others=404, anonymous=302)),
    "journal/export.csv": ("", only({"director_a": 200, "admin": 200}, others=404, anonymous=302)),
    "donnees-personnelles/personnes/<id:pk>/export/": (
        "pk=person",
        only({"adviser_a": 200, "director_a": 200}, others=404, anonymous=302),
    ),
    # Young people's records: the crawler's person is led by Mission Locale A (adviser_a, director_a).
    "personnes/": ("", NOMINATIVE_200),
    "personnes/nouveau/": ("", only({"temp_contact": 404, "observer": 404}, others=200, anonymous=302)),
    "personnes/chevauchements/": ("", only({"director_a": 200, "admin": 200}, others=404, anonymous=302)),
    "personnes/<id:pk>/": ("pk=person", LEAD_200),
    "personnes/<id:pk>/modifier/": ("pk=person", LEAD_200),
    "personnes/<id:pk>/orienter/": ("pk=person", LEAD_200),
    "personnes/<id:pk>/consentements/": ("pk=person", LEAD_200),
    "personnes/<id:pk>/referent/": ("pk=person", LEAD_200),
    "personnes/<id:pk>/notes/": ("pk=person", POST_ONLY),
    "personnes/<id:pk>/freins/": ("pk=person", POST_ONLY),
    "personnes/<id:pk>/freins/<id:barrier_pk>/": ("pk=person&barrier_pk=1", POST_ONLY),
    "personnes/<id:pk>/dispositifs/": ("pk=person", POST_ONLY),
    "personnes/<id:pk>/consentements/<id:consent_pk>/retrait/": ("pk=person&consent_pk=1", POST_ONLY),
    # Referrals: the crawler's referral goes from France Travail B to Mission Locale A.
    "orientations/": ("", NOMINATIVE_200),
    "orientations/<id:pk>/": ("pk=referral", REFERRAL_PARTIES_200),
    "orientations/<id:pk>/accepter/": ("pk=referral", POST_ONLY),
    "orientations/<id:pk>/refuser/": ("pk=referral", POST_ONLY),
    "orientations/<id:pk>/rendez-vous/": ("pk=referral", POST_ONLY),
    "orientations/<id:pk>/rendez-vous-honore/": ("pk=referral", POST_ONLY),
    "orientations/<id:pk>/cloturer/": ("pk=referral", POST_ONLY),
    "orientations/<id:pk>/retirer/": ("pk=referral", POST_ONLY),
    # Shared offers: the crawler's offer is Mission Locale A's, shared with its partners (B, the temp agency).
    "offres/": ("?rome=G1803&commune=67180&distance_km=30", everyone(200, anonymous=302)),
    "offres/nouvelle/": ("", only({"observer": 404}, others=200, anonymous=302)),
    "offres/import/": ("", only({"observer": 404}, others=200, anonymous=302)),
    "offres/<id:pk>/": ("pk=offer", OFFER_PARTIES_200),
    "offres/<id:pk>/modifier/": ("pk=offer", only({"adviser_a": 200, "director_a": 200}, others=404, anonymous=302)),
    "api/v1/offers": ("?commune=67180", everyone(200, anonymous=401)),
    "api/v1/offers/<int:pk>": (
        "pk=offer",
        only({"adviser_a": 200, "director_a": 200, "agent_b": 200, "temp_contact": 200}, others=404, anonymous=401),
    ),
    "api/v1/offers/import": ("", everyone(405)),
    # Matching: offers suggested for the crawler's person (led by A); candidates for the crawler's offer,
    # an offer of Mission Locale A shared beyond it (partners B and the temp agency see it, C does not).
    "offres/pour/<id:person_pk>/": ("person_pk=person", LEAD_200),
    "offres/<id:pk>/candidats/": (
        "pk=offer",
        only({"adviser_a": 200, "director_a": 200, "agent_b": 200, "temp_contact": 200}, others=404, anonymous=302),
    ),
    # Positionings: the board of the acting organisation; proposing on the crawler's offer (without a person:
    # the search among the organisation's people). No positioning exists in this set-up, so the pages of one
    # check the login guard only; tests/offers/test_positioning_views.py checks parties and outsiders.
    "offres/mises-en-relation/": ("", NOMINATIVE_200),
    "offres/<id:offer_pk>/proposer/": (
        "offer_pk=offer",
        only({"adviser_a": 200, "director_a": 200, "agent_b": 200, "temp_contact": 200}, others=404, anonymous=302),
    ),
    "offres/mises-en-relation/<id:pk>/": ("pk=1", everyone(404, anonymous=302)),
    "offres/mises-en-relation/<id:pk>/cv.pdf": ("pk=1", everyone(404, anonymous=302)),
    "offres/mises-en-relation/<id:pk>/envoyer/": ("pk=1", POST_ONLY),
    "offres/mises-en-relation/<id:pk>/entretien/": ("pk=1", POST_ONLY),
    "offres/mises-en-relation/<id:pk>/embauche/": ("pk=1", POST_ONLY),
    "offres/mises-en-relation/<id:pk>/non-retenue/": ("pk=1", POST_ONLY),
    "offres/mises-en-relation/<id:pk>/retirer/": ("pk=1", POST_ONLY),
    "api/v1/people": ("", only({"observer": 404}, others=200, anonymous=401)),
    "api/v1/people/<pk>": ("pk=person", only({"adviser_a": 200, "director_a": 200}, others=404, anonymous=401)),
    "api/v1/referrals": ("", only({"observer": 404}, others=200, anonymous=401)),
    "api/v1/referrals/<pk>": (
        "pk=referral",
        only({"adviser_a": 200, "director_a": 200, "agent_b": 200}, others=404, anonymous=401),
    ),
    "api/v1/referrals/<pk>/accept": ("pk=referral", everyone(405)),
    "api/v1/referrals/<pk>/refuse": ("pk=referral", everyone(405)),
    "api/v1/referrals/<pk>/schedule": ("pk=referral", everyone(405)),
    "api/v1/referrals/<pk>/meeting": ("pk=referral", everyone(405)),
    "api/v1/referrals/<pk>/close": ("pk=referral", everyone(405)),
    "api/v1/referrals/<pk>/withdraw": ("pk=referral", everyone(405)),
    "api/v1/positionings": ("", only({"observer": 404}, others=200, anonymous=401)),
    "api/v1/positionings/<pk>": ("pk=1", everyone(404, anonymous=401)),
    "api/v1/positionings/<pk>/send": ("pk=1", everyone(405)),
    "api/v1/positionings/<pk>/interview": ("pk=1", everyone(405)),
    "api/v1/positionings/<pk>/hire": ("pk=1", everyone(405)),
    "api/v1/positionings/<pk>/not-retained": ("pk=1", everyone(405)),
    "api/v1/positionings/<pk>/withdraw": ("pk=1", everyone(405)),
    "api/v1/suggestions/people/<int:person_pk>/offers": (
        "person_pk=person",
        only({"adviser_a": 200, "director_a": 200}, others=404, anonymous=401),
    ),
    "api/v1/suggestions/offers/<int:offer_pk>/candidates": (
        "offer_pk=offer",
        only({"adviser_a": 200, "director_a": 200, "agent_b": 200, "temp_contact": 200}, others=404, anonymous=401),
    ),
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
    # The audit log is read-only in the admin, even for administrators.
    "admin/audit/auditentry/add/": only({"admin": 403}, others=302, anonymous=302),
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
    # A record led by Mission Locale A, for the URLs about one person (privacy export).
    from tandem.people.services import follow_set_lead, person_create, person_register

    person = person_create(
        by=cast.adviser_a, organisation=cast.ml_a, first_name="Léa", last_name="Crawler", birth_date="2004-07-14"
    )
    follow_set_lead(person=person, organisation=cast.ml_a, adviser=cast.adviser_a, by=cast.adviser_a)
    values["person"] = str(person.pk)
    # Another young person, proposed by France Travail B to Mission Locale A, for the referral URLs.
    from tandem.referrals.services import referral_propose

    other = person_register(
        by=cast.agent_b,
        organisation=cast.agency_b,
        adviser=None,
        first_name="Noé",
        last_name="Crawler",
        birth_date="2005-02-01",
    )
    referral = referral_propose(
        person=other, from_organisation=cast.agency_b, to_organisation=cast.ml_a, by=cast.agent_b, is_designation=True
    )
    values["referral"] = str(referral.pk)
    # An offer of Mission Locale A shared with its partners, for the offer URLs.
    from tandem.offers.enums import ContractType, SharingScope
    from tandem.offers.services import offer_create

    offer = offer_create(
        organisation=cast.ml_a,
        by=cast.adviser_a,
        title="Offre du crawler",
        contract_type=ContractType.CDD,
        commune_id="67180",
        sharing=SharingScope.PARTNERS,
    )
    values["offer"] = str(offer.pk)
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
