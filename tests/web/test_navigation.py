from collections.abc import Callable

import pytest
from django.test import Client, RequestFactory

from baton.core.roles import Perm
from baton.users.models import User
from baton.web.navigation import MAIN_NAV, NavItem, visible_links

ALL_PAGES = [
    "accounts:list",
    "qualification:ready",
    "handovers:board",
    "metrics:dashboard",
    "notifications:inbox",
    "accounts:import",
    "engagement:unmatched",
]
WITHOUT_IMPORT = [name for name in ALL_PAGES if name != "accounts:import"]


def test_registry_lists_every_planned_page() -> None:
    assert [item.url_name for item in MAIN_NAV] == ALL_PAGES
    assert {item.url_name: item.perm for item in MAIN_NAV}["accounts:import"] == Perm.IMPORT


def _links(user: User, path: str, registry: tuple[NavItem, ...] = MAIN_NAV) -> list[tuple]:
    request = RequestFactory().get(path)
    request.user = user
    return [(link.url_name, link.url, link.active) for link in visible_links(request, registry)]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("admin", ALL_PAGES),
        ("marketing", ALL_PAGES),
        ("sales_rep", WITHOUT_IMPORT),
        ("sales_manager", WITHOUT_IMPORT),
        ("leadership", WITHOUT_IMPORT),
    ],
)
def test_items_shown_only_with_the_permission(
    users: dict[str, User], role: str, expected: list[str]
) -> None:
    # The notifications badge stands in for the inbox item when its template is shipped.
    names = [name for name, _url, _active in _links(users[role], "/")]
    assert names == expected


def test_longest_matching_url_is_the_active_item(users: dict[str, User]) -> None:
    links = _links(users["marketing"], "/accounts/import/")
    assert [(name, active) for name, _url, active in links if active] == [("accounts:import", True)]
    links = _links(users["marketing"], "/accounts/42/")
    assert [name for name, _url, active in links if active] == ["accounts:list"]


def test_items_whose_page_does_not_exist_are_hidden(users: dict[str, User]) -> None:
    registry = (
        NavItem("accounts:list", "Accounts", Perm.VIEW),
        NavItem("nowhere:page", "Nowhere", Perm.VIEW),
    )
    assert _links(users["admin"], "/", registry) == [("accounts:list", "/accounts/", False)]


def test_anonymous_sees_no_item(db: None) -> None:
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert visible_links(request) == []


def test_rendered_nav_hides_imports_from_leadership(
    client_as: Callable[[str | None], Client],
) -> None:
    leadership = client_as("leadership").get("/me/").content.decode()
    marketing = client_as("marketing").get("/me/").content.decode()
    assert '<a href="/accounts/import/">Imports</a>' in marketing
    assert "/accounts/import/" not in leadership
    assert '<a href="/handovers/">Handovers</a>' in leadership


def test_rendered_nav_marks_the_current_page(client_as: Callable[[str | None], Client]) -> None:
    html = client_as("sales_rep").get("/accounts/").content.decode()
    assert '<a href="/accounts/" class="is-active" aria-current="page">Accounts</a>' in html


def test_nav_extras_need_the_template_and_the_permission(users: dict[str, User]) -> None:
    from django.contrib.auth.models import AnonymousUser

    from baton.web.navigation import NavExtra, visible_extras

    registry = (
        NavExtra("404.html", Perm.VIEW),
        NavExtra("no/such_template.html", Perm.VIEW),
        NavExtra("403.html", Perm.MANAGE_USERS),
        NavExtra("404.html", Perm.VIEW, replaces="nowhere:page"),
    )
    request = RequestFactory().get("/")
    request.user = users["leadership"]
    assert [e.template for e in visible_extras(request, registry)] == ["404.html"]
    request.user = users["admin"]
    assert [e.template for e in visible_extras(request, registry)] == ["404.html", "403.html"]
    request.user = AnonymousUser()
    assert visible_extras(request, registry) == []


def test_a_shown_extra_replaces_its_nav_item(users: dict[str, User]) -> None:
    request = RequestFactory().get("/")
    request.user = users["marketing"]
    links = visible_links(request, hidden=frozenset({"accounts:list"}))
    assert "accounts:list" not in [link.url_name for link in links]


def test_notifications_badge_stands_in_for_the_inbox_item(
    client_as: Callable[[str | None], Client],
) -> None:
    from baton.web.navigation import NAV_EXTRAS, visible_extras

    request = RequestFactory().get("/")
    request.user = User.objects.get(role="sales_rep")
    shown = [e.replaces for e in visible_extras(request, NAV_EXTRAS)]
    html = client_as("sales_rep").get("/me/").content.decode()
    if shown == ["notifications:inbox"]:  # the notifications app ships its badge template
        assert '<a href="/notifications/">Notifications</a>' not in html
        assert 'class="nav-notifications"' in html
    else:
        assert '<a href="/notifications/">Notifications</a>' in html
