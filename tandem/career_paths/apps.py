from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareerPathsConfig(AppConfig):
    name = "tandem.career_paths"
    label = "career_paths"
    verbose_name = _("Parcours en intérim")
