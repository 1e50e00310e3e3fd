"""Reads for users and API tokens."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from baton.core.errors import NotFoundError
from baton.core.roles import Role
from baton.users.models import ApiToken, User


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
