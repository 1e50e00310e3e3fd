"""URL patterns of the account import pages (included by baton.accounts.urls)."""

from django.urls import URLPattern, URLResolver, path

from baton.accounts import import_views as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("accounts/import/", views.import_start, name="import"),
    path(
        "accounts/import/template/<slug:kind>.csv",
        views.import_template,
        name="import_template",
    ),
    path("accounts/import/<str:token>/", views.import_mapping, name="import_mapping"),
    path("accounts/import/<str:token>/preview/", views.import_preview, name="import_preview"),
    path("accounts/import/<str:token>/run/", views.import_run, name="import_run"),
    path("accounts/import/<str:token>/done/", views.import_done, name="import_done"),
    path(
        "accounts/import/<str:token>/status/<slug:step>/",
        views.import_status,
        name="import_status",
    ),
    path("accounts/import/<str:token>/errors.csv", views.import_errors, name="import_errors"),
]
