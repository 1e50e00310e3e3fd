"""Shared pieces of the REST API: authentication, the permission check, error shapes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.security import APIKeyCookie, HttpBearer

from baton.core.busy import RETRY_AFTER_S
from baton.core.errors import DomainError
from baton.core.permissions import can
from baton.core.roles import Perm


class ErrorItem(Schema):
    field: str | None
    reason: str


class ErrorOut(Schema):
    errors: list[ErrorItem]


class ApiForbiddenError(Exception):
    """Raised by ``api_require``; rendered as 403 with the missing permission."""

    def __init__(self, perm: Perm) -> None:
        super().__init__(perm.value)
        self.perm = perm


class TokenAuth(HttpBearer):
    """``Authorization: Bearer bat_…`` with a personal API token (stored hashed)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from baton.users.services import token_authenticate

        user = token_authenticate(token)
        if user is not None:
            request.user = user
            # Answer in the token owner's language (the middleware ran before we knew them).
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return user


class SessionAuth(APIKeyCookie):
    """The browser session of the web app, with Django's CSRF check on unsafe methods."""

    param_name = "sessionid"

    def _get_key(self, request: HttpRequest) -> str | None:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None  # no session to ride on: no CSRF check, the request ends in 401
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None


def api_require(request: HttpRequest, perm: Perm) -> Any:
    """The authenticated user if they hold ``perm``; else raise (→ 403)."""
    user = getattr(request, "auth", None) or getattr(request, "user", None)
    if not can(user, perm):
        raise ApiForbiddenError(perm)
    return user


def forbidden_body(perm: Perm) -> dict[str, list[dict[str, str | None]]]:
    return errors((None, _("your role does not allow this (%(perm)s)") % {"perm": perm.value}))


def unauthenticated_body() -> dict[str, list[dict[str, str | None]]]:
    return errors((None, _("authentication required: send 'Authorization: Bearer <token>'")))


def validation_reason(error: dict[str, Any]) -> str:
    """The reason of one pydantic error, in the reader's language (see validation_messages)."""
    from baton.core.validation_messages import reason

    return reason(error)


def errors(*items: tuple[str | None, str]) -> dict[str, list[dict[str, str | None]]]:
    return {"errors": [{"field": f, "reason": r} for f, r in items]}


def busy_body() -> dict[str, list[dict[str, str | None]]]:
    return errors(
        (
            None,
            _(
                "the database is busy storing another write (a large import): nothing was "
                "saved; send the request again in %(seconds)s seconds"
            )
            % {"seconds": RETRY_AFTER_S},
        )
    )


def domain_error_body(exc: DomainError) -> dict[str, list[dict[str, str | None]]]:
    return errors((exc.field, exc.reason))
