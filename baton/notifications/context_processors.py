"""``unread``: the signed-in user's unread notification count, for the navigation badge.

The count is a callable, so the query runs only on pages whose template reads it.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from baton.notifications.selectors import unread_count


def unread(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        return unread_count(user=user)

    return {"notifications_unread": count}
