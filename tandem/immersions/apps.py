from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImmersionsConfig(AppConfig):
    name = "tandem.immersions"
    label = "immersions"
    verbose_name = _("Immersions")

    def ready(self) -> None:
        # The staff immersion's and the PMSMP's workflows (tandem.core.workflows) and how their events read on a
        # timeline (tandem.events.timeline).
        from tandem.immersions import timeline, workflow  # noqa: F401
