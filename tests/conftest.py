"""Shared test set-up: real referentials loaded once per database, and the cast of personas."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tests.personas import Cast, build_cast


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real referentials (communes, EPCI, ROME…) once into the test database."""
    with django_db_blocker.unblock():
        call_command("import_referentials", "--no-progress", verbosity=0)


@pytest.fixture
def cast(db) -> Cast:
    return build_cast()


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings, tmp_path):
    # Background work (imports) runs when enqueued, in the test's process; uploaded files go to a temporary folder.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _compiled_queries_checked(monkeypatch):
    # Queries kept compiled under a key are compiled again at every call and must be the one kept: a key that misses
    # something the query reads fails the test that changes it (tandem.core.compiled).
    from tandem.core import compiled

    monkeypatch.setattr(compiled, "VERIFY", True)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing is slow by design; tests do not measure it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Tests do not run collectstatic: serve static files without the hashed manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _french_by_default():
    # A request in English leaves the thread's language switched: start every test in French.
    from django.utils import translation

    translation.activate("fr")
    yield
    translation.activate("fr")


@pytest.fixture
def cast_committed(transactional_db) -> Cast:
    """The cast in committed rows, for tests that need several connections (concurrency).

    A transactional test empties every table when it ends: `_referentials_loaded` reloads them.
    """
    return build_cast()


@pytest.fixture(autouse=True)
def _referentials_loaded(request, django_db_blocker):
    """Reload the referentials when an earlier transactional test emptied the database."""
    if "django_db_setup" not in request.fixturenames:
        return
    request.getfixturevalue("django_db_setup")
    from tandem.territories.models import Commune

    with django_db_blocker.unblock():
        if not Commune.objects.exists():
            call_command("import_referentials", "--no-progress", verbosity=0)
