"""A URLconf where every page of the navigation registry exists (stubs for future pages).

Namespaces listed first win when Django reverses a name, so the stubs shadow the empty
namespaces of apps that have not built their pages yet.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path

from config.urls import urlpatterns as real_urlpatterns


def stub(request: HttpRequest) -> HttpResponse:
    return HttpResponse("stub")


def _ns(namespace: str, *patterns: URLPattern) -> URLResolver:
    return path("", include((list(patterns), namespace)))


urlpatterns = [
    _ns(
        "accounts",
        path("accounts/", stub, name="list"),
        path("accounts/import/", stub, name="import"),
    ),
    _ns("qualification", path("ready/", stub, name="ready")),
    _ns("handovers", path("handovers/", stub, name="board")),
    _ns("metrics", path("metrics/", stub, name="dashboard")),
    _ns("notifications", path("inbox/", stub, name="inbox")),
    *real_urlpatterns,
]
