from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "baton.users"
    label = "users"
