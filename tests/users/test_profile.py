from collections.abc import Callable

import pytest
from django.test import Client

from baton.core.models import AuditEvent
from baton.users.models import User
from tests.conftest import ROLES


def test_anonymous_is_sent_to_sign_in(db: None) -> None:
    client = Client()
    response = client.get("/me/")
    assert (response.status_code, response["Location"]) == (302, "/login/?next=/me/")
    response = client.post("/me/", {"first_name": "X", "last_name": "Y", "language": "fr"})
    assert response.status_code == 302
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_and_edits_its_own_profile(
    client_as: Callable[[str | None], Client], users: dict[str, User], role: str
) -> None:
    client = client_as(role)
    page = client.get("/me/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f"<dd>{users[role].email}</dd>" in html
    assert '<label for="id_language">Interface language</label>' in html
    assert 'autocomplete="given-name"' in html
    response = client.post("/me/", {"first_name": " Ana ", "last_name": "Silva", "language": "en"})
    assert (response.status_code, response["Location"]) == (302, "/me/")
    user = User.objects.get(pk=users[role].pk)
    assert (user.first_name, user.last_name, user.language) == ("Ana", "Silva", "en")
    event = AuditEvent.objects.get(action="user.profile_updated")
    assert event.target_id == str(user.pk)
    assert event.changes == {
        "first_name": [users[role].first_name, "Ana"],
        "last_name": [users[role].last_name, "Silva"],
    }
    assert "Your profile is saved." in client.get("/me/").content.decode()


def test_invalid_language_is_refused_and_nothing_changes(
    client_as: Callable[[str | None], Client], users: dict[str, User]
) -> None:
    response = client_as("sales_manager").post(
        "/me/", {"first_name": "New", "last_name": "Name", "language": "xx"}
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    user = User.objects.get(pk=users["sales_manager"].pk)
    assert (user.first_name, user.language) == ("Sales Manager", "en")
    assert not AuditEvent.objects.filter(action="user.profile_updated").exists()


def test_saving_french_renders_the_next_page_in_french(
    client_as: Callable[[str | None], Client],
) -> None:
    client = client_as("marketing")
    client.post("/me/", {"first_name": "M", "last_name": "K", "language": "fr"})
    assert "Votre profil est enregistré." in client.get("/me/").content.decode()
