from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The measuring instruments (no models): the national data set generator and the benchmark runner."""

    name = "bench"
    label = "bench"
    verbose_name = "Mesures"
