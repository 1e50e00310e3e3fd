"""Users administration pages: admins only; every change audited; refusals change nothing."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from baton.core.models import AuditEvent
from baton.users.models import User
from tests.conftest import PASSWORD, ROLES

NON_ADMINS = [r for r in ROLES if r != "admin"]
NEW_USER = {
    "email": "New.Rep@Example.com",
    "first_name": "Nina",
    "last_name": "Rep",
    "role": "sales_rep",
    "language": "fr",
    "password": "a-long-enough-Passphrase-9",
}


def _snapshot() -> list[tuple[Any, ...]]:
    return list(
        User.objects.order_by("pk").values_list("pk", "email", "role", "is_active", "is_staff")
    )


def _writes(users: dict[str, User]) -> list[tuple[str, dict[str, str]]]:
    target = users["sales_rep"].pk
    return [
        ("/users/new/", NEW_USER),
        (f"/users/{target}/role/", {"role": "admin"}),
        (f"/users/{target}/deactivate/", {}),
        (f"/users/{target}/reactivate/", {}),
    ]


@pytest.mark.parametrize("role", [*NON_ADMINS, None])
def test_refused_to_non_admins_and_nothing_changes(
    client_as: Callable[[str | None], Client],
    users: dict[str, User],
    make_user: Callable[..., User],
    role: str | None,
) -> None:
    inactive = make_user("marketing")
    User.objects.filter(pk=inactive.pk).update(is_active=False)
    client = client_as(role)
    expected = 403 if role else 302
    before = _snapshot()
    for url in ("/users/", "/users/new/"):
        assert client.get(url).status_code == expected
    for url, data in _writes(users):
        assert client.post(url, data).status_code == expected, url
    assert client.post(f"/users/{inactive.pk}/reactivate/").status_code == expected
    assert _snapshot() == before
    assert not AuditEvent.objects.exclude(action="user.created").exists()


def test_admin_lists_users_with_role_language_and_absence(
    client_as: Callable[[str | None], Client], users: dict[str, User]
) -> None:
    User.objects.filter(pk=users["sales_rep"].pk).update(is_absent=True, language="fr")
    response = client_as("admin").get("/users/")
    assert response.status_code == 200
    html = response.content.decode()
    rep = users["sales_rep"]
    assert f'<tr id="user-{rep.pk}">' in html
    assert '<option value="sales_rep" selected>Sales rep</option>' in html
    assert "<td>Français</td>" in html
    assert '<span class="badge badge--warning">absent</span>' in html
    assert '<a class="button" href="/users/new/">Add a user</a>' in html


def test_user_list_query_count_does_not_grow_with_users(
    client_as: Callable[[str | None], Client],
    make_user: Callable[..., User],
    django_assert_max_num_queries: Callable[[int], Any],
) -> None:
    client = client_as("admin")
    client.get("/users/")
    for _ in range(15):
        make_user("sales_rep")
    with django_assert_max_num_queries(4):
        assert client.get("/users/").status_code == 200


def test_admin_creates_a_user_who_can_sign_in(
    client_as: Callable[[str | None], Client], users: dict[str, User]
) -> None:
    response = client_as("admin").post("/users/new/", NEW_USER)
    assert (response.status_code, response["Location"]) == (302, "/users/")
    user = User.objects.get(email="new.rep@example.com")
    assert (user.role, user.language, user.first_name, user.is_staff) == (
        "sales_rep",
        "fr",
        "Nina",
        False,
    )
    event = AuditEvent.objects.get(action="user.created", target_id=str(user.pk))
    assert (event.actor_id, event.changes) == (users["admin"].pk, {"role": [None, "sales_rep"]})
    login = Client().post(
        "/login/", {"username": "new.rep@example.com", "password": NEW_USER["password"]}
    )
    assert login.status_code == 302


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"email": "marketing1@example.com"}, "A user with email marketing1@example.com already"),
        ({"password": "123"}, "This password is too short."),
        ({"role": "owner"}, "Select a valid choice. owner is not one of the available choices."),
    ],
)
def test_invalid_new_user_is_refused(
    client_as: Callable[[str | None], Client],
    users: dict[str, User],
    change: dict[str, str],
    error: str,
) -> None:
    before = _snapshot()
    response = client_as("admin").post("/users/new/", {**NEW_USER, **change})
    assert response.status_code == 400
    assert error in response.content.decode()
    assert _snapshot() == before


def test_admin_changes_a_role(
    client_as: Callable[[str | None], Client], users: dict[str, User]
) -> None:
    rep = users["sales_rep"]
    response = client_as("admin").post(f"/users/{rep.pk}/role/", {"role": "sales_manager"})
    assert (response.status_code, response["Location"]) == (302, "/users/")
    rep.refresh_from_db()
    assert rep.role == "sales_manager"
    event = AuditEvent.objects.get(action="user.role_changed")
    assert event.changes == {"role": ["sales_rep", "sales_manager"]}
    assert event.actor_id == users["admin"].pk


def test_role_change_with_htmx_returns_the_row(
    client_as: Callable[[str | None], Client], users: dict[str, User]
) -> None:
    rep = users["sales_rep"]
    response = client_as("admin").post(
        f"/users/{rep.pk}/role/", {"role": "admin"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith(f'<tr id="user-{rep.pk}">')
    assert '<option value="admin" selected>Admin (RevOps)</option>' in html
    assert "has a new role." in html
    rep.refresh_from_db()
    assert (rep.role, rep.is_staff) == ("admin", True)


def test_unknown_role_is_refused(
    client_as: Callable[[str | None], Client], users: dict[str, User]
) -> None:
    before = _snapshot()
    response = client_as("admin").post(f"/users/{users['marketing'].pk}/role/", {"role": "god"})
    assert response.status_code == 302
    assert _snapshot() == before


def test_deactivate_then_reactivate(
    client_as: Callable[[str | None], Client], users: dict[str, User]
) -> None:
    admin = client_as("admin")
    rep = users["sales_rep"]
    rep_browser = client_as("sales_rep")
    assert admin.post(f"/users/{rep.pk}/deactivate/").status_code == 302
    rep.refresh_from_db()
    assert rep.is_active is False
    assert rep_browser.get("/me/").status_code == 302  # the session no longer authenticates
    assert (
        Client().post("/login/", {"username": rep.email, "password": PASSWORD}).status_code == 200
    )
    assert admin.post(f"/users/{rep.pk}/reactivate/").status_code == 302
    rep.refresh_from_db()
    assert rep.is_active is True
    actions = list(
        AuditEvent.objects.filter(target_id=str(rep.pk))
        .exclude(action="user.created")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["user.deactivated", "user.reactivated"]


def test_admin_cannot_deactivate_themselves(
    client_as: Callable[[str | None], Client], users: dict[str, User]
) -> None:
    client = client_as("admin")
    response = client.post(f"/users/{users['admin'].pk}/deactivate/")
    assert response.status_code == 302
    users["admin"].refresh_from_db()
    assert users["admin"].is_active is True
    assert "You cannot deactivate your own account." in client.get("/users/").content.decode()


def test_last_admin_keeps_the_role(
    client_as: Callable[[str | None], Client], users: dict[str, User]
) -> None:
    admin = users["admin"]
    response = client_as("admin").post(
        f"/users/{admin.pk}/role/", {"role": "leadership"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "is the last active administrator; appoint another one first." in (
        response.content.decode()
    )
    admin.refresh_from_db()
    assert admin.role == "admin"
    assert not AuditEvent.objects.filter(action="user.role_changed").exists()


def test_unknown_user_is_404(
    client_as: Callable[[str | None], Client], users: dict[str, User]
) -> None:
    assert client_as("admin").post("/users/999999/deactivate/").status_code == 404


def test_admin_writes_need_the_csrf_token(users: dict[str, User]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["admin"])
    before = _snapshot()
    for url, data in _writes(users):
        assert client.post(url, data).status_code == 403, url
    assert _snapshot() == before
