"""Sign-in (django-axes lockout), sign-out and CSRF."""

from collections.abc import Callable

import pytest
from axes.models import AccessAttempt
from django.test import Client

from baton.users.models import User
from tests.conftest import PASSWORD


def _login(client: Client, email: str, password: str) -> object:
    return client.post("/login/", {"username": email, "password": password})


def test_login_page_fields_are_labelled_with_autocomplete(db: None) -> None:
    html = Client(headers={"Accept-Language": "en"}).get("/login/").content.decode()
    assert '<label for="id_username">Email</label>' in html
    assert (
        '<input type="email" name="username" autofocus autocomplete="username" '
        'spellcheck="false" maxlength="254" required id="id_username">'
    ) in html
    assert '<label for="id_password">Password</label>' in html
    assert 'autocomplete="current-password"' in html


def test_successful_login_lands_on_the_accounts_list(users: dict[str, User]) -> None:
    client = Client()
    response = _login(client, "MARKETING1@example.com ", PASSWORD)
    assert (response.status_code, response["Location"]) == (302, "/accounts/")
    assert client.get("/me/").status_code == 200


def test_wrong_password_is_refused_with_a_message(users: dict[str, User]) -> None:
    response = Client(headers={"Accept-Language": "en"}).post(
        "/login/", {"username": "marketing1@example.com", "password": "nope"}
    )
    assert response.status_code == 200
    assert "Wrong email or password." in response.content.decode()


def test_deactivated_user_cannot_sign_in(users: dict[str, User]) -> None:
    User.objects.filter(pk=users["sales_rep"].pk).update(is_active=False)
    response = _login(Client(), users["sales_rep"].email, PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in response.client.session


def test_lockout_after_five_failures(users: dict[str, User]) -> None:
    client = Client(headers={"Accept-Language": "en"})
    email = users["sales_rep"].email
    for _ in range(4):
        assert _login(client, email, "wrong").status_code == 200
    response = _login(client, email, "wrong")
    assert response.status_code == 429
    html = response.content.decode()
    assert "<h1>Too many failed sign-in attempts</h1>" in html
    assert "After 5 failed attempts, sign-in for this account is blocked" in html
    assert "Try again in 15 minutes, or ask an administrator." in html
    # Even the right password is refused while locked; nobody got signed in.
    assert _login(client, email, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session
    # The five failures plus the attempt refused while locked.
    assert AccessAttempt.objects.get(username=email).failures_since_start == 6


def test_lockout_page_in_french(users: dict[str, User]) -> None:
    client = Client(headers={"Accept-Language": "fr"})
    for _ in range(5):
        response = _login(client, users["admin"].email, "wrong")
    assert response.status_code == 429
    assert "Trop de tentatives de connexion échouées" in response.content.decode()


def test_logout_is_a_post(client_as: Callable[[str | None], Client]) -> None:
    client = client_as("leadership")
    assert client.get("/logout/").status_code == 405
    assert client.get("/me/").status_code == 200
    response = client.post("/logout/")
    assert (response.status_code, response["Location"]) == (302, "/login/")
    assert client.get("/me/").status_code == 302


def test_login_post_without_csrf_token_is_refused(users: dict[str, User]) -> None:
    client = Client(enforce_csrf_checks=True)
    response = _login(client, users["admin"].email, PASSWORD)
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("role", ["marketing", "admin"])
def test_signed_in_user_visiting_login_is_redirected(
    client_as: Callable[[str | None], Client], role: str
) -> None:
    response = client_as(role).get("/login/")
    assert (response.status_code, response["Location"]) == (302, "/accounts/")
