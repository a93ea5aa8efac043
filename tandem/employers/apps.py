from django.apps import AppConfig


class EmployersConfig(AppConfig):
    name = "tandem.employers"
    label = "employers"
