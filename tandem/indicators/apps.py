from django.apps import AppConfig

# The modules that declare indicators (one per family): importing one registers its indicators in the catalogue.
FAMILIES = (
    "referrals",
    "caseload",
    "exits",
    "schemes",
    "publics",
    "overlaps",
    "plie",
    "offers",
    "employers",
    "governance",
    "temp_work",
)


class IndicatorsConfig(AppConfig):
    name = "tandem.indicators"
    label = "indicators"

    def ready(self) -> None:
        from importlib import import_module

        for family in FAMILIES:
            import_module(f"{self.name}.{family}")
