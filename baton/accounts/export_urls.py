"""URL patterns of the account export pages (included by baton.accounts.urls)."""

from django.urls import URLPattern, URLResolver, path

from baton.accounts import export_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("accounts/<int:pk>/dossier.md", export_views.dossier_markdown, name="dossier_md"),
    path("accounts/<int:pk>/dossier.pdf", export_views.dossier_pdf, name="dossier_pdf"),
]
