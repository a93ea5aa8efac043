"""The access crawler: every URL of the project, requested as every persona, against a declared table.

Every route is requested with GET and with POST, in a session and (for the API) with a write token of the
persona's organisation and role. A refused request changes nothing in the database.
A new URL without a line in EXPECTATIONS fails the test: declare who may see it.
Django's own admin is covered through its parameter-free pages (the whole site sits behind one guard).
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

PERSONAS = ["anonymous", "adviser_a", "agent_b", "director_a", "adviser_c", "temp_contact", "observer", "admin"]
LOGGED_IN = PERSONAS[1:]
# Allowed: the request reaches the page or the operation, whatever it answers then (a form's errors, a redirect,
# a business rule's refusal, 405 for a GET-only page) — anything but a refusal of access or a server error.
OK = "ok"
REFUSALS = {401, 403, 404}


def everyone(status, anonymous=None) -> dict:
    table = dict.fromkeys(LOGGED_IN, status)
    table["anonymous"] = status if anonymous is None else anonymous
    return table


def only(allowed: dict, others, anonymous) -> dict:
    table = dict.fromkeys(LOGGED_IN, others)
    table.update(allowed)
    table["anonymous"] = anonymous
    return table


NOMINATIVE_200 = only({"observer": 404}, others=200, anonymous=302)
LEAD_200 = only({"adviser_a": 200, "director_a": 200}, others=404, anonymous=302)
REFERRAL_PARTIES_200 = only({"adviser_a": 200, "director_a": 200, "agent_b": 200}, others=404, anonymous=302)
POST_ONLY = everyone(405, anonymous=302)
ORGANISATION_MANAGERS_200 = only({"director_a": 200, "admin": 200}, others=404, anonymous=302)
OFFER_PARTIES_200 = only(
    {"adviser_a": 200, "director_a": 200, "agent_b": 200, "temp_contact": 200}, others=404, anonymous=302
)
LEAD_POST = only({"adviser_a": OK, "director_a": OK}, others=404, anonymous=302)
# Both parties to the crawler's referral reach its steps; the service then answers for the one allowed to act.
RECEIVER_POST = SENDER_POST = only({"adviser_a": OK, "director_a": OK, "agent_b": OK}, others=404, anonymous=302)
API_RECEIVER_POST = API_SENDER_POST = only(
    {"adviser_a": OK, "director_a": OK, "agent_b": OK}, others=404, anonymous=401
)
API_LEAD_POST = only({"adviser_a": OK, "director_a": OK}, others=404, anonymous=401)
# The crawler's campaign (Mission Locale A with France Travail B): its staff read it, its managers change it.
API_RECEIVER_POST_200 = only({"adviser_a": 200, "director_a": 200, "agent_b": 200}, others=404, anonymous=401)
API_CAMPAIGN_MANAGERS = only({"director_a": OK}, others=404, anonymous=401)
# The crawler's convention (Mission Locale A with its reference site B): both parties' staff read it, A's managers
# and platform administrators write it.
CONVENTION_READERS_200 = only(
    {"adviser_a": 200, "director_a": 200, "agent_b": 200, "admin": 200}, others=404, anonymous=302
)
CONVENTION_WRITERS_200 = only({"director_a": 200, "admin": 200}, others=404, anonymous=302)
CONVENTION_WRITERS_POST = only({"director_a": OK, "admin": OK}, others=404, anonymous=302)
API_CONVENTION_READERS = only({"adviser_a": 200, "director_a": 200, "agent_b": 200}, others=404, anonymous=401)
API_CONVENTION_WRITERS = only({"director_a": OK}, others=404, anonymous=401)
# Managers create conventions (the platform administrator's is refused by a rule: its organisation is no party).
API_CONVENTION_CREATORS = only({"director_a": OK, "admin": OK}, others=404, anonymous=401)

# The crawler's convention's meetings and joint action plan: whoever sees the convention reads them (and downloads
# their calendar), the managers of a party (director_a) and platform administrators write them.
GOVERNANCE_READERS_200 = only(
    {"adviser_a": 200, "director_a": 200, "agent_b": 200, "admin": 200}, others=404, anonymous=302
)
GOVERNANCE_WRITERS_200 = only({"director_a": 200, "admin": 200}, others=404, anonymous=302)
GOVERNANCE_WRITERS_POST = only({"director_a": OK, "admin": OK}, others=404, anonymous=302)

# The same through the API, which acts for the caller's organisation only (no platform administrator's rights).
API_GOVERNANCE_READERS = only({"adviser_a": 200, "director_a": 200, "agent_b": 200}, others=404, anonymous=401)
API_GOVERNANCE_WRITERS = only({"director_a": OK}, others=404, anonymous=401)

# Immersions (their block in EXPECTATIONS): the crawler's staff immersion is Mission Locale A's at the temp agency.
STAFF_IMMERSION_READERS_200 = only(
    {"adviser_a": 200, "director_a": 200, "temp_contact": 200}, others=404, anonymous=302
)
STAFF_IMMERSION_WRITERS_200 = only({"director_a": 200}, others=404, anonymous=302)
STAFF_IMMERSION_WRITERS_POST = only({"director_a": OK}, others=404, anonymous=302)
API_STAFF_IMMERSION_READERS = only(
    {"adviser_a": 200, "director_a": 200, "temp_contact": 200}, others=404, anonymous=401
)
API_NOMINATIVE_200 = only({"observer": 404}, others=200, anonymous=401)
API_LEAD_200 = only({"adviser_a": 200, "director_a": 200}, others=404, anonymous=401)

# Shared territorial diagnostics (tandem.diagnostics): staff of the organisations located in Haguenau write the
# crawler's diagnostic (and platform administrators, on the pages only).
DIAGNOSTIC_WRITERS_200 = only(
    {"adviser_a": 200, "agent_b": 200, "director_a": 200, "temp_contact": 200, "admin": 200},
    others=404,
    anonymous=302,
)
DIAGNOSTIC_WRITERS_POST = only(
    {"adviser_a": OK, "agent_b": OK, "director_a": OK, "temp_contact": OK, "admin": OK}, others=404, anonymous=302
)
API_DIAGNOSTIC_WRITERS = only(
    {"adviser_a": OK, "agent_b": OK, "director_a": OK, "temp_contact": OK}, others=404, anonymous=401
)

# route → (how to fill its parameters and query string, expected GET status per persona[, expected POST status]).
# Without a POST table, a POST is expected to be refused exactly as the GET is (404, the login redirect, 401),
# and to be handled (OK) where the GET is allowed.
EXPECTATIONS: dict[str, tuple] = {
    "": ("", everyone(200, anonymous=302)),
    "accessibilite/": ("", everyone(200)),
    "mentions-legales/": ("", everyone(200)),
    "sante/": ("", everyone(200)),
    "compte/connexion/": ("", everyone(302, anonymous=200)),
    "compte/deconnexion/": ("", everyone(405), everyone(OK)),
    "compte/": ("", everyone(200, anonymous=302)),
    # A POST without a membership of one's own is refused (404), like one naming someone else's.
    "compte/organisation-active/": ("", everyone(405, anonymous=302), everyone(404, anonymous=302)),
    "compte/jetons/": ("", only({"director_a": 200, "admin": 200}, others=404, anonymous=302)),
    "compte/jetons/<id:pk>/revoquer/": (
        "pk=token",
        everyone(405, anonymous=302),
        only({"director_a": OK, "admin": 404}, others=404, anonymous=302),
    ),
    "compte/mot-de-passe/": ("", everyone(200, anonymous=302)),
    "compte/mot-de-passe-oublie/": ("", everyone(200)),
    "compte/mot-de-passe-oublie/envoye/": ("", everyone(200)),
    "compte/reinitialisation/<uidb64>/<token>/": ("uidb64=MQ&token=bad-token", everyone(200)),
    "compte/invitation/<uidb64>/<token>/": ("uidb64=MQ&token=bad-token", everyone(200)),
    "compte/reinitialisation/terminee/": ("", everyone(200)),
    "organisations/": ("?kind=mission_locale", everyone(200, anonymous=302)),
    "organisations/qui-couvre/": ("?commune=67180", everyone(200, anonymous=302)),
    "territoires/communes/suggestions/": ("?q=hag", everyone(200, anonymous=302)),
    "referentiels/metiers/suggestions/": ("?q=cuisine", everyone(200, anonymous=302)),
    "organisations/<id:pk>/": ("pk=ml_a", everyone(200, anonymous=302)),
    "organisations/<id:pk>/territoire/": (
        "pk=ml_a",
        only({"director_a": 200, "admin": 200}, others=404, anonymous=302),
    ),
    # Mission Locale A's links and members: its managers and platform administrators (the crawler's link is A's
    # cotraitance with B, its membership adviser_a's); closing an account is for administrators only.
    "organisations/<id:pk>/partenariats/nouveau/": ("pk=ml_a", ORGANISATION_MANAGERS_200),
    "organisations/<id:pk>/partenariats/<id:link_pk>/modifier/": ("pk=ml_a&link_pk=link", ORGANISATION_MANAGERS_200),
    "organisations/<id:pk>/partenariats/<id:link_pk>/terminer/": ("pk=ml_a&link_pk=link", ORGANISATION_MANAGERS_200),
    "organisations/<id:pk>/membres/": ("pk=ml_a", ORGANISATION_MANAGERS_200),
    "organisations/<id:pk>/membres/inviter/": ("pk=ml_a", ORGANISATION_MANAGERS_200),
    "organisations/<id:pk>/membres/<id:membership_pk>/modifier/": (
        "pk=ml_a&membership_pk=membership",
        ORGANISATION_MANAGERS_200,
    ),
    "organisations/<id:pk>/membres/<id:membership_pk>/retirer/": (
        "pk=ml_a&membership_pk=membership",
        ORGANISATION_MANAGERS_200,
    ),
    "organisations/<id:pk>/membres/<id:membership_pk>/desactiver-compte/": (
        "pk=ml_a&membership_pk=membership",
        only({"admin": 200}, others=404, anonymous=302),
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
    "api/v1/designations": ("", everyone(405), only({"agent_b": OK}, others=404, anonymous=401)),
    "api/v1/designations/import": ("", everyone(405), only({"agent_b": OK}, others=404, anonymous=401)),
    # A background import of Mission Locale A's: its staff follow it, nobody else sees it.
    "imports/<id:pk>/": ("pk=import_job", only({"adviser_a": 200, "director_a": 200}, others=404, anonymous=302)),
    "imports/<id:pk>/etat/": ("pk=import_job", only({"adviser_a": 200, "director_a": 200}, others=404, anonymous=302)),
    "api/v1/imports/<pk>": (
        "pk=import_job",
        only({"adviser_a": 200, "director_a": 200}, others=404, anonymous=401),
    ),
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
    "personnes/<id:pk>/projet/": ("pk=person", LEAD_200),
    "personnes/<id:pk>/notes/": ("pk=person", POST_ONLY, LEAD_POST),
    "personnes/<id:pk>/freins/": ("pk=person", POST_ONLY, LEAD_POST),
    "personnes/<id:pk>/freins/<id:barrier_pk>/": ("pk=person&barrier_pk=barrier", POST_ONLY, LEAD_POST),
    "personnes/<id:pk>/dispositifs/": ("pk=person", POST_ONLY, LEAD_POST),
    "personnes/<id:pk>/consentements/<id:consent_pk>/retrait/": ("pk=person&consent_pk=consent", POST_ONLY, LEAD_POST),
    # Referrals: the crawler's referral goes from France Travail B to Mission Locale A.
    "orientations/": ("", NOMINATIVE_200),
    "orientations/<id:pk>/": ("pk=referral", REFERRAL_PARTIES_200),
    "orientations/<id:pk>/accepter/": ("pk=referral", POST_ONLY, RECEIVER_POST),
    "orientations/<id:pk>/refuser/": ("pk=referral", POST_ONLY, RECEIVER_POST),
    "orientations/<id:pk>/rendez-vous/": ("pk=referral", POST_ONLY, RECEIVER_POST),
    "orientations/<id:pk>/rendez-vous-honore/": ("pk=referral", POST_ONLY, RECEIVER_POST),
    "orientations/<id:pk>/cloturer/": ("pk=referral", POST_ONLY, RECEIVER_POST),
    "orientations/<id:pk>/retirer/": ("pk=referral", POST_ONLY, SENDER_POST),
    # Shared offers: the crawler's offer is Mission Locale A's, shared with its partners (B, the temp agency).
    "offres/": ("?rome=G1803&commune=67180&distance_km=30", everyone(200, anonymous=302)),
    "offres/nouvelle/": ("", only({"observer": 404}, others=200, anonymous=302)),
    "offres/import/": ("", only({"observer": 404}, others=200, anonymous=302)),
    "offres/<id:pk>/": ("pk=offer", OFFER_PARTIES_200),
    # The offer's steps (withdraw, reopen): its owner only.
    "offres/<id:pk>/retirer/": ("pk=offer", POST_ONLY, LEAD_POST),
    "offres/<id:pk>/rouvrir/": ("pk=offer", POST_ONLY, LEAD_POST),
    "offres/<id:pk>/modifier/": ("pk=offer", only({"adviser_a": 200, "director_a": 200}, others=404, anonymous=302)),
    "api/v1/offers": (
        "?commune=67180",
        everyone(200, anonymous=401),
        only({"observer": 404}, others=OK, anonymous=401),
    ),
    "api/v1/offers/<int:pk>": (
        "pk=offer",
        only({"adviser_a": 200, "director_a": 200, "agent_b": 200, "temp_contact": 200}, others=404, anonymous=401),
    ),
    "api/v1/offers/import": ("", everyone(405), only({"observer": 404}, others=OK, anonymous=401)),
    # Matching: offers suggested for the crawler's person (led by A); candidates for the crawler's offer,
    # an offer of Mission Locale A shared beyond it (partners B and the temp agency see it, C does not).
    "offres/pour/<id:person_pk>/": ("person_pk=person", LEAD_200),
    "offres/<id:pk>/candidats/": (
        "pk=offer",
        only({"adviser_a": 200, "director_a": 200, "agent_b": 200, "temp_contact": 200}, others=404, anonymous=302),
    ),
    # Positionings: the board of the acting organisation; proposing on the crawler's offer (without a person:
    # the search among the organisation's people); the crawler's positioning puts A's person on A's offer.
    "offres/mises-en-relation/": ("", NOMINATIVE_200),
    "offres/<id:offer_pk>/proposer/": (
        "offer_pk=offer",
        only({"adviser_a": 200, "director_a": 200, "agent_b": 200, "temp_contact": 200}, others=404, anonymous=302),
    ),
    "offres/mises-en-relation/<id:pk>/": ("pk=positioning", LEAD_200),
    "offres/mises-en-relation/<id:pk>/cv.pdf": ("pk=positioning", LEAD_200),
    "offres/mises-en-relation/<id:pk>/envoyer/": ("pk=positioning", POST_ONLY, LEAD_POST),
    "offres/mises-en-relation/<id:pk>/entretien/": ("pk=positioning", POST_ONLY, LEAD_POST),
    "offres/mises-en-relation/<id:pk>/embauche/": ("pk=positioning", POST_ONLY, LEAD_POST),
    "offres/mises-en-relation/<id:pk>/non-retenue/": ("pk=positioning", POST_ONLY, LEAD_POST),
    "offres/mises-en-relation/<id:pk>/retirer/": ("pk=positioning", POST_ONLY, LEAD_POST),
    "api/v1/people": (
        "",
        only({"observer": 404}, others=200, anonymous=401),
        only({"observer": 404, "temp_contact": 403}, others=OK, anonymous=401),
    ),
    "api/v1/people/<pk>": ("pk=person", only({"adviser_a": 200, "director_a": 200}, others=404, anonymous=401)),
    # The job project: read by whoever sees the person, replaced (PUT) by the lead; a POST is no method of it.
    "api/v1/people/<pk>/job-project": (
        "pk=person",
        only({"adviser_a": 200, "director_a": 200}, others=404, anonymous=401),
    ),
    # The body names the crawler's person, whom only Mission Locale A sees.
    "api/v1/referrals": ("", only({"observer": 404}, others=200, anonymous=401), API_LEAD_POST),
    "api/v1/referrals/<pk>": (
        "pk=referral",
        only({"adviser_a": 200, "director_a": 200, "agent_b": 200}, others=404, anonymous=401),
    ),
    "api/v1/referrals/<pk>/accept": ("pk=referral", everyone(405), API_RECEIVER_POST),
    "api/v1/referrals/<pk>/refuse": ("pk=referral", everyone(405), API_RECEIVER_POST),
    "api/v1/referrals/<pk>/schedule": ("pk=referral", everyone(405), API_RECEIVER_POST),
    "api/v1/referrals/<pk>/meeting": ("pk=referral", everyone(405), API_RECEIVER_POST),
    "api/v1/referrals/<pk>/close": ("pk=referral", everyone(405), API_RECEIVER_POST),
    "api/v1/referrals/<pk>/withdraw": ("pk=referral", everyone(405), API_SENDER_POST),
    "api/v1/positionings": ("", only({"observer": 404}, others=200, anonymous=401), API_LEAD_POST),
    "api/v1/positionings/<pk>": (
        "pk=positioning",
        only({"adviser_a": 200, "director_a": 200}, others=404, anonymous=401),
    ),
    "api/v1/positionings/<pk>/send": ("pk=positioning", everyone(405), API_LEAD_POST),
    "api/v1/positionings/<pk>/interview": ("pk=positioning", everyone(405), API_LEAD_POST),
    "api/v1/positionings/<pk>/hire": ("pk=positioning", everyone(405), API_LEAD_POST),
    "api/v1/positionings/<pk>/not-retained": ("pk=positioning", everyone(405), API_LEAD_POST),
    "api/v1/positionings/<pk>/withdraw": ("pk=positioning", everyone(405), API_LEAD_POST),
    # Notifications: one's own only (the crawler's notification is adviser_a's).
    "notifications/": ("", everyone(200, anonymous=302)),
    # Prospecting: the crawler's campaign is Mission Locale A's with France Travail B; its managers (director_a)
    # change it, its staff (adviser_a, agent_b, director_a) see it and report its visits; nobody else sees it.
    "prospection/": ("", NOMINATIVE_200),
    "prospection/nouvelle/": ("", ORGANISATION_MANAGERS_200),
    "prospection/visites/": ("", NOMINATIVE_200),
    "prospection/<id:pk>/": ("pk=campaign", REFERRAL_PARTIES_200),
    "prospection/<id:pk>/modifier/": ("pk=campaign", only({"director_a": 200}, others=404, anonymous=302)),
    "prospection/<id:pk>/lancer/": ("pk=campaign", POST_ONLY, only({"director_a": OK}, others=404, anonymous=302)),
    "prospection/<id:pk>/cloturer/": ("pk=campaign", POST_ONLY, only({"director_a": OK}, others=404, anonymous=302)),
    "prospection/<id:pk>/cibles/": ("pk=campaign", POST_ONLY, only({"director_a": OK}, others=404, anonymous=302)),
    "prospection/<id:pk>/repartition/": (
        "pk=campaign",
        POST_ONLY,
        only({"director_a": OK}, others=404, anonymous=302),
    ),
    "prospection/<id:pk>/binomes/": (
        "pk=campaign",
        REFERRAL_PARTIES_200,
        only({"director_a": OK}, others=404, anonymous=302),
    ),
    "prospection/<id:pk>/visites/nouvelle/": ("pk=campaign", REFERRAL_PARTIES_200),
    "prospection/visites/<id:pk>/compte-rendu/": ("pk=visit", REFERRAL_PARTIES_200),
    "prospection/visites/<id:pk>/annuler/": ("pk=visit", POST_ONLY, RECEIVER_POST),
    "api/v1/prospecting/campaigns": (
        "",
        only({"observer": 404}, others=200, anonymous=401),
        only({"director_a": OK, "admin": OK}, others=404, anonymous=401),
    ),
    "api/v1/prospecting/campaigns/<int:pk>": ("pk=campaign", API_RECEIVER_POST_200),
    "api/v1/prospecting/campaigns/<int:pk>/targets": ("pk=campaign", API_RECEIVER_POST_200),
    "api/v1/prospecting/campaigns/<int:pk>/visits": ("pk=campaign", API_RECEIVER_POST_200),
    "api/v1/prospecting/campaigns/<int:pk>/targets/build": ("pk=campaign", everyone(405), API_CAMPAIGN_MANAGERS),
    "api/v1/prospecting/campaigns/<int:pk>/targets/split": ("pk=campaign", everyone(405), API_CAMPAIGN_MANAGERS),
    "api/v1/prospecting/campaigns/<int:pk>/pairs": ("pk=campaign", everyone(405), API_CAMPAIGN_MANAGERS),
    "api/v1/prospecting/campaigns/<int:pk>/activate": ("pk=campaign", everyone(405), API_CAMPAIGN_MANAGERS),
    "api/v1/prospecting/campaigns/<int:pk>/close": ("pk=campaign", everyone(405), API_CAMPAIGN_MANAGERS),
    "api/v1/prospecting/visits": ("", everyone(405), API_RECEIVER_POST),
    "api/v1/prospecting/visits/<int:pk>": ("pk=visit", API_RECEIVER_POST_200),
    "api/v1/prospecting/visits/<int:pk>/report": ("pk=visit", everyone(405), API_RECEIVER_POST),
    "api/v1/prospecting/visits/<int:pk>/cancel": ("pk=visit", everyone(405), API_RECEIVER_POST),
    # Employer events: the crawler's job dating is Mission Locale A's with France Travail B taking part; their staff
    # see it, change it, invite companies and register young people; A (the organiser) holds or cancels it; the
    # young person registered is A's, so only A records their presence.
    "evenements-employeurs/": ("", NOMINATIVE_200),
    "evenements-employeurs/nouveau/": ("", only({"observer": 404}, others=200, anonymous=302)),
    "evenements-employeurs/<id:pk>/": ("pk=employer_event", REFERRAL_PARTIES_200),
    "evenements-employeurs/<id:pk>/modifier/": ("pk=employer_event", REFERRAL_PARTIES_200),
    "evenements-employeurs/<id:pk>/tenu/": ("pk=employer_event", POST_ONLY, LEAD_POST),
    "evenements-employeurs/<id:pk>/annuler/": ("pk=employer_event", POST_ONLY, LEAD_POST),
    "evenements-employeurs/<id:pk>/entreprises/": ("pk=employer_event", REFERRAL_PARTIES_200),
    "evenements-employeurs/<id:pk>/jeunes/": ("pk=employer_event", REFERRAL_PARTIES_200),
    "evenements-employeurs/invitations/<id:pk>/confirmee/": ("pk=invitation", POST_ONLY, RECEIVER_POST),
    "evenements-employeurs/invitations/<id:pk>/declinee/": ("pk=invitation", POST_ONLY, RECEIVER_POST),
    "evenements-employeurs/invitations/<id:pk>/presente/": ("pk=invitation", POST_ONLY, RECEIVER_POST),
    "evenements-employeurs/invitations/<id:pk>/absente/": ("pk=invitation", POST_ONLY, RECEIVER_POST),
    "evenements-employeurs/inscriptions/<id:pk>/present/": ("pk=registration", POST_ONLY, LEAD_POST),
    "evenements-employeurs/inscriptions/<id:pk>/absent/": ("pk=registration", POST_ONLY, LEAD_POST),
    "evenements-employeurs/inscriptions/<id:pk>/suite/": ("pk=registration", POST_ONLY, LEAD_POST),
    # A mission after a session: a temp agency taking part only (the crawler's event has none), the rest 404.
    "evenements-employeurs/inscriptions/<id:pk>/mission/": (
        "pk=registration",
        everyone(404, anonymous=302),
        everyone(404, anonymous=302),
    ),
    # The crawler's convention is Mission Locale A's with its reference site B (the local convention of their link):
    # both parties' staff read it, A's managers (signatory) and platform administrators write it; nobody else learns
    # it exists. The list, the secondments' table and the map are everyone's (each reads what the reader may see).
    "conventions/": ("?level=local", everyone(200, anonymous=302)),
    "conventions/nouvelle/": ("", CONVENTION_WRITERS_200),
    "conventions/mises-a-disposition/": ("", everyone(200, anonymous=302)),
    "conventions/carte/": ("?territory=dep-67", everyone(200, anonymous=302)),
    "conventions/<id:pk>/": ("pk=convention", CONVENTION_READERS_200),
    "conventions/<id:pk>/modifier/": ("pk=convention", CONVENTION_WRITERS_200),
    "conventions/<id:pk>/signer/": ("pk=convention", POST_ONLY, CONVENTION_WRITERS_POST),
    "conventions/<id:pk>/en-vigueur/": ("pk=convention", POST_ONLY, CONVENTION_WRITERS_POST),
    "conventions/<id:pk>/terminer/": ("pk=convention", POST_ONLY, CONVENTION_WRITERS_POST),
    "conventions/<id:pk>/parties/ajouter/": ("pk=convention", CONVENTION_WRITERS_200),
    "conventions/<id:pk>/objectifs/ajouter/": ("pk=convention", CONVENTION_WRITERS_200),
    "conventions/<id:pk>/mises-a-disposition/ajouter/": ("pk=convention", CONVENTION_WRITERS_200),
    "conventions/<id:pk>/documents/ajouter/": ("pk=convention", CONVENTION_WRITERS_200),
    "conventions/parties/<id:pk>/modifier/": ("pk=convention_party", CONVENTION_WRITERS_200),
    "conventions/mises-a-disposition/<id:pk>/modifier/": ("pk=secondment", CONVENTION_WRITERS_200),
    "conventions/documents/<id:pk>/": ("pk=convention_document", CONVENTION_READERS_200),
    "conventions/parties/<id:pk>/retirer/": ("pk=convention_party", POST_ONLY, CONVENTION_WRITERS_POST),
    "conventions/objectifs/<id:pk>/retirer/": ("pk=target", POST_ONLY, CONVENTION_WRITERS_POST),
    "conventions/mises-a-disposition/<id:pk>/retirer/": ("pk=secondment", POST_ONLY, CONVENTION_WRITERS_POST),
    # Its meetings (the crawler's is held, with a decision; another one is planned, for the steps and the form of a
    # planned meeting) and its joint action plan (one action, without owner).
    "conventions/<id:convention_pk>/reunions/": ("convention_pk=convention", GOVERNANCE_READERS_200),
    "conventions/<id:convention_pk>/reunions/nouvelle/": ("convention_pk=convention", GOVERNANCE_WRITERS_200),
    "conventions/<id:convention_pk>/reunions/rythme/": ("convention_pk=convention", GOVERNANCE_WRITERS_200),
    "conventions/<id:convention_pk>/reunions/calendrier.ics": ("convention_pk=convention", GOVERNANCE_READERS_200),
    "conventions/<id:convention_pk>/reunions/<id:pk>/": ("convention_pk=convention&pk=meeting", GOVERNANCE_READERS_200),
    "conventions/<id:convention_pk>/reunions/<id:pk>/modifier/": (
        "convention_pk=convention&pk=planned_meeting",
        GOVERNANCE_WRITERS_200,
    ),
    "conventions/<id:convention_pk>/reunions/<id:pk>/tenue/": (
        "convention_pk=convention&pk=planned_meeting",
        POST_ONLY,
        GOVERNANCE_WRITERS_POST,
    ),
    "conventions/<id:convention_pk>/reunions/<id:pk>/approuver/": (
        "convention_pk=convention&pk=meeting",
        POST_ONLY,
        GOVERNANCE_WRITERS_POST,
    ),
    "conventions/<id:convention_pk>/reunions/<id:pk>/annuler/": (
        "convention_pk=convention&pk=planned_meeting",
        POST_ONLY,
        GOVERNANCE_WRITERS_POST,
    ),
    "conventions/<id:convention_pk>/reunions/<id:pk>/invitations/": (
        "convention_pk=convention&pk=meeting",
        GOVERNANCE_WRITERS_200,
    ),
    "conventions/<id:convention_pk>/reunions/<id:pk>/presences/": (
        "convention_pk=convention&pk=meeting",
        POST_ONLY,
        GOVERNANCE_WRITERS_POST,
    ),
    "conventions/<id:convention_pk>/reunions/<id:pk>/compte-rendu/": (
        "convention_pk=convention&pk=meeting",
        POST_ONLY,
        GOVERNANCE_WRITERS_POST,
    ),
    "conventions/<id:convention_pk>/reunions/<id:pk>/decisions/": (
        "convention_pk=convention&pk=meeting",
        POST_ONLY,
        GOVERNANCE_WRITERS_POST,
    ),
    "conventions/<id:convention_pk>/reunions/<id:pk>/decisions/<id:decision_pk>/action/": (
        "convention_pk=convention&pk=meeting&decision_pk=decision",
        GOVERNANCE_WRITERS_200,
    ),
    "conventions/<id:convention_pk>/reunions/<id:pk>/actions-examinees/": (
        "convention_pk=convention&pk=meeting",
        POST_ONLY,
        GOVERNANCE_WRITERS_POST,
    ),
    "conventions/<id:convention_pk>/reunions/<id:pk>/calendrier.ics": (
        "convention_pk=convention&pk=meeting",
        GOVERNANCE_READERS_200,
    ),
    "conventions/<id:convention_pk>/plan-d-action/": ("convention_pk=convention", GOVERNANCE_READERS_200),
    "conventions/<id:convention_pk>/plan-d-action/nouvelle/": ("convention_pk=convention", GOVERNANCE_WRITERS_200),
    "conventions/<id:convention_pk>/plan-d-action/<id:pk>/modifier/": (
        "convention_pk=convention&pk=plan_action",
        GOVERNANCE_WRITERS_200,
    ),
    "conventions/<id:convention_pk>/plan-d-action/<id:pk>/en-cours/": (
        "convention_pk=convention&pk=plan_action",
        POST_ONLY,
        GOVERNANCE_WRITERS_POST,
    ),
    "conventions/<id:convention_pk>/plan-d-action/<id:pk>/realisee/": (
        "convention_pk=convention&pk=plan_action",
        POST_ONLY,
        GOVERNANCE_WRITERS_POST,
    ),
    "conventions/<id:convention_pk>/plan-d-action/<id:pk>/abandonnee/": (
        "convention_pk=convention&pk=plan_action",
        POST_ONLY,
        GOVERNANCE_WRITERS_POST,
    ),
    "api/v1/meetings": ("", everyone(405), API_GOVERNANCE_WRITERS),
    "api/v1/meetings/convention/<int:convention_id>": ("convention_id=convention", API_GOVERNANCE_READERS),
    "api/v1/meetings/convention/<int:convention_id>/cadence": (
        "convention_id=convention",
        API_GOVERNANCE_READERS,
        API_GOVERNANCE_WRITERS,
    ),
    # GET and PUT: django-ninja answers 405 to a POST before authenticating.
    "api/v1/meetings/<int:pk>": ("pk=planned_meeting", API_GOVERNANCE_READERS, everyone(405)),
    "api/v1/meetings/<int:pk>/hold": ("pk=planned_meeting", everyone(405), API_GOVERNANCE_WRITERS),
    "api/v1/meetings/<int:pk>/approve": ("pk=meeting", everyone(405), API_GOVERNANCE_WRITERS),
    "api/v1/meetings/<int:pk>/cancel": ("pk=planned_meeting", everyone(405), API_GOVERNANCE_WRITERS),
    "api/v1/meetings/<int:pk>/invitations": ("pk=meeting", everyone(405), API_GOVERNANCE_WRITERS),
    "api/v1/meetings/<int:pk>/attendance": ("pk=meeting", everyone(405), API_GOVERNANCE_WRITERS),
    "api/v1/meetings/<int:pk>/minutes": ("pk=meeting", everyone(405), API_GOVERNANCE_WRITERS),
    "api/v1/meetings/<int:pk>/decisions": ("pk=meeting", everyone(405), API_GOVERNANCE_WRITERS),
    "api/v1/meetings/decisions/<int:pk>/action": ("pk=decision", everyone(405), API_GOVERNANCE_WRITERS),
    "api/v1/meetings/<int:pk>/reviews": ("pk=meeting", everyone(405), API_GOVERNANCE_WRITERS),
    "api/v1/plan-actions": ("", everyone(405), API_GOVERNANCE_WRITERS),
    "api/v1/plan-actions/convention/<int:convention_id>": ("convention_id=convention", API_GOVERNANCE_READERS),
    "api/v1/plan-actions/<int:pk>": ("pk=plan_action", API_GOVERNANCE_READERS, everyone(405)),
    "api/v1/plan-actions/<int:pk>/start": ("pk=plan_action", everyone(405), API_GOVERNANCE_WRITERS),
    "api/v1/plan-actions/<int:pk>/complete": ("pk=plan_action", everyone(405), API_GOVERNANCE_WRITERS),
    "api/v1/plan-actions/<int:pk>/drop": ("pk=plan_action", everyone(405), API_GOVERNANCE_WRITERS),
    "api/v1/employer-events": (
        "",
        only({"observer": 404}, others=200, anonymous=401),
        only({"observer": 404}, others=OK, anonymous=401),
    ),
    # The crawler's convention through the API: its parties' tokens read it, A's managers write it; the API acts for
    # the caller's organisation only (no platform administrator's rights there).
    # Immersions: the crawler's PMSMP is of the crawler's person (led by A, prescribed by A): A's staff read it, act on
    # it and download its agreement (the temp agency has the person's consent but does not follow them). The crawler's
    # staff immersion is A's adviser's at the temp agency: both organisations' staff read it, their managers
    # (director_a) write it; platform administrators plan one for their own organisation only (refused by a rule).
    "immersions/": ("", NOMINATIVE_200),
    "immersions/pmsmp/nouvelle/": ("?q=crawler", NOMINATIVE_200),
    "immersions/pmsmp/nouvelle/<id:person_pk>/": ("person_pk=person", LEAD_200),
    "immersions/pmsmp/<id:pk>/": ("pk=pmsmp", LEAD_200),
    "immersions/pmsmp/<id:pk>/modifier/": ("pk=pmsmp", LEAD_200),
    "immersions/pmsmp/<id:pk>/convention.pdf": ("pk=pmsmp", LEAD_200),
    "immersions/pmsmp/<id:pk>/signee/": ("pk=pmsmp", POST_ONLY, LEAD_POST),
    "immersions/pmsmp/<id:pk>/commencee/": ("pk=pmsmp", POST_ONLY, LEAD_POST),
    "immersions/pmsmp/<id:pk>/evaluee/": ("pk=pmsmp", POST_ONLY, LEAD_POST),
    "immersions/pmsmp/<id:pk>/annuler/": ("pk=pmsmp", POST_ONLY, LEAD_POST),
    "immersions/professionnels/nouvelle/": ("", ORGANISATION_MANAGERS_200),
    "immersions/professionnels/<id:pk>/": ("pk=staff_immersion", STAFF_IMMERSION_READERS_200),
    "immersions/professionnels/<id:pk>/modifier/": ("pk=staff_immersion", STAFF_IMMERSION_WRITERS_200),
    "immersions/professionnels/<id:pk>/realisee/": ("pk=staff_immersion", POST_ONLY, STAFF_IMMERSION_WRITERS_POST),
    "immersions/professionnels/<id:pk>/annuler/": ("pk=staff_immersion", POST_ONLY, STAFF_IMMERSION_WRITERS_POST),
    "api/v1/immersions/pmsmp": ("", API_NOMINATIVE_200, API_LEAD_POST),
    "api/v1/immersions/pmsmp/<pk>": ("pk=pmsmp", API_LEAD_200),
    "api/v1/immersions/pmsmp/<int:pk>/agreement.pdf": ("pk=pmsmp", API_LEAD_200),
    "api/v1/immersions/pmsmp/<pk>/sign": ("pk=pmsmp", everyone(405), API_LEAD_POST),
    "api/v1/immersions/pmsmp/<pk>/start": ("pk=pmsmp", everyone(405), API_LEAD_POST),
    "api/v1/immersions/pmsmp/<pk>/assess": ("pk=pmsmp", everyone(405), API_LEAD_POST),
    "api/v1/immersions/pmsmp/<pk>/cancel": ("pk=pmsmp", everyone(405), API_LEAD_POST),
    "api/v1/immersions/staff": ("", API_NOMINATIVE_200, API_CONVENTION_CREATORS),
    "api/v1/immersions/staff/<pk>": ("pk=staff_immersion", API_STAFF_IMMERSION_READERS),
    "api/v1/immersions/staff/<pk>/complete": ("pk=staff_immersion", everyone(405), API_CAMPAIGN_MANAGERS),
    "api/v1/immersions/staff/<pk>/cancel": ("pk=staff_immersion", everyone(405), API_CAMPAIGN_MANAGERS),
    "api/v1/conventions": ("?level=local", everyone(200, anonymous=401), API_CONVENTION_CREATORS),
    "api/v1/conventions/<int:pk>": ("pk=convention", API_CONVENTION_READERS),
    "api/v1/conventions/<int:pk>/sign": ("pk=convention", everyone(405), API_CONVENTION_WRITERS),
    "api/v1/conventions/<int:pk>/activate": ("pk=convention", everyone(405), API_CONVENTION_WRITERS),
    "api/v1/conventions/<int:pk>/end": ("pk=convention", everyone(405), API_CONVENTION_WRITERS),
    "api/v1/conventions/<int:pk>/parties": ("pk=convention", API_CONVENTION_READERS, API_CONVENTION_WRITERS),
    "api/v1/conventions/<int:pk>/targets": ("pk=convention", API_CONVENTION_READERS, API_CONVENTION_WRITERS),
    "api/v1/conventions/<int:pk>/secondments": ("pk=convention", API_CONVENTION_READERS, API_CONVENTION_WRITERS),
    # PUT and DELETE only: django-ninja answers 405 to a GET or a POST before authenticating.
    "api/v1/conventions/parties/<int:pk>": ("pk=convention_party", everyone(405), everyone(405)),
    "api/v1/conventions/targets/<int:pk>": ("pk=target", everyone(405), everyone(405)),
    "api/v1/conventions/secondments/<int:pk>": ("pk=secondment", everyone(405), everyone(405)),
    "api/v1/employer-events/<int:pk>": ("pk=employer_event", API_RECEIVER_POST_200),
    "api/v1/employer-events/<int:pk>/hold": ("pk=employer_event", everyone(405), API_LEAD_POST),
    "api/v1/employer-events/<int:pk>/cancel": ("pk=employer_event", everyone(405), API_LEAD_POST),
    "api/v1/employer-events/<int:pk>/invitations": ("pk=employer_event", API_RECEIVER_POST_200, API_RECEIVER_POST),
    # Every party lists the young people (only those it sees); only A, who sees the crawler's person, registers them.
    "api/v1/employer-events/<int:pk>/registrations": ("pk=employer_event", API_RECEIVER_POST_200, API_LEAD_POST),
    "api/v1/employer-events/invitations/<int:pk>/confirm": ("pk=invitation", everyone(405), API_RECEIVER_POST),
    "api/v1/employer-events/invitations/<int:pk>/decline": ("pk=invitation", everyone(405), API_RECEIVER_POST),
    "api/v1/employer-events/invitations/<int:pk>/attend": ("pk=invitation", everyone(405), API_RECEIVER_POST),
    "api/v1/employer-events/invitations/<int:pk>/miss": ("pk=invitation", everyone(405), API_RECEIVER_POST),
    "api/v1/employer-events/registrations/<pk>": (
        "pk=registration",
        only({"adviser_a": 200, "director_a": 200}, others=404, anonymous=401),
    ),
    "api/v1/employer-events/registrations/<pk>/present": ("pk=registration", everyone(405), API_LEAD_POST),
    "api/v1/employer-events/registrations/<pk>/absent": ("pk=registration", everyone(405), API_LEAD_POST),
    "api/v1/employer-events/registrations/<pk>/follow-up": ("pk=registration", everyone(405), API_LEAD_POST),
    "api/v1/employer-events/registrations/<int:pk>/mission": (
        "pk=registration",
        everyone(405),
        everyone(404, anonymous=401),
    ),
    # Career paths (tandem.career_paths): the crawler's person is led by Mission Locale A (its staff read the path and
    # record on it); the temp agency has the person's consent but neither follows them nor holds a referral, so it
    # sees nothing; the crawler's mission was recorded by A, which alone changes or cancels it.
    "parcours/personne/<id:person_pk>/": ("person_pk=person", LEAD_200),
    "parcours/personne/<id:person_pk>/mission/": ("person_pk=person", POST_ONLY, LEAD_POST),
    "parcours/personne/<id:person_pk>/formation/": ("person_pk=person", POST_ONLY, LEAD_POST),
    "parcours/missions/<id:pk>/modifier/": ("pk=mission", LEAD_200),
    "parcours/missions/<id:pk>/annuler/": ("pk=mission", LEAD_200),
    "api/v1/missions": ("", everyone(405), API_LEAD_POST),
    "api/v1/missions/person/<int:person_id>": (
        "person_id=person",
        only({"adviser_a": 200, "director_a": 200}, others=404, anonymous=401),
    ),
    "api/v1/missions/<int:pk>": ("pk=mission", only({"adviser_a": 200, "director_a": 200}, others=404, anonymous=401)),
    "api/v1/missions/<int:pk>/cancel": ("pk=mission", everyone(405), API_LEAD_POST),
    # Exits (tandem.exits): the crawler's person is led by Mission Locale A, whose staff read their exits, record
    # one, and correct, cancel and follow up the crawler's exit (recorded by A); nobody else sees the person, so
    # nobody else reaches anything; the follow-ups due are every organisation's own list (none for an observer).
    "sorties/personne/<id:person_pk>/": ("person_pk=person", LEAD_200, LEAD_POST),
    "sorties/suivis-a-faire/": ("", NOMINATIVE_200),
    "sorties/<id:pk>/corriger/": ("pk=exit", LEAD_200),
    "sorties/<id:pk>/annuler/": ("pk=exit", LEAD_200),
    "sorties/<id:pk>/situation-six-mois/": ("pk=exit", LEAD_200),
    "api/v1/exits": ("", everyone(405), API_LEAD_POST),
    "api/v1/exits/person/<int:person_id>": ("person_id=person", API_LEAD_200),
    "api/v1/exits/<int:pk>": ("pk=exit", API_LEAD_200),
    "api/v1/exits/<int:pk>/cancel": ("pk=exit", everyone(405), API_LEAD_POST),
    "api/v1/exits/<int:pk>/follow-up": ("pk=exit", everyone(405), API_LEAD_POST),
    "notifications/<id:pk>/lue/": ("pk=notification", POST_ONLY, only({"adviser_a": OK}, others=404, anonymous=302)),
    "notifications/tout-lire/": ("", POST_ONLY, everyone(OK, anonymous=302)),
    "notifications/preferences/": ("", everyone(200, anonymous=302)),
    "api/v1/suggestions/people/<int:person_pk>/offers": (
        "person_pk=person",
        only({"adviser_a": 200, "director_a": 200}, others=404, anonymous=401),
    ),
    "api/v1/suggestions/offers/<int:offer_pk>/candidates": (
        "offer_pk=offer",
        only({"adviser_a": 200, "director_a": 200, "agent_b": 200, "temp_contact": 200}, others=404, anonymous=401),
    ),
    # Companies: records and timelines shared by every partner's staff; the crawler's company (Haguenau, single
    # contact at Mission Locale A) is within the reach of A, of its partners (B, the temp agency) — its contacts,
    # forms and writes — and of nobody else; its single contact is handed over by A.
    "entreprises/": ("?q=crawler", NOMINATIVE_200),
    "entreprises/nouvelle/": ("", only({"observer": 404}, others=200, anonymous=302)),
    "entreprises/import/": ("", only({"director_a": 200, "admin": 200}, others=404, anonymous=302)),
    "entreprises/<id:pk>/": ("pk=employer", NOMINATIVE_200),
    "entreprises/<id:pk>/modifier/": ("pk=employer", OFFER_PARTIES_200),
    "entreprises/<id:pk>/contacts/nouveau/": ("pk=employer", OFFER_PARTIES_200),
    "entreprises/<id:pk>/contacts/<id:contact_pk>/modifier/": (
        "pk=employer&contact_pk=employer_contact",
        OFFER_PARTIES_200,
    ),
    "entreprises/<id:pk>/contacts/<id:contact_pk>/supprimer/": (
        "pk=employer&contact_pk=employer_contact",
        POST_ONLY,
        only({"adviser_a": OK, "director_a": OK, "agent_b": OK, "temp_contact": OK}, others=404, anonymous=302),
    ),
    "entreprises/<id:pk>/echanges/nouveau/": ("pk=employer", OFFER_PARTIES_200),
    "entreprises/<id:pk>/interlocuteur/": ("pk=employer", LEAD_200),
    "donnees-personnelles/contacts/<id:pk>/export/": ("pk=employer_contact", OFFER_PARTIES_200),
    "api/v1/employers": (
        "?q=crawler",
        only({"observer": 404}, others=200, anonymous=401),
        only({"observer": 404}, others=OK, anonymous=401),
    ),
    "api/v1/employers/<int:pk>": ("pk=employer", only({"observer": 404}, others=200, anonymous=401)),
    "api/v1/employers/<int:pk>/contacts": (
        "pk=employer",
        only({"adviser_a": 200, "director_a": 200, "agent_b": 200, "temp_contact": 200}, others=404, anonymous=401),
    ),
    "api/v1/employers/<int:pk>/contacts/<int:contact_pk>": (
        "pk=employer&contact_pk=employer_contact",
        everyone(405),
        everyone(405),
    ),
    "api/v1/employers/<int:pk>/interactions": (
        "pk=employer",
        only({"observer": 404}, others=200, anonymous=401),
        only({"adviser_a": OK, "director_a": OK, "agent_b": OK, "temp_contact": OK}, others=404, anonymous=401),
    ),
    "api/v1/employers/<int:pk>/recent-contact": ("pk=employer", only({"observer": 404}, others=200, anonymous=401)),
    "api/v1/employers/<int:pk>/referent": ("pk=employer", everyone(405), API_LEAD_POST),
    # Services catalogue: every member reads it (observers included) and its exports; the crawler's service is
    # Mission Locale A's, changed by its managers (director_a) only; a manager adds services for their own
    # organisation (director_a, the platform administrator for the platform team).
    "services/": ("", everyone(200, anonymous=302)),
    "services/par-theme/": ("", everyone(200, anonymous=302)),
    "services/nouveau/": ("", ORGANISATION_MANAGERS_200),
    "services/<id:pk>/": ("pk=catalogue_service", everyone(200, anonymous=302)),
    "services/<id:pk>/modifier/": ("pk=catalogue_service", only({"director_a": 200}, others=404, anonymous=302)),
    "services/<id:pk>/desactiver/": (
        "pk=catalogue_service",
        POST_ONLY,
        only({"director_a": OK}, others=404, anonymous=302),
    ),
    "services/<id:pk>/reactiver/": (
        "pk=catalogue_service",
        POST_ONLY,
        only({"director_a": OK}, others=404, anonymous=302),
    ),
    "services/export/structures.json": ("", everyone(200, anonymous=302)),
    "services/export/structures.csv": ("", everyone(200, anonymous=302)),
    "services/export/services.json": ("", everyone(200, anonymous=302)),
    "services/export/services.csv": ("", everyone(200, anonymous=302)),
    "api/v1/catalogue/services": (
        "",
        everyone(200, anonymous=401),
        only({"director_a": OK, "admin": OK}, others=404, anonymous=401),
    ),
    "api/v1/catalogue/services/<int:pk>": ("pk=catalogue_service", everyone(200, anonymous=401), everyone(405)),
    "api/v1/catalogue/services/<int:pk>/deactivate": (
        "pk=catalogue_service",
        everyone(405),
        only({"director_a": OK}, others=404, anonymous=401),
    ),
    "api/v1/catalogue/services/<int:pk>/reactivate": (
        "pk=catalogue_service",
        everyone(405),
        only({"director_a": OK}, others=404, anonymous=401),
    ),
    "api/v1/catalogue/data-inclusion/structures": ("", everyone(200, anonymous=401)),
    "api/v1/catalogue/data-inclusion/services": ("", everyone(200, anonymous=401)),
    "api/v1/catalogue/data-inclusion/structures.csv": ("", everyone(200, anonymous=401)),
    "api/v1/catalogue/data-inclusion/services.csv": ("", everyone(200, anonymous=401)),
    # Barrier-lifting actions (barrier_actions): the crawler's action is Mission Locale A's, with the crawler's person
    # (A's) in it. Every member reads the actions and their counts; A's managers change and close it; staff open the
    # referral form; the person is referred only by those who see them (A); A (the referrer, and the owner's
    # managers) records leaving and completion.
    "actions-freins/": ("", everyone(200, anonymous=302)),
    "actions-freins/nouvelle/": ("", only({"director_a": 200, "admin": 200}, others=404, anonymous=302)),
    "actions-freins/<id:pk>/": ("pk=barrier_action", everyone(200, anonymous=302)),
    "actions-freins/<id:pk>/modifier/": ("pk=barrier_action", only({"director_a": 200}, others=404, anonymous=302)),
    "actions-freins/<id:pk>/clore/": (
        "pk=barrier_action",
        POST_ONLY,
        only({"director_a": OK}, others=404, anonymous=302),
    ),
    "actions-freins/<id:pk>/orienter/": ("pk=barrier_action", NOMINATIVE_200),
    "actions-freins/inscriptions/<id:pk>/sortie/": ("pk=barrier_enrolment", POST_ONLY, LEAD_POST),
    "actions-freins/inscriptions/<id:pk>/terminee/": ("pk=barrier_enrolment", POST_ONLY, LEAD_POST),
    "api/v1/barrier-actions": (
        "?barrier_kind=mobility",
        everyone(200, anonymous=401),
        only({"director_a": OK, "admin": OK}, others=404, anonymous=401),
    ),
    # PUT only besides GET: django-ninja answers 405 to a POST before authenticating.
    "api/v1/barrier-actions/<int:pk>": ("pk=barrier_action", everyone(200, anonymous=401), everyone(405)),
    "api/v1/barrier-actions/<int:pk>/close": (
        "pk=barrier_action",
        everyone(405),
        only({"director_a": OK}, others=404, anonymous=401),
    ),
    "api/v1/barrier-actions/<int:pk>/enrolments": (
        "pk=barrier_action",
        everyone(405),
        API_LEAD_POST,
    ),
    "api/v1/barrier-actions/enrolments/<int:pk>/leave": ("pk=barrier_enrolment", everyone(405), API_LEAD_POST),
    "api/v1/barrier-actions/enrolments/<int:pk>/complete": ("pk=barrier_enrolment", everyone(405), API_LEAD_POST),
    "api/v1/barrier-actions/people/<int:person_id>/enrolments": (
        "person_id=person",
        only({"adviser_a": 200, "director_a": 200}, others=404, anonymous=401),
    ),
    # Shared territorial diagnostics (tandem.diagnostics): the crawler's diagnostic is Haguenau's (67180), created by
    # Mission Locale A. Every member reads it (aggregates only, observers too); staff of the organisations located in
    # Haguenau (A, B, the temp agency) write it, and platform administrators on the pages; the API acts for the
    # caller's organisation only (the platform's is not in Haguenau: 404).
    "diagnostics/": ("?territoire=67", everyone(200, anonymous=302)),
    "diagnostics/nouveau/": ("", only({"observer": 404}, others=200, anonymous=302)),
    "diagnostics/<id:pk>/": ("pk=diagnostic", everyone(200, anonymous=302)),
    "diagnostics/<id:pk>/comparer/": ("pk=diagnostic?a=1&b=1", everyone(200, anonymous=302)),
    "diagnostics/<id:pk>/nouvelle-version/": ("pk=diagnostic", DIAGNOSTIC_WRITERS_200),
    "diagnostics/<id:pk>/versions/<id:number>/": ("pk=diagnostic&number=1", everyone(200, anonymous=302)),
    "diagnostics/<id:pk>/versions/<id:number>/analyse/": ("pk=diagnostic&number=1", DIAGNOSTIC_WRITERS_200),
    "diagnostics/<id:pk>/versions/<id:number>/publier/": (
        "pk=diagnostic&number=1",
        POST_ONLY,
        DIAGNOSTIC_WRITERS_POST,
    ),
    "diagnostics/<id:pk>/versions/<id:number>/export.csv": ("pk=diagnostic&number=1", everyone(200, anonymous=302)),
    "api/v1/diagnostics": ("?territory=67180", everyone(200, anonymous=401), API_DIAGNOSTIC_WRITERS),
    "api/v1/diagnostics/<int:pk>": ("pk=diagnostic", everyone(200, anonymous=401), everyone(405)),
    "api/v1/diagnostics/<int:pk>/versions": ("pk=diagnostic", everyone(405), API_DIAGNOSTIC_WRITERS),
    "api/v1/diagnostics/<int:pk>/versions/<int:number>": (
        "pk=diagnostic&number=1",
        everyone(200, anonymous=401),
        everyone(405),
    ),
    # PUT only: django-ninja answers 405 to a GET or a POST before authenticating.
    "api/v1/diagnostics/<int:pk>/versions/<int:number>/narrative": (
        "pk=diagnostic&number=1",
        everyone(405),
        everyone(405),
    ),
    "api/v1/diagnostics/<int:pk>/versions/<int:number>/publish": (
        "pk=diagnostic&number=1",
        everyone(405),
        API_DIAGNOSTIC_WRITERS,
    ),
    # Indicators (tandem.indicators): aggregates only, no names: every authenticated caller reads the catalogue and
    # any indicator for any scope (observers included); read-only (a POST gets 405).
    # Dashboards (indicators): a territory's figures are read by every member, observers included (secrecy masks
    # small figures); an organisation's by its own members only (tests/indicators/test_dashboards.py).
    "indicateurs/": ("", everyone(302, anonymous=302)),
    "indicateurs/tableau-de-bord/": ("?perimetre=departement:67", everyone(200, anonymous=302)),
    "indicateurs/tableau-de-bord/tableaux.xlsx": ("?perimetre=departement:67", everyone(200, anonymous=302)),
    "indicateurs/tableau-de-bord/bilan.pdf": ("?perimetre=departement:67", everyone(200, anonymous=302)),
    "indicateurs/tableau-de-bord/<slug:table>.csv": (
        "table=mois?perimetre=departement:67",
        everyone(200, anonymous=302),
    ),
    "api/v1/indicators": ("", everyone(200, anonymous=401)),
    "api/v1/indicators/<code>": (
        "code=referrals_acceptance_rate?period=2026&scope=departement:67",
        everyone(200, anonymous=401),
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
    # Background tasks are enqueued by the product, not typed in the admin.
    "admin/django_tasks_database/dbtaskresult/add/": only({"admin": 403}, others=302, anonymous=302),
}
# A plausible body for each API write, so that the access guard is what answers, not the schema (422).
API_BODIES = {
    "api/v1/employer-events/registrations/<int:pk>/mission": lambda v: {
        "employer_name": "Entreprise du crawler",
        "job_label": "Cariste",
        "starts_on": "2026-01-05",
        "hours": "7",
    },
    "api/v1/meetings": lambda v: {
        "convention_id": int(v["convention"]),
        "kind": "technical",
        "title": "Comité technique du crawler",
        "starts_at": "2026-12-01T10:00:00",
        "ends_at": "2026-12-01T12:00:00",
        "place": "Mission Locale A",
    },
    "api/v1/meetings/convention/<int:convention_id>/cadence": lambda v: {"kind": "directors", "per_year": 6},
    "api/v1/meetings/<int:pk>/minutes": lambda v: {"minutes": "Compte rendu du crawler"},
    "api/v1/meetings/<int:pk>/decisions": lambda v: {"text": "Décision du crawler"},
    "api/v1/meetings/<int:pk>/attendance": lambda v: {"rows": []},
    "api/v1/meetings/<int:pk>/reviews": lambda v: {"action_id": int(v["plan_action"])},
    "api/v1/plan-actions": lambda v: {
        "convention_id": int(v["convention"]),
        "year": 2026,
        "title": "Action du crawler",
        "owner_organisation_id": int(v["ml_a"]),
    },
    "api/v1/conventions": lambda v: {
        "level": "local",
        "kind": "other",
        "title": "Convention du crawler",
        "starts_on": timezone.localdate().isoformat(),
        "parties": [{"organisation_id": int(v["ml_a"]), "role": "signatory"}],
    },
    "api/v1/conventions/<int:pk>/parties": lambda v: {"organisation_id": int(v["agency_b"]), "role": "associated"},
    "api/v1/conventions/<int:pk>/targets": lambda v: {"indicator": "referrals_per_year", "value": 10, "year": 2027},
    "api/v1/conventions/<int:pk>/secondments": lambda v: {
        "agent_name": "Agent",
        "from_agency_id": int(v["agency_b"]),
        "to_mission_locale_id": int(v["ml_a"]),
        "fte": 0.5,
        "starts_on": timezone.localdate().isoformat(),
    },
    "api/v1/designations": lambda v: {
        "ft_identifier": "CRAWL01A",
        "last_name": "Crawler",
        "first_name": "Zoé",
        "birth_date": "2006-05-04",
        "commune_code": "67544",
    },
    "api/v1/people": lambda v: {"first_name": "Zoé", "last_name": "Crawler", "birth_date": "2006-05-04"},
    "api/v1/referrals": lambda v: {"person_id": int(v["person"]), "to_organisation_id": int(v["agency_b"])},
    "api/v1/referrals/<pk>/refuse": lambda v: {"reason": "other", "comment": "crawler"},
    "api/v1/referrals/<pk>/schedule": lambda v: {
        "meeting_at": (timezone.now() + datetime.timedelta(days=2)).isoformat()
    },
    "api/v1/referrals/<pk>/meeting": lambda v: {"held_on": timezone.localdate().isoformat()},
    "api/v1/referrals/<pk>/close": lambda v: {"outcome": "employment"},
    "api/v1/positionings": lambda v: {"person_id": int(v["person"]), "offer_id": int(v["offer"])},
    "api/v1/positionings/<pk>/interview": lambda v: {"interview_at": timezone.now().isoformat()},
    "api/v1/positionings/<pk>/hire": lambda v: {"contract_type": "cdi", "start_on": timezone.localdate().isoformat()},
    "api/v1/positionings/<pk>/not-retained": lambda v: {"reason": "other"},
    "api/v1/offers": lambda v: {"title": "Offre du crawler", "contract_type": "cdd"},
    "api/v1/prospecting/campaigns": lambda v: {
        "name": "ROC du crawler",
        "starts_on": timezone.localdate().isoformat(),
        "ends_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        "commune_codes": ["67180"],
    },
    "api/v1/prospecting/campaigns/<int:pk>/pairs": lambda v: {
        "volunteers": [
            {"user_id": int(v["adviser_a_user"]), "organisation_id": int(v["ml_a"])},
            {"user_id": int(v["agent_b_user_id"]), "organisation_id": int(v["agency_b"])},
        ]
    },
    "api/v1/prospecting/visits": lambda v: {
        "campaign_id": int(v["campaign"]),
        "employer_id": int(v["visited_employer"]),
        "planned_on": timezone.localdate().isoformat(),
    },
    "api/v1/prospecting/visits/<int:pk>/report": lambda v: {"outcome": "no_need"},
    "api/v1/employer-events": lambda v: {
        "format": "job_dating",
        "title": "Job dating du crawler",
        "held_on": timezone.localdate().isoformat(),
        "starts_at": "09:00",
        "ends_at": "12:00",
        "commune_code": "67180",
    },
    "api/v1/employer-events/<int:pk>/invitations": lambda v: {"employer_id": int(v["employer"])},
    "api/v1/employer-events/<int:pk>/registrations": lambda v: {"person_id": int(v["person"])},
    "api/v1/employer-events/registrations/<pk>/present": lambda v: {"outcome": "interview"},
    "api/v1/employer-events/registrations/<pk>/follow-up": lambda v: {"outcome": "hired"},
    "api/v1/immersions/pmsmp": lambda v: {
        "person_id": int(v["person"]),
        "employer_id": int(v["employer"]),
        "tutor_name": "Tuteur du crawler",
        "starts_on": timezone.localdate().isoformat(),
        "ends_on": timezone.localdate().isoformat(),
        "objective": "discover",
        "job_label": "Métier du crawler",
        "activities": "Activités du crawler",
    },
    "api/v1/immersions/pmsmp/<pk>/assess": lambda v: {
        "attendance_ok": True,
        "skills_observed": "Compétences",
        "result": "other",
    },
    "api/v1/immersions/pmsmp/<pk>/cancel": lambda v: {"reason": "Annulée par le crawler"},
    "api/v1/immersions/staff": lambda v: {
        "staff_name": "Agent du crawler",
        "sending_organisation_id": int(v["ml_a"]),
        "host_organisation_id": int(v["temp_agency"]),
        "starts_on": timezone.localdate().isoformat(),
        "ends_on": timezone.localdate().isoformat(),
        "objective": "Objectif du crawler",
    },
    "api/v1/immersions/staff/<pk>/complete": lambda v: {"report": "Bilan du crawler"},
    "api/v1/employers": lambda v: {"name": "Entreprise du crawler", "commune_code": "67180"},
    "api/v1/employers/<int:pk>/contacts": lambda v: {"first_name": "Zoé", "last_name": "Crawler"},
    "api/v1/employers/<int:pk>/interactions": lambda v: {"kind": "call"},
    "api/v1/catalogue/services": lambda v: {
        "name": "Service du crawler",
        "description": "Un service ajouté par le crawler.",
        "themes": ["mobilite--financer-ma-mobilite"],
    },
    # Career paths (tandem.career_paths).
    "api/v1/missions": lambda v: {
        "person_id": int(v["person"]),
        "agency_id": int(v["temp_agency"]),
        "employer_name": "Entreprise du crawler",
        "job_label": "Cariste",
        "starts_on": "2026-03-02",
        "ends_on": "2026-03-06",
        "hours": 35,
    },
    "api/v1/missions/<int:pk>/cancel": lambda v: {"reason": "duplicate"},
    # Exits (tandem.exits).
    "api/v1/exits": lambda v: {"person_id": int(v["person"]), "exited_on": "2026-03-02", "reason": "training"},
    "api/v1/exits/<int:pk>/cancel": lambda v: {"reason": "duplicate"},
    "api/v1/exits/<int:pk>/follow-up": lambda v: {"observed_on": "2026-03-02", "situation": "job_seeking"},
    # Barrier-lifting actions (barrier_actions).
    "api/v1/barrier-actions": lambda v: {
        "title": "Action du crawler",
        "barrier_kind": "mobility",
        "capacity": 5,
        "starts_on": timezone.localdate().isoformat(),
    },
    "api/v1/barrier-actions/<int:pk>/enrolments": lambda v: {"person_id": int(v["person"])},
    # Shared territorial diagnostics (tandem.diagnostics).
    "api/v1/diagnostics": lambda v: {
        "title": "Diagnostic du crawler",
        "territory": "67180",
        "as_of": timezone.localdate().replace(day=1).isoformat(),
    },
    "api/v1/diagnostics/<int:pk>/versions": lambda v: {"as_of": timezone.localdate().replace(day=1).isoformat()},
    "api/v1/employers/<int:pk>/referent": lambda v: {
        "adviser_id": int(v["director_a_user"]),
        "organisation_id": int(v["ml_a"]),
    },
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


def is_api(route: str) -> bool:
    return route.startswith("api/v1/") and route not in ("api/v1/", "api/v1/openapi.json", "api/v1/docs")


def concrete_url(route: str, spec: str, values: dict[str, str]) -> str:
    params, _, query = spec.partition("?")
    filled = dict(pair.split("=", 1) for pair in params.split("&") if pair)
    path = PARAM.sub(lambda m: values.get(filled[m.group(1)], filled[m.group(1)]), route)
    return "/" + path + (f"?{query}" if query else "")


def post_expectation(route: str, persona: str):
    entry = EXPECTATIONS[route]
    if len(entry) == 3:
        return entry[2][persona]
    get = entry[1][persona]
    if get in REFUSALS or (get == 302 and persona == "anonymous"):
        return get
    return OK


def matches(status: int, expected, *, method: str = "GET") -> bool:
    if expected == OK:
        return status not in REFUSALS and status < 500
    # A POST to a page that only reads is refused by its method (405) before anything else: a refusal too.
    return status == expected or (method == "POST" and status == 405)


def domain_rows() -> tuple[int, ...]:
    """What a refused request must not change (the audit log, which records refusals, is not in it)."""
    from tandem.accounts.models import Membership
    from tandem.events.models import Event
    from tandem.offers.models import Offer, Positioning
    from tandem.organisations.models import Coverage, PartnershipLink
    from tandem.people.models import Barrier, Consent, Follow, JobProfile, Note, Person, SchemeEnrolment
    from tandem.referrals.models import Referral

    models = (Person, Follow, Note, Barrier, Consent, SchemeEnrolment, Referral, Offer, Positioning, Event, Coverage)
    models += (JobProfile,)
    models += (PartnershipLink, Membership)
    from tandem.employers.models import Employer, EmployerContact, EmployerInteraction

    models += (Employer, EmployerContact, EmployerInteraction)
    from tandem.prospecting.models import Campaign, CampaignTarget, Pair, Visit

    models += (Campaign, CampaignTarget, Pair, Visit)
    from tandem.employer_events.models import EmployerEvent, Invitation, Registration

    models += (EmployerEvent, Invitation, Registration)
    from tandem.service_catalogue.models import Service, ServiceAudience, ServiceTheme

    models += (Service, ServiceTheme, ServiceAudience)
    from tandem.partnerships.models import Convention, ConventionDocument, ConventionParty, Secondment, Target

    models += (Convention, ConventionParty, Target, Secondment, ConventionDocument)
    from tandem.meetings.models import ActionReview, Decision, Invitee, Meeting, MeetingCadence, PlanAction

    models += (Meeting, Invitee, Decision, PlanAction, ActionReview, MeetingCadence)
    # Career paths (tandem.career_paths).
    from tandem.career_paths.models import Mission

    models += (Mission,)
    # Exits (tandem.exits).
    from tandem.exits.models import Exit, ExitFollowUp

    models += (Exit, ExitFollowUp)
    from tandem.barrier_actions.models import BarrierAction, Enrolment

    models += (BarrierAction, Enrolment)  # barrier_actions
    from tandem.immersions.models import Pmsmp, StaffImmersion

    models += (StaffImmersion, Pmsmp)
    from tandem.diagnostics.models import Diagnostic, DiagnosticVersion

    models += (Diagnostic, DiagnosticVersion)  # diagnostics
    return tuple(model.objects.count() for model in models)


def test_every_route_has_a_declared_expectation():
    undeclared = [r for r in project_routes() if not is_admin(r) and r not in EXPECTATIONS]
    assert undeclared == [], f"Declare who may see these URLs in EXPECTATIONS: {undeclared}"
    stale = [r for r in EXPECTATIONS if r not in project_routes()]
    assert stale == [], f"These declared URLs no longer exist: {stale}"
    post_only_undeclared = [r for r, entry in EXPECTATIONS.items() if 405 in entry[1].values() and len(entry) < 3]
    assert post_only_undeclared == [], f"Declare who may POST to these URLs: {post_only_undeclared}"


def crawler_world(cast) -> dict[str, str]:
    """The records the URLs name: a person led by A, a referral B → A, an offer of A, a positioning on it."""
    from tandem.accounts.enums import TokenScope
    from tandem.accounts.services import api_token_create
    from tandem.imports.enums import ImportKind
    from tandem.imports.models import ImportJob
    from tandem.offers.enums import ContractType, SharingScope
    from tandem.offers.positioning.services import positioning_propose
    from tandem.offers.services import offer_create
    from tandem.people.services import barrier_identify, person_register
    from tandem.referrals.services import referral_propose
    from tests.people.factories import consent_to_the_temp_agency

    token, _ = api_token_create(organisation=cast.ml_a, name="crawler", scope=TokenScope.READ, by=cast.director_a)
    person = person_register(
        by=cast.adviser_a,
        organisation=cast.ml_a,
        adviser=cast.adviser_a,
        first_name="Léa",
        last_name="Crawler",
        birth_date="2004-07-14",
    )
    barrier = barrier_identify(person=person, kind="mobility", by=cast.adviser_a, organisation=cast.ml_a)
    consent = consent_to_the_temp_agency(cast, person)
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
    offer = offer_create(
        organisation=cast.ml_a,
        by=cast.adviser_a,
        title="Offre du crawler",
        contract_type=ContractType.CDD,
        commune_id="67180",
        sharing=SharingScope.PARTNERS,
    )
    positioning = positioning_propose(person=person, offer=offer, by=cast.adviser_a, organisation=cast.ml_a)
    import_job = ImportJob.objects.create(
        kind=ImportKind.OFFERS, organisation=cast.ml_a, created_by=cast.adviser_a, file_name="offres.csv"
    )
    from tandem.notifications.enums import NotificationKind
    from tandem.notifications.models import Notification

    notification = Notification.objects.create(
        recipient=cast.adviser_a,
        organisation=cast.ml_a,
        kind=NotificationKind.REFERRAL_RECEIVED,
        subject_type="referral",
        subject_id=referral.pk,
    )
    from tandem.prospecting.models import Campaign, Pair, Visit

    campaign = Campaign.objects.create(
        name="ROC du crawler",
        organisation=cast.ml_a,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    campaign.organisations.add(cast.ml_a, cast.agency_b)
    campaign.communes.add("67180")
    pair = Pair.objects.create(
        campaign=campaign,
        number=1,
        first_member=cast.adviser_a,
        first_organisation=cast.ml_a,
        second_member=cast.agent_b,
        second_organisation=cast.agency_b,
    )
    from tandem.employers.models import Employer

    visited = Employer.objects.create(name="Entreprise visitée du crawler", commune_id="67180")
    visit = Visit.objects.create(
        campaign=campaign, employer=visited, pair=pair, organisation=cast.ml_a, planned_on=timezone.localdate()
    )
    from tests.employers.factories import EmployerContactFactory, EmployerFactory

    company = EmployerFactory(
        name="Entreprise crawler", commune_id="67180", referent_organisation=cast.ml_a, referent_adviser=cast.adviser_a
    )
    employer_contact = EmployerContactFactory(employer=company, organisation=cast.ml_a)
    from tandem.employer_events.models import EmployerEvent, Invitation, Registration

    employer_event = EmployerEvent.objects.create(
        format="job_dating",
        title="Job dating du crawler",
        held_on=timezone.localdate(),
        starts_at=datetime.time(9),
        ends_at=datetime.time(12),
        commune_id="67180",
        organisation=cast.ml_a,
    )
    employer_event.partners.add(cast.agency_b)
    invitation = Invitation.objects.create(event=employer_event, employer=company, organisation=cast.ml_a)
    registration = Registration.objects.create(event=employer_event, person=person, organisation=cast.ml_a)
    from tests.immersions.factories import PmsmpFactory, StaffImmersionFactory

    pmsmp = PmsmpFactory(person=person, employer=company, organisation=cast.ml_a, adviser=cast.adviser_a)
    staff_immersion = StaffImmersionFactory(sending_organisation=cast.ml_a, host_organisation=cast.temp_agency)
    from tests.service_catalogue.factories import ServiceFactory

    catalogue_service = ServiceFactory(organisation=cast.ml_a, name="Service du crawler")
    link = cast.ml_a.links_as_a.get(organisation_b=cast.agency_b)
    from decimal import Decimal

    from tandem.accounts.models import Membership
    from tandem.partnerships import services as conventions

    convention = conventions.convention_of_link(link=link)
    admin = Membership.objects.select_related("organisation").get(user=cast.admin)
    target = conventions.target_set(
        convention=convention,
        user=cast.admin,
        membership=admin,
        indicator="referrals_per_year",
        value=Decimal(120),
        year=2026,
    )
    secondment = conventions.secondment_create(
        convention=convention,
        user=cast.admin,
        membership=admin,
        data=conventions.SecondmentData(
            agent_name="Agent du crawler",
            from_agency=cast.agency_b,
            to_mission_locale=cast.ml_a,
            fte=Decimal("0.5"),
            starts_on=timezone.localdate(),
        ),
    )
    document = conventions.document_add(
        convention=convention,
        user=cast.admin,
        membership=admin,
        title="Convention signée",
        upload=SimpleUploadedFile("convention.pdf", b"%PDF-1.7\n%%EOF\n"),
    )
    from tandem.meetings import services as governance

    held_at = timezone.now() - datetime.timedelta(days=1)
    meeting = governance.meeting_create(
        convention=convention,
        user=cast.admin,
        membership=admin,
        data=governance.MeetingData(
            kind="steering",
            title="Comité de pilotage du crawler",
            starts_at=held_at,
            ends_at=held_at + datetime.timedelta(hours=2),
            place="Mission Locale A",
        ),
    )
    meeting = governance.meeting_hold(meeting=meeting, user=cast.admin, membership=admin)
    planned_meeting = governance.meeting_create(
        convention=convention,
        user=cast.admin,
        membership=admin,
        data=governance.MeetingData(
            kind="directors",
            title="Comité des directeurs du crawler",
            starts_at=held_at + datetime.timedelta(days=30),
            ends_at=held_at + datetime.timedelta(days=30, hours=2),
            place="France Travail B",
        ),
    )
    decision = governance.decision_record(meeting=meeting, user=cast.admin, membership=admin, text="Décision")
    plan_action = governance.action_create(
        convention=convention,
        user=cast.admin,
        membership=admin,
        data=governance.ActionData(year=timezone.localdate().year, title="Action", owner_organisation=cast.ml_a),
    )
    # Career paths (tandem.career_paths): a mission of the crawler's person, recorded by A at the temp agency.
    from tandem.career_paths.services import mission_record

    mission = mission_record(
        person=person,
        agency=cast.temp_agency,
        employer_name="Entreprise du crawler",
        job_label="Cariste",
        starts_on=timezone.localdate() - datetime.timedelta(days=7),
        ends_on=timezone.localdate() - datetime.timedelta(days=3),
        hours=35,
        by=cast.adviser_a,
        organisation=cast.ml_a,
    )
    # Exits (tandem.exits): the crawler's person's exit today, recorded by A (which leads them).
    from tandem.exits.services import exit_record

    exit = exit_record(
        person=person, exited_on=timezone.localdate(), reason="training", by=cast.adviser_a, organisation=cast.ml_a
    )
    # Barrier-lifting actions (barrier_actions): Mission Locale A's action, with A's person in it.
    from tandem.barrier_actions.models import BarrierAction, Enrolment

    barrier_action = BarrierAction.objects.create(
        organisation=cast.ml_a,
        title="Action du crawler",
        barrier_kind="mobility",
        capacity=2,
        starts_on=timezone.localdate(),
    )
    barrier_enrolment = Enrolment.objects.create(
        action=barrier_action, person=person, organisation=cast.ml_a, adviser=cast.adviser_a, status="enrolled"
    )
    # Shared territorial diagnostics (tandem.diagnostics): Haguenau's, created by Mission Locale A.
    from tandem.diagnostics.services import diagnostic_create
    from tandem.territories.models import Commune

    diagnostic = diagnostic_create(
        by=cast.adviser_a,
        membership=cast.adviser_a.memberships.get(),
        title="Diagnostic du crawler",
        territory=Commune.objects.get(code="67180"),
        as_of=timezone.localdate().replace(day=1),
    ).diagnostic
    return {
        "convention": str(convention.pk),
        "meeting": str(meeting.pk),
        "planned_meeting": str(planned_meeting.pk),
        "decision": str(decision.pk),
        "plan_action": str(plan_action.pk),
        "convention_party": str(convention.parties.get(organisation=cast.agency_b).pk),
        "target": str(target.pk),
        "secondment": str(secondment.pk),
        "convention_document": str(document.pk),
        "link": str(link.pk),
        "membership": str(cast.adviser_a.memberships.get().pk),
        "ml_a": str(cast.ml_a.pk),
        "agency_b": str(cast.agency_b.pk),
        "token": str(token.pk),
        "person": str(person.pk),
        "barrier": str(barrier.pk),
        "consent": str(consent.pk),
        "referral": str(referral.pk),
        "offer": str(offer.pk),
        "positioning": str(positioning.pk),
        "import_job": str(import_job.pk),
        "notification": str(notification.pk),
        "employer": str(company.pk),
        "employer_contact": str(employer_contact.pk),
        "director_a_user": str(cast.director_a.pk),
        "campaign": str(campaign.pk),
        "visit": str(visit.pk),
        "visited_employer": str(visited.pk),
        "adviser_a_user": str(cast.adviser_a.pk),
        "agent_b_user_id": str(cast.agent_b.pk),
        "employer_event": str(employer_event.pk),
        "invitation": str(invitation.pk),
        "registration": str(registration.pk),
        "catalogue_service": str(catalogue_service.pk),
        # Career paths (tandem.career_paths).
        "mission": str(mission.pk),
        "temp_agency": str(cast.temp_agency.pk),
        # Exits (tandem.exits).
        "exit": str(exit.pk),
        "barrier_action": str(barrier_action.pk),
        "barrier_enrolment": str(barrier_enrolment.pk),
        "pmsmp": str(pmsmp.pk),
        "staff_immersion": str(staff_immersion.pk),
        "diagnostic": str(diagnostic.pk),  # diagnostics
    }


def persona_token_headers(cast, persona: str) -> dict[str, str]:
    """A write token of the persona's organisation acting with the persona's role (a manager's for the platform
    administrator: no token is an administrator)."""
    from tandem.accounts.enums import Role, TokenScope
    from tandem.accounts.services import api_token_create

    user = cast.personas()[persona]
    membership = user.memberships.get()
    role = Role.MANAGER if membership.role == Role.ADMINISTRATOR else membership.role
    _token, key = api_token_create(
        organisation=membership.organisation,
        name=f"crawler {persona}",
        scope=TokenScope.WRITE,
        role=role,
        by=cast.admin,
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def request(client, method: str, route: str, url: str, values: dict[str, str]):
    if method == "GET":
        return client.get(url)
    if route.endswith("/import"):
        data = {"file": SimpleUploadedFile("crawler.csv", b"identifiant;intitule\n", content_type="text/csv")}
        return client.post(url, data)
    if is_api(route):
        body = API_BODIES.get(route, lambda v: {})(values)
        return client.post(url, body, content_type="application/json")
    return client.post(url, {})


def crawl(client, cast, persona: str, *, method: str, values, login=None, api_only=False) -> list[str]:
    mismatches = []
    for route in project_routes():
        if api_only and not is_api(route):
            continue
        if is_admin(route):
            if method == "POST" or PARAM.search(route) or "(?P<" in route or "^" in route:
                continue  # per-object admin pages: same guard as the admin index
            url, expected = "/" + route, ADMIN_SPECIAL.get(route, ADMIN_EXPECTATION)[persona]
        else:
            spec, table = EXPECTATIONS[route][:2]
            url = concrete_url(route, spec, values)
            expected = table[persona] if method == "GET" else post_expectation(route, persona)
        if login is not None:
            login()  # a POST may log out (logout) or switch organisation: every request starts the same way
        before = domain_rows() if method == "POST" and expected != OK else None
        status = request(client, method, route, url, values).status_code
        if not matches(status, expected, method=method):
            mismatches.append(f"{method} {url}: expected {expected}, got {status}")
        if before is not None and domain_rows() != before:
            mismatches.append(f"{method} {url}: refused ({status}) but the database changed")
    return mismatches


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_exactly_the_declared_access(client, cast, persona):
    values = crawler_world(cast)
    login = None
    if persona != "anonymous":
        user = cast.personas()[persona]
        client.force_login(user)
        login = lambda: client.force_login(user)  # noqa: E731
    mismatches = crawl(client, cast, persona, method="GET", values=values)
    mismatches += crawl(client, cast, persona, method="POST", values=values, login=login)
    assert mismatches == [], "\n".join(mismatches)


@pytest.mark.parametrize("persona", LOGGED_IN)
def test_each_persona_s_api_token_gets_exactly_the_declared_access(cast, persona):
    values = crawler_world(cast)
    client = Client(**persona_token_headers(cast, persona))
    mismatches = crawl(client, cast, persona, method="GET", values=values, api_only=True)
    mismatches += crawl(client, cast, persona, method="POST", values=values, api_only=True)
    assert mismatches == [], "\n".join(mismatches)
