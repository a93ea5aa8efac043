from django.apps import AppConfig


class EmployersConfig(AppConfig):
    name = "tandem.employers"
    label = "employers"

    def ready(self) -> None:
        # How this app's events read on a timeline (tandem.events.timeline).
        from tandem.employers import timeline  # noqa: F401
