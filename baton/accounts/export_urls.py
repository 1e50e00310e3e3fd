"""URL patterns of the account export pages (included by baton.accounts.urls)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
