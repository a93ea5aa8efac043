from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosticsConfig(AppConfig):
    name = "tandem.diagnostics"
    label = "diagnostics"
    verbose_name = _("Diagnostics territoriaux partagés")

    def ready(self) -> None:
        # The version's workflow (tandem.core.workflows).
        from tandem.diagnostics import workflow  # noqa: F401
