from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "baton.engagement"
    label = "engagement"
