from django.apps import AppConfig


class ReferentialsConfig(AppConfig):
    name = "tandem.referentials"
    label = "referentials"
