"""Web-wide answers to failures that belong to no single page."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from baton.core.busy import RETRY_AFTER_S, is_busy, running_import


class BusyDatabaseMiddleware:
    """A write that could not get the database's lock in time (SQLite, during a big import)
    becomes a 503 page that says nothing was saved, which import holds the lock and when to
    try again (``Retry-After``), in the reader's language, instead of a server error. An HTMX
    request gets the same page; the shell shows its message at the bottom of the window and the
    form keeps what was typed. The API has its own handler (``config.api``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_busy(exception):
            return None
        context = {
            "running": running_import(),
            "retry_after": RETRY_AFTER_S,
            "htmx": request.headers.get("HX-Request") == "true",
        }
        response = render(request, "503.html", context, status=503)
        response["Retry-After"] = str(RETRY_AFTER_S)
        return response
