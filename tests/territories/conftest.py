from __future__ import annotations

import pytest
from django.core.management import call_command

from tandem.territories.models import Commune


@pytest.fixture(scope="session")
def real_referentials(django_db_setup, django_db_blocker) -> None:
    """The real referentials from TANDEM_REFERENTIAL_DIR, loaded once (tests/conftest.py usually did it already)."""
    with django_db_blocker.unblock():
        if not Commune.objects.exists():
            call_command("import_referentials", "--no-progress", verbosity=0)
