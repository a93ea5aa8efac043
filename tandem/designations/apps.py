from django.apps import AppConfig


class DesignationsConfig(AppConfig):
    name = "tandem.designations"
    label = "designations"

    def ready(self) -> None:
        # How a France Travail list uploaded through a page or the API is imported (tandem.imports).
        from tandem.designations import imports  # noqa: F401
