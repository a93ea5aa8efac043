from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "tandem.people"
    label = "people"

    def ready(self) -> None:
        # How this app's events read on a timeline (tandem.events.timeline).
        from tandem.people import timeline  # noqa: F401
