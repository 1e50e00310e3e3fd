"""REST endpoints about the caller (mounted under /api/v1/): who am I, my API tokens.

Every user may manage their own tokens (``Perm.USE_API``, held by every role); a token of
another user is reported as not found.
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema

from baton.core.api import ApiForbiddenError, ErrorOut, api_require
from baton.core.roles import Perm
from baton.users import selectors, services
from baton.users.models import ApiToken, User

router = Router(tags=["users"])


class MeOut(Schema):
    id: int
    email: str
    name: str
    role: str
    language: str


class TokenIn(Schema):
    name: str = Field(..., min_length=1, max_length=100, description="What the token is for.")


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(..., description="First characters of the token, to recognise it.")
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    active: bool


class TokenCreatedOut(TokenOut):
    token: str = Field(..., description="The raw token. Shown in this response only.")


def _token_out(token: ApiToken) -> dict[str, object]:
    return {
        "id": token.pk,
        "name": token.name,
        "prefix": token.prefix,
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
        "revoked_at": token.revoked_at,
        "active": token.is_active,
    }


def _caller(request: HttpRequest) -> User:
    user = api_require(request, Perm.USE_API)
    if not isinstance(user, User):  # api_require only lets authenticated users through
        raise ApiForbiddenError(Perm.USE_API)
    return user


@router.get(
    "/me", response={200: MeOut, 401: ErrorOut, 403: ErrorOut}, summary="The authenticated user"
)
def me(request: HttpRequest) -> dict[str, object]:
    user = _caller(request)
    return {
        "id": user.pk,
        "email": user.email,
        "name": user.display_name,
        "role": user.role,
        "language": user.language,
    }


@router.get(
    "/tokens", response={200: list[TokenOut], 401: ErrorOut, 403: ErrorOut}, summary="My API tokens"
)
def token_list(request: HttpRequest) -> list[dict[str, object]]:
    user = _caller(request)
    return [_token_out(t) for t in selectors.token_list(user=user)]


@router.post(
    "/tokens",
    response={201: TokenCreatedOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Create an API token (the raw value is returned once)",
)
def token_create(request: HttpRequest, payload: TokenIn) -> tuple[int, dict[str, object]]:
    user = _caller(request)
    token, raw = services.token_create(user=user, name=payload.name)
    return 201, {**_token_out(token), "token": raw}


@router.delete(
    "/tokens/{token_id}",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Revoke one of my API tokens",
)
def token_revoke(request: HttpRequest, token_id: int) -> tuple[int, None]:
    user = _caller(request)
    token = selectors.token_get(user=user, token_id=token_id)
    services.token_revoke(token=token, actor=user)
    return 204, None
