"""Reads for users and API tokens."""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from baton.core.errors import NotFoundError
from baton.core.roles import Role
from baton.users.models import ApiToken, User, display_name


def user_list() -> QuerySet[User]:
    """Every user, active first, then by name (the users administration page)."""
    return User.objects.order_by("-is_active", "first_name", "last_name", "email")


def user_get(*, user_id: int) -> User:
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise NotFoundError(_("No user with id %(id)s.") % {"id": user_id})
    return user


def active_admin_count() -> int:
    return User.objects.filter(role=Role.ADMIN.value, is_active=True).count()


def token_list(*, user: User) -> QuerySet[ApiToken]:
    """The tokens of ``user``, newest first; revoked ones included (shown as revoked)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def token_get(*, user: User, token_id: int) -> ApiToken:
    """One of ``user``'s own tokens; another user's token is reported as not found."""
    token = ApiToken.objects.filter(user=user, pk=token_id).first()
    if token is None:
        raise NotFoundError(_("No API token with id %(id)s.") % {"id": token_id})
    return token


def display_names(ids: list[int], limit: int = 1000) -> list[tuple[int, str]]:
    """(id, display name) of these users, by email. Plain SQL: the dashboard reads it on every
    request, and the ORM's query building would cost more than the read."""
    if not ids:
        return []
    q = connection.ops.quote_name
    marks = ", ".join(["%s"] * len(ids))
    sql = (
        f"SELECT {q('id')}, {q('first_name')}, {q('last_name')}, {q('email')} "  # noqa: S608
        f"FROM {q(User._meta.db_table)} WHERE {q('id')} IN ({marks}) "
        f"ORDER BY {q('email')} LIMIT {int(limit)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(ids))
        rows = cursor.fetchall()
    return [(pk, display_name(first, last, email)) for pk, first, last, email in rows]
