from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "tandem.events"
    label = "events"
