from django.apps import AppConfig


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
