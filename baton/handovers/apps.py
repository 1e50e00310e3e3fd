from django.apps import AppConfig


class HandoversConfig(AppConfig):
    name = "baton.handovers"
    label = "handovers"
