from django.apps import AppConfig


class ServiceCatalogueConfig(AppConfig):
    name = "tandem.service_catalogue"
    label = "service_catalogue"
