from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareerPathsConfig(AppConfig):
    name = "tandem.career_paths"
    label = "career_paths"
    verbose_name = _("Parcours en intérim")

    def ready(self) -> None:
        # The mission's workflow (tandem.core.workflows) and how its events read on the person's timeline.
        from tandem.career_paths import timeline, workflow  # noqa: F401
