from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "tandem.partnerships"
    label = "partnerships"

    def ready(self) -> None:
        # The convention's workflow (tandem.core.workflows) and how its events read on its timeline.
        from tandem.partnerships import timeline, workflow  # noqa: F401
