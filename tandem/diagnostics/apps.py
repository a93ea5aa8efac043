from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosticsConfig(AppConfig):
    name = "tandem.diagnostics"
    label = "diagnostics"
    verbose_name = _("Diagnostics territoriaux partagés")
