from django.apps import AppConfig


class CliConfig(AppConfig):
    name = "baton.cli"
    label = "cli"
