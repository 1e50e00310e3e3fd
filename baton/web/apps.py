from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "baton.web"
    label = "web"
