"""The API tokens page: create (raw value shown once), list, revoke."""

import hashlib
from collections.abc import Callable

import pytest
from django.test import Client

from baton.core.models import AuditEvent
from baton.users.models import ApiToken, User
from baton.users.services import token_create
from tests.conftest import ROLES


def test_anonymous_is_sent_to_sign_in_and_creates_nothing(users: dict[str, User]) -> None:
    token, _raw = token_create(user=users["admin"], name="keep")
    client = Client()
    assert client.get("/me/tokens/").status_code == 302
    assert client.post("/me/tokens/", {"name": "x"}).status_code == 302
    assert client.post(f"/me/tokens/{token.pk}/revoke/").status_code == 302
    assert list(ApiToken.objects.values_list("name", "revoked_at")) == [("keep", None)]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_creates_a_token_shown_once_and_stored_hashed(
    client_as: Callable[[str | None], Client], users: dict[str, User], role: str
) -> None:
    client = client_as(role)
    assert client.get("/me/tokens/").status_code == 200
    response = client.post("/me/tokens/", {"name": "CRM sync"})
    assert response.status_code == 201
    assert "no-store" in response["Cache-Control"]
    raw = response.context["raw_token"]
    assert raw.startswith("bat_")
    html = response.content.decode()
    assert f'value="{raw}" readonly' in html
    assert "it is shown only once" in html
    token = ApiToken.objects.get(user=users[role])
    assert token.name == "CRM sync"
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert token.prefix == raw[:10]
    assert raw not in {f.value_to_string(token) for f in ApiToken._meta.fields}
    # Never shown again: the list shows the prefix only.
    listing = client.get("/me/tokens/").content.decode()
    assert raw not in listing
    assert f"<code>{token.prefix}…</code>" in listing
    assert AuditEvent.objects.filter(action="token.created", target_id=str(token.pk)).exists()


def test_empty_name_is_refused(
    client_as: Callable[[str | None], Client], users: dict[str, User]
) -> None:
    response = client_as("marketing").post("/me/tokens/", {"name": ""})
    assert response.status_code == 400
    assert response.context["raw_token"] is None
    assert not ApiToken.objects.exists()


def test_list_shows_only_my_tokens(
    client_as: Callable[[str | None], Client], users: dict[str, User]
) -> None:
    token_create(user=users["marketing"], name="mine")
    token_create(user=users["sales_rep"], name="theirs")
    html = client_as("marketing").get("/me/tokens/").content.decode()
    assert "<td>mine</td>" in html
    assert "theirs" not in html


@pytest.mark.parametrize("role", ROLES)
def test_revoked_token_no_longer_opens_the_api(
    client_as: Callable[[str | None], Client], users: dict[str, User], role: str
) -> None:
    token, raw = token_create(user=users[role], name="script")
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    assert api.get("/api/v1/me").status_code == 200
    response = client_as(role).post(f"/me/tokens/{token.pk}/revoke/")
    assert (response.status_code, response["Location"]) == (302, "/me/tokens/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api.get("/api/v1/me").status_code == 401
    assert AuditEvent.objects.filter(action="token.revoked", target_id=str(token.pk)).exists()


def test_revoke_with_htmx_returns_the_row(
    client_as: Callable[[str | None], Client], users: dict[str, User]
) -> None:
    token, _raw = token_create(user=users["leadership"], name="bi")
    response = client_as("leadership").post(
        f"/me/tokens/{token.pk}/revoke/", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith(f'<tr id="token-{token.pk}" class="is-inactive">')
    assert "Revoked on" in html


def test_cannot_revoke_someone_elses_token(
    client_as: Callable[[str | None], Client], users: dict[str, User]
) -> None:
    token, _raw = token_create(user=users["admin"], name="admin-only")
    response = client_as("marketing").post(f"/me/tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert not AuditEvent.objects.filter(action="token.revoked").exists()


def test_revoke_is_post_only(
    client_as: Callable[[str | None], Client], users: dict[str, User]
) -> None:
    token, _raw = token_create(user=users["marketing"], name="t")
    assert client_as("marketing").get(f"/me/tokens/{token.pk}/revoke/").status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_creation_needs_the_csrf_token(users: dict[str, User]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["marketing"])
    assert client.post("/me/tokens/", {"name": "x"}).status_code == 403
    assert not ApiToken.objects.exists()
    page = client.get("/me/tokens/")
    csrf = str(page.context["csrf_token"])
    assert client.post("/me/tokens/", {"name": "x", "csrfmiddlewaretoken": csrf}).status_code == 201


def test_htmx_header_token_is_accepted(users: dict[str, User]) -> None:
    """The shell sends X-CSRFToken on every HTMX request (hx-headers on <body>)."""
    token, _raw = token_create(user=users["sales_rep"], name="t")
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["sales_rep"])
    csrf = str(client.get("/me/tokens/").context["csrf_token"])
    response = client.post(
        f"/me/tokens/{token.pk}/revoke/", headers={"HX-Request": "true", "X-CSRFToken": csrf}
    )
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None
