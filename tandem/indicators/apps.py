from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "tandem.indicators"
    label = "indicators"

    def ready(self) -> None:
        # Each family registers its indicators in the catalogue (tandem.indicators.registry).
        from tandem.indicators import referrals  # noqa: F401
