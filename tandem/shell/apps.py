from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShellConfig(AppConfig):
    """The top of the house: home page per role, navigation, header, timeline rendering, error pages."""

    name = "tandem.shell"
    verbose_name = _("Coquille de l'application")
    default_auto_field = "django.db.models.BigAutoField"
