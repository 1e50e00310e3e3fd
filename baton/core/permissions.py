"""The one permission check used by every view, endpoint and CLI command."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

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


def require(perm: Perm) -> Callable[[F], F]:
    """View decorator: anonymous → login page; authenticated without ``perm`` → 403."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            check(request.user, perm)
            return view(request, *args, **kwargs)

        wrapped.required_perm = perm  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator
