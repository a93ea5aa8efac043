from django.apps import AppConfig


class EmployerEventsConfig(AppConfig):
    name = "tandem.employer_events"
    label = "employer_events"

    def ready(self) -> None:
        # The event's, the invitation's and the registration's workflows (tandem.core.workflows), and how their
        # events read on a company's and a person's timeline (tandem.events.timeline).
        from tandem.employer_events import timeline, workflow  # noqa: F401
