"""Small template helpers of the app shell."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import template
from django.middleware.csrf import get_token
from django.template import Context
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from baton.core.busy import running_import
from baton.core.lru import LruCache

register = template.Library()


@register.filter
def minutes(value: timedelta | None) -> int:
    """Whole minutes of a duration (rounded up), e.g. the login lockout cool-off."""
    if value is None:
        return 0
    seconds = int(value.total_seconds())
    return -(-seconds // 60)


@register.inclusion_tag("web/_import_running.html", takes_context=True)
def import_running_notice(context: Context) -> dict[str, Any]:
    """On SQLite, while the worker stores a big import (which holds the one write lock), a
    notice that saving may wait: said before anyone waits, not only after (the 503 page)."""
    from django.db import connection

    request = context.get("request")
    user = getattr(request, "user", None)
    if connection.vendor != "sqlite" or user is None or not user.is_authenticated:
        return {"running": None}
    return {"running": running_import()}


# Stands for the reader's CSRF token in a cached header; replaced on each request.
CSRF_PLACEHOLDER = "baton-shell-csrf-3f9a"
_headers: LruCache[str] = LruCache(512)


@register.simple_tag(takes_context=True)
def shell_header(context: Context) -> str:
    """The site header (navigation, language switch, user menu).

    For a signed-in user it is rendered once per (user, role, name, language, page, unread
    count) and kept in a small per-process cache: the same key always renders the same HTML,
    whose CSRF token (a placeholder in the cache) is the reader's own on every request.
    """
    request = context.get("request")
    user = context.get("user")
    if request is None or user is None or not user.is_authenticated:
        return render_to_string("web/_header.html", _values(context))
    unread = context.get("notifications_unread")
    count = unread() if callable(unread) else unread
    key = (
        user.pk, user.role, user.is_active, user.display_name, get_language(),
        request.path, request.get_full_path(), count,
    )  # fmt: skip

    def render() -> str:
        values = _values(context)
        values["csrf_token"] = CSRF_PLACEHOLDER
        values["notifications_unread"] = count
        return render_to_string("web/_header.html", values)

    html = _headers.get_or_make(key, render)
    token = context.get("csrf_token") or get_token(request)  # the page's own (lazy) token
    return mark_safe(html.replace(CSRF_PLACEHOLDER, str(token)))  # noqa: S308 (our template)


def _values(context: Context) -> dict[str, Any]:
    return {str(k): v for k, v in context.flatten().items()}
