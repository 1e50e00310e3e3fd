"""Template context for the app shell: what the navigation shows to whom."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from baton.core.permissions import can
from baton.core.roles import Perm
from baton.web.navigation import visible_extras, visible_links

# The language switch offers each language under its own name, whatever the active language.
SWITCH_LANGUAGES = (("fr", "FR", "Français"), ("en", "EN", "English"))


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Lazy: each value is computed when a template first reads it (the cached site header
    reads none of them when it is served from the cache)."""
    user = getattr(request, "user", None)
    memo: dict[str, Any] = {}

    def extras() -> list[Any]:
        if "extras" not in memo:
            memo["extras"] = visible_extras(request)
        return list(memo["extras"])

    def links() -> list[Any]:
        hidden = frozenset(e.replaces for e in extras() if e.replaces)
        return visible_links(request, hidden=hidden)

    def perms() -> dict[str, bool]:
        return {p.value: can(user, p) for p in Perm}

    def extra_templates() -> list[str]:
        return [e.template for e in extras()]

    return {
        "perms_baton": perms,
        "nav_links": links,
        "nav_extras": extra_templates,
        "switch_languages": SWITCH_LANGUAGES,
    }
