from django.apps import AppConfig


class DesignationsConfig(AppConfig):
    name = "tandem.designations"
    label = "designations"
