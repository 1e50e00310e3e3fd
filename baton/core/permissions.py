"""The one permission check used by every view, endpoint and CLI command."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from baton.core.roles import Perm, role_allows

F = TypeVar("F", bound=Callable[..., HttpResponse])


def can(user: Any, perm: Perm) -> bool:
    """Whether ``user`` (a User or AnonymousUser) holds ``perm``."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if not getattr(user, "is_active", False):
        return False
    return role_allows(getattr(user, "role", None), perm)


def check(user: Any, perm: Perm) -> None:
    """Raise ``PermissionDenied`` unless ``user`` holds ``perm``."""
    if not can(user, perm):
        raise PermissionDenied(perm.value)


def to_login(request: HttpRequest) -> HttpResponse:
    """The sign-in page, then back. An HTMX request (a form of a page whose session ended)
    sends the whole page there with ``HX-Redirect``, back to the page it came from, rather than
    getting the sign-in form swapped into a section of the page."""
    if request.headers.get("HX-Request") == "true":
        came_from = urlsplit(request.headers.get("HX-Current-URL", ""))
        same_site = not came_from.netloc or came_from.netloc == request.get_host()
        back = came_from.path if came_from.path and same_site else request.path
        if came_from.query and same_site:
            back += "?" + came_from.query
        response = HttpResponse(status=204)
        response["HX-Redirect"] = redirect_to_login(back).url
        return response
    return redirect_to_login(request.get_full_path())


def require(perm: Perm) -> Callable[[F], F]:
    """View decorator: anonymous → login page; authenticated without ``perm`` → 403."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return to_login(request)
            check(request.user, perm)
            return view(request, *args, **kwargs)

        wrapped.required_perm = perm  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator
