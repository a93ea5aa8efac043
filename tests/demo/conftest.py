"""The demo is loaded once for every test of this package, through the command as `make run` does, and rolled
back after the last one (tests/demo runs its modules one after the other)."""

from __future__ import annotations

from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings

from tandem.demo.services import demo_counts


@dataclass(frozen=True)
class DemoLoaded:
    output: str  # what `manage.py load_demo` printed
    counts: dict[str, int]  # demo_counts() once loaded


@pytest.fixture(scope="package")
def demo_loaded(django_db_setup, django_db_blocker):
    # Without the official agencies file the demo creates only the sites it needs: the same rows (a test below
    # checks it), faster. MD5 keeps the demo accounts' hashing out of the measurement of the tests.
    fast_hasher = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(TANDEM_REFERENTIAL_DIR="", PASSWORD_HASHERS=fast_hasher):
            out = StringIO()
            call_command("load_demo", stdout=out, stderr=StringIO())
            loaded = DemoLoaded(output=out.getvalue(), counts=demo_counts())
        yield loaded
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_loaded, db):
    """The loaded demo, for a test that reads it (its own writes are rolled back after it)."""
    return demo_loaded
