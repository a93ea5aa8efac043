from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExitsConfig(AppConfig):
    name = "tandem.exits"
    label = "exits"
    verbose_name = _("Sorties d'accompagnement")

    def ready(self) -> None:
        # The exit's workflow (tandem.core.workflows) and how its events read on the person's timeline.
        from tandem.exits import timeline, workflow  # noqa: F401
