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
    user = getattr(request, "user", None)
    extras = visible_extras(request)
    hidden = frozenset(e.replaces for e in extras if e.replaces)
    return {
        "perms_baton": {p.value: can(user, p) for p in Perm},
        "nav_links": visible_links(request, hidden=hidden),
        "nav_extras": [e.template for e in extras],
        "switch_languages": SWITCH_LANGUAGES,
    }
