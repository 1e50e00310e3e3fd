"""The main navigation: one registry of pages, filtered per request.

An item is shown when its URL name reverses (the page exists in this build) and the user holds
its permission. Pages that other apps add later (readiness list, handover board, metrics,
notifications) therefore appear by themselves once their URL is wired.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from baton.core.permissions import can
from baton.core.roles import Perm


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    perm: Perm


@dataclass(frozen=True)
class NavLink:
    """A navigation item as rendered for one request."""

    url_name: str
    label: str | Promise
    url: str
    active: bool


MAIN_NAV: tuple[NavItem, ...] = (
    NavItem("accounts:list", _("Accounts"), Perm.VIEW),
    NavItem("qualification:ready", _("Ready for handover"), Perm.VIEW),
    NavItem("handovers:board", _("Handovers"), Perm.VIEW),
    NavItem("metrics:dashboard", _("Metrics"), Perm.VIEW),
    NavItem("notifications:inbox", _("Notifications"), Perm.VIEW),
    NavItem("accounts:import", _("Imports"), Perm.IMPORT),
    NavItem("engagement:unmatched", _("Unmatched"), Perm.VIEW),
)


@dataclass(frozen=True)
class NavExtra:
    """A template included inside the main nav (e.g. the unread-notifications badge)."""

    template: str
    perm: Perm
    replaces: str | None = None  # a MAIN_NAV URL name the extra stands in for when shown


# Included in the ``nav_extra`` block of base.html when the template exists and the user holds
# the permission. The template may load its own template tags to fetch what it shows.
NAV_EXTRAS: tuple[NavExtra, ...] = (
    NavExtra("notifications/_nav_badge.html", Perm.VIEW, replaces="notifications:inbox"),
)


def _template_exists(name: str) -> bool:
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return False
    return True


def visible_extras(
    request: HttpRequest, registry: tuple[NavExtra, ...] = NAV_EXTRAS
) -> list[NavExtra]:
    """The nav extras ``request.user`` may see (their template and replaced page exist)."""
    user = getattr(request, "user", None)
    return [
        e
        for e in registry
        if can(user, e.perm)
        and (e.replaces is None or _reverse(e.replaces) is not None)
        and _template_exists(e.template)
    ]


def _reverse(url_name: str) -> str | None:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def visible_links(
    request: HttpRequest,
    registry: tuple[NavItem, ...] = MAIN_NAV,
    hidden: frozenset[str] = frozenset(),
) -> list[NavLink]:
    """The items ``request.user`` may open, with the one matching the current page active.

    The active item is the one whose URL is the longest prefix of the current path, so that
    ``/accounts/import/`` highlights *Imports*, not *Accounts*. Items named in ``hidden`` are
    left out (a nav extra stands in for them).
    """
    user = getattr(request, "user", None)
    found: list[tuple[NavItem, str]] = []
    for item in registry:
        if item.url_name in hidden or not can(user, item.perm):
            continue
        url = _reverse(item.url_name)
        if url is not None:
            found.append((item, url))
    path = request.path
    matches = [url for _item, url in found if path.startswith(url) and url != "/"]
    active_url = max(matches, key=len) if matches else None
    return [NavLink(item.url_name, item.label, url, url == active_url) for item, url in found]
