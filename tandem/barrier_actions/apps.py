from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BarrierActionsConfig(AppConfig):
    name = "tandem.barrier_actions"
    label = "barrier_actions"
    verbose_name = _("Actions de levée des freins")

    def ready(self) -> None:
        # How its events read on an action's and a person's timeline (tandem.events.timeline).
        from tandem.barrier_actions import timeline  # noqa: F401
