"""Tandem settings: one file, driven by environment variables (see .env.example)."""

from __future__ import annotations

from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("TANDEM_DEBUG", False)
SECRET_KEY = env_str("TANDEM_SECRET_KEY", "dev-only-insecure-key-change-me-in-production")
ALLOWED_HOSTS = env_list("TANDEM_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("TANDEM_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "dsfr",
    "widget_tweaks",  # used by django-dsfr's field templates
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "ninja",  # serves the API docs' Swagger UI from our static files, not a CDN the CSP would refuse
    "config.checks.ChecksConfig",  # Tandem's own deploy checks (insecure secret key)
    "tandem.core",
    "tandem.territories",
    "tandem.referentials",
    "tandem.organisations",
    "tandem.accounts",
    "tandem.events",
    "tandem.audit",
    "tandem.people",
    "tandem.access",
    "tandem.referrals",
    "tandem.designations",
    "tandem.employers",
    "tandem.offers",
    "tandem.prospecting",
    "tandem.employer_events",
    "tandem.service_catalogue",
    "tandem.partnerships",
    "tandem.meetings",
    "tandem.indicators",
    "tandem.diagnostics",
    "tandem.privacy",
    "tandem.immersions",
    "tandem.barrier_actions",
    "tandem.career_paths",
    "tandem.exits",
    "tandem.imports",
    "tandem.notifications",
    "tandem.api",
    "tandem.demo",
    "tandem.shell",
]
# The measuring instruments (manage.py generate_national), where the checkout has them.
if (BASE_DIR / "bench" / "apps.py").exists():
    INSTALLED_APPS.append("bench")

# Personal data: records without activity for this long are anonymised (manage.py purge_expired).
TANDEM_RETENTION_DAYS = env_int("TANDEM_RETENTION_DAYS", 730)
# A company contacted by someone else within these days shows "déjà contacté le … par …" before a new contact.
TANDEM_EMPLOYER_CONTACT_WARNING_DAYS = env_int("TANDEM_EMPLOYER_CONTACT_WARNING_DAYS", 30)
# Designation of young France Travail registrants to their Mission Locale (cotraitance): ages on the day.
TANDEM_DESIGNATION_MIN_AGE = env_int("TANDEM_DESIGNATION_MIN_AGE", 16)
TANDEM_DESIGNATION_MAX_AGE = env_int("TANDEM_DESIGNATION_MAX_AGE", 25)
TANDEM_DESIGNATION_MAX_AGE_RQTH = env_int("TANDEM_DESIGNATION_MAX_AGE_RQTH", 29)
# Only behind our own reverse proxy (docs/security.md): the client's address is then the last X-Forwarded-For
# entry, the one the proxy appended, for the audit log and the login lockout alike.
TANDEM_TRUST_X_FORWARDED_FOR = env_bool("TANDEM_TRUST_X_FORWARDED_FOR", False)
# The same proxy says whether the browser came over HTTPS (else SECURE_SSL_REDIRECT would loop forever).
if env_bool("TANDEM_TRUST_X_FORWARDED_PROTO", TANDEM_TRUST_X_FORWARDED_FOR):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tandem.core.middleware.FrenchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tandem.core.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tandem.accounts.middleware.ActingOrganisationMiddleware",
    # Axes last, as its documentation asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tandem.shell.context_processors.navigation",
                "tandem.shell.context_processors.notifications",
            ],
        },
    },
]

# Database: embedded SQLite by default, PostgreSQL when TANDEM_DATABASE=postgres.
DATABASE_ENGINE = env_str("TANDEM_DATABASE", "sqlite")
if DATABASE_ENGINE == "postgres":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": env_str("TANDEM_DB_NAME", "tandem"),
            "USER": env_str("TANDEM_DB_USER", "postgres"),
            "PASSWORD": env_str("TANDEM_DB_PASSWORD", ""),
            "HOST": env_str("TANDEM_DB_HOST", "127.0.0.1"),
            "PORT": env_str("TANDEM_DB_PORT", "5432"),
            "CONN_MAX_AGE": env_int("TANDEM_DB_CONN_MAX_AGE", 60),
        }
    }
elif DATABASE_ENGINE == "sqlite":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("TANDEM_SQLITE_PATH", str(BASE_DIR / "var" / "tandem.sqlite3")),
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
else:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"TANDEM_DATABASE must be 'sqlite' or 'postgres', got {DATABASE_ENGINE!r}")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "shell:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout after repeated failures (django-axes, see docs/security.md): an account after AXES_FAILURE_LIMIT
# failures from any address; an address after TANDEM_ADDRESS_FAILURE_LIMIT failures on any accounts (higher:
# the advisers of one office share its address). Both for AXES_COOLOFF_TIME hours.
AXES_FAILURE_LIMIT = env_int("TANDEM_AXES_FAILURE_LIMIT", 5)
TANDEM_ADDRESS_FAILURE_LIMIT = env_int("TANDEM_AXES_ADDRESS_FAILURE_LIMIT", 30)
AXES_COOLOFF_TIME = env_int("TANDEM_AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "tandem.accounts.lockout.LockoutHandler"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "tandem.accounts.lockout.lockout_username"
AXES_CLIENT_IP_CALLABLE = "tandem.core.network.client_ip_address"
AXES_LOCKOUT_CALLABLE = "tandem.accounts.views.locked_out"
AXES_HTTP_RESPONSE_CODE = 429  # axes' default, named here for the lockout page (tandem.accounts.views.locked_out)
AXES_RESET_ON_SUCCESS = True
# Password-reset e-mails per hour, per e-mail and per address; past them the page answers the same, sends nothing.
TANDEM_PASSWORD_RESET_EMAIL_LIMIT = env_int("TANDEM_PASSWORD_RESET_EMAIL_LIMIT", 3)
TANDEM_PASSWORD_RESET_ADDRESS_LIMIT = env_int("TANDEM_PASSWORD_RESET_ADDRESS_LIMIT", 10)
# How long a password-reset or invitation link stays valid (it also dies once used): three days, Django's default.
PASSWORD_RESET_TIMEOUT = env_int("TANDEM_PASSWORD_RESET_TIMEOUT_SECONDS", 3 * 24 * 3600)

# One cache shared by every gunicorn worker (counters of the throttles): a table of the database,
# created by `manage.py createcachetable` (`make setup`; the test database gets it automatically).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "tandem_cache",
    }
}

# Sessions and cookies: secure defaults, relaxed only for local HTTP.
SECURE_COOKIES = env_bool("TANDEM_SECURE_COOKIES", not DEBUG and DATABASE_ENGINE == "postgres")
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
# A form refused by the CSRF check (expired, sent from elsewhere) gets the product's French 403 page, with a way back.
CSRF_FAILURE_VIEW = "tandem.shell.views.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("TANDEM_SESSION_AGE_SECONDS", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("TANDEM_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("TANDEM_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("TANDEM_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("TANDEM_HSTS_PRELOAD", True)

# Content-Security-Policy (django-csp 4): scripts and styles only from our own files, so an injected inline
# script never runs (an inline script of ours would need the page's nonce, `{{ request.csp_nonce }}`).
# htmx's inline indicator styles are switched off in base.html; data: images are the DSFR's inlined icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "upgrade-insecure-requests": SECURE_SSL_REDIRECT,
    }
}
# Permissions-Policy: browser features Tandem never uses, refused to any script that would try. Only names
# Chromium knows (it logs an error for the others: the e2e journey checks that).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "clipboard-read",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

EMAIL_BACKEND = env_str("TANDEM_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Where django.core.mail.backends.filebased.EmailBackend writes (the browser journeys read invitations there).
EMAIL_FILE_PATH = env_str("TANDEM_EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
DEFAULT_FROM_EMAIL = env_str("TANDEM_FROM_EMAIL", "Tandem <ne-pas-repondre@tandem.localhost>")
# The address of the site, for the links of e-mails sent outside a request (notifications, daily digests).
TANDEM_SITE_URL = env_str("TANDEM_SITE_URL", "http://127.0.0.1:8000")

# Background work (imports of files uploaded through a page or the API) waits in the database for a worker:
# `python manage.py db_worker` (make run starts one beside the web server). Tests run tasks immediately.
TASKS = {"default": {"BACKEND": env_str("TANDEM_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# French first, English available.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Paris"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("TANDEM_STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str("TANDEM_STATICFILES_STORAGE", "whitenoise.storage.CompressedManifestStaticFilesStorage")
    },
}
# Uploaded files waiting for a background import (never served): private to the server.
MEDIA_ROOT = Path(env_str("TANDEM_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))

# Where the official referential files live (never copied into the project).
_shared_data = BASE_DIR.parent / "shared" / "data"
TANDEM_REFERENTIAL_DIR = env_str("TANDEM_REFERENTIAL_DIR", str(_shared_data) if _shared_data.exists() else "")
TANDEM_NODE_MODULES = Path(env_str("TANDEM_NODE_MODULES", str(BASE_DIR / "node_modules")))
# Dashboards are measured again when their figures are older than this (seconds); `indicators_refresh` measures
# them ahead of time (docs/indicators.md).
TANDEM_INDICATORS_MAX_AGE = env_int("TANDEM_INDICATORS_MAX_AGE", 3600)
# The State's chart components (npm @gouvfr/dsfr-chart), served from our own static files, never from a CDN.
STATICFILES_DIRS = [("dsfr-chart", TANDEM_NODE_MODULES / "@gouvfr" / "dsfr-chart" / "dist" / "DSFRChart")]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("TANDEM_LOG_LEVEL", "WARNING")},
}
DSFR_MARK_OPTIONAL_FIELDS = True
# WhiteNoise's manifest storage rewrites url() references inside the DSFR stylesheets, so the vendor's
# subresource-integrity hashes no longer match and browsers would drop the styles: the files are ours, same origin.
DSFR_USE_INTEGRITY_CHECKSUMS = False
