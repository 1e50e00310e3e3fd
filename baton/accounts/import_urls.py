"""URL patterns of the account import pages (included by baton.accounts.urls)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
