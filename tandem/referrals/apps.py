from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "tandem.referrals"
    label = "referrals"

    def ready(self) -> None:
        # How this app's events read on a timeline (tandem.events.timeline).
        from tandem.referrals import timeline, workflow  # noqa: F401
