from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "tandem.offers"
    label = "offers"
