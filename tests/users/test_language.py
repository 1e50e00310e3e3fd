"""The FR/EN switch: saved on the user when signed in, in the cookie for visitors."""

from collections.abc import Callable

import pytest
from django.test import Client

from baton.core.models import AuditEvent
from baton.users.models import User
from tests.conftest import ROLES


@pytest.mark.parametrize("role", ROLES)
def test_switch_persists_on_the_user_and_next_page_is_french(
    client_as: Callable[[str | None], Client], users: dict[str, User], role: str
) -> None:
    client = client_as(role)
    assert "<h1>Profile</h1>" in client.get("/me/").content.decode()
    response = client.post("/me/language/", {"language": "fr", "next": "/me/"})
    assert (response.status_code, response["Location"]) == (302, "/me/")
    users[role].refresh_from_db()
    assert users[role].language == "fr"
    html = client.get("/me/").content.decode()
    assert '<html lang="fr">' in html
    assert "<h1>Profil</h1>" in html
    assert "Préférences personnelles" in html
    event = AuditEvent.objects.get(action="user.language_changed")
    assert (event.actor_id, event.changes) == (users[role].pk, {"language": ["en", "fr"]})


def test_saved_language_follows_the_user_to_a_new_session(
    client_as: Callable[[str | None], Client], users: dict[str, User]
) -> None:
    client_as("sales_rep").post("/me/language/", {"language": "fr", "next": "/me/"})
    other_browser = Client(headers={"Accept-Language": "en"})
    other_browser.force_login(User.objects.get(pk=users["sales_rep"].pk))
    assert "<h1>Profil</h1>" in other_browser.get("/me/").content.decode()


def test_unknown_language_changes_nothing(
    client_as: Callable[[str | None], Client], users: dict[str, User]
) -> None:
    response = client_as("marketing").post("/me/language/", {"language": "de", "next": "/me/"})
    assert response.status_code == 302
    users["marketing"].refresh_from_db()
    assert users["marketing"].language == "en"
    assert not AuditEvent.objects.filter(action="user.language_changed").exists()


def test_anonymous_visitor_switch_uses_the_cookie(db: None) -> None:
    client = Client()
    assert "<h1>Se connecter</h1>" in client.get("/login/").content.decode()
    response = client.post("/me/language/", {"language": "en", "next": "/login/"})
    assert (response.status_code, response["Location"]) == (302, "/login/")
    assert response.cookies["baton_language"].value == "en"
    assert "<h1>Sign in</h1>" in client.get("/login/").content.decode()


def test_switch_refuses_an_offsite_next(db: None) -> None:
    response = Client().post("/me/language/", {"language": "en", "next": "https://evil.test/"})
    assert (response.status_code, response["Location"]) == (302, "/")


def test_switch_is_post_only_and_needs_csrf(users: dict[str, User]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["leadership"])
    assert client.get("/me/language/").status_code == 405
    assert client.post("/me/language/", {"language": "fr"}).status_code == 403
    users["leadership"].refresh_from_db()
    assert users["leadership"].language == "en"
