from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "baton.metrics"
    label = "metrics"
