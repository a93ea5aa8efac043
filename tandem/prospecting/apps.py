from django.apps import AppConfig


class ProspectingConfig(AppConfig):
    name = "tandem.prospecting"
    label = "prospecting"

    def ready(self) -> None:
        # The campaign's and the visit's workflows (tandem.core.workflows): pages and docs find them.
        from tandem.prospecting import workflow  # noqa: F401
