from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate, pre_migrate


class OffersConfig(AppConfig):
    name = "tandem.offers"
    label = "offers"

    def ready(self) -> None:
        # How this app's events read on a timeline (tandem.events.timeline).
        # How a file of offers uploaded through a page or the API is imported (tandem.imports).
        from tandem.offers import (
            imports,  # noqa: F401
            timeline,  # noqa: F401
        )

        # The matching's SeenSoughtJob is kept by triggers installed after the migrations (matching.seen).
        pre_migrate.connect(_before_migrations, sender=self)
        post_migrate.connect(_after_migrations, sender=self)


def _before_migrations(using: str = "default", **_: Any) -> None:
    from tandem.offers.matching import seen

    seen.before_migrations(connections[using])


def _after_migrations(using: str = "default", **_: Any) -> None:
    from tandem.offers.matching import seen

    seen.sync(connections[using])
