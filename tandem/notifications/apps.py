from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Who is told what, drawn from the event log: in Tandem, and by e-mail as each person chose."""

    name = "tandem.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # The events this app listens to (tandem.events.listeners), heard once their transaction commits.
        from tandem.notifications import listeners  # noqa: F401
