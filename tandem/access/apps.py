from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    """Who may see a young person: the rule that reads follows, referrals and consents, above all three."""

    name = "tandem.access"
    verbose_name = _("Accès aux dossiers")
