from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "tandem.meetings"
    label = "meetings"

    def ready(self) -> None:
        # The meeting's and the action's workflows (tandem.core.workflows), and how their events read on the
        # convention's timeline (tandem.events.timeline).
        from tandem.meetings import timeline, workflow  # noqa: F401
