"""/api/v1/me and /api/v1/tokens: every role, anonymous, own tokens only."""

import hashlib
from collections.abc import Callable

import pytest
from django.test import Client

from baton.core.models import AuditEvent
from baton.users.models import ApiToken, User
from baton.users.services import token_create
from tests.conftest import ROLES

UNAUTHENTICATED = {
    "errors": [
        {
            "field": None,
            "reason": (
                "authentification requise\u00a0: envoyez "
                "«\u00a0Authorization: Bearer <jeton>\u00a0»"
            ),
        }
    ]
}


@pytest.mark.parametrize("role", ROLES)
def test_me(api_as: Callable[[str | None], Client], users: dict[str, User], role: str) -> None:
    response = api_as(role).get("/api/v1/me")
    assert response.status_code == 200
    user = users[role]
    assert response.json() == {
        "id": user.pk,
        "email": user.email,
        "name": user.get_full_name(),
        "role": role,
        "language": "en",
    }


def test_anonymous_gets_401_everywhere(users: dict[str, User]) -> None:
    token, _raw = token_create(user=users["admin"], name="keep")
    client = Client()
    for response in (
        client.get("/api/v1/me"),
        client.get("/api/v1/tokens"),
        client.post("/api/v1/tokens", {"name": "x"}, content_type="application/json"),
        client.delete(f"/api/v1/tokens/{token.pk}"),
    ):
        assert response.status_code == 401
        assert response.json() == UNAUTHENTICATED
    assert list(ApiToken.objects.values_list("name", "revoked_at")) == [("keep", None)]


def test_wrong_token_gets_401(db: None) -> None:
    client = Client(headers={"Authorization": "Bearer bat_not-a-real-token"})
    assert client.get("/api/v1/me").status_code == 401


def test_deactivated_users_token_gets_401(
    api_as: Callable[[str | None], Client], users: dict[str, User]
) -> None:
    client = api_as("sales_rep")
    User.objects.filter(pk=users["sales_rep"].pk).update(is_active=False)
    assert client.get("/api/v1/me").status_code == 401


@pytest.mark.parametrize("role", ROLES)
def test_create_list_and_revoke_own_tokens(
    api_as: Callable[[str | None], Client], users: dict[str, User], role: str
) -> None:
    client = api_as(role)  # holds the "tests" token
    created = client.post("/api/v1/tokens", {"name": "CRM sync"}, content_type="application/json")
    assert created.status_code == 201
    body = created.json()
    raw = body["token"]
    token = ApiToken.objects.get(pk=body["id"])
    assert token.user_id == users[role].pk
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert body["prefix"] == raw[:10]
    assert (body["name"], body["active"], body["revoked_at"]) == ("CRM sync", True, None)

    listed = client.get("/api/v1/tokens").json()
    assert [t["name"] for t in listed] == ["CRM sync", "tests"]
    assert all("token" not in t and "token_hash" not in t for t in listed)

    new_client = Client(headers={"Authorization": f"Bearer {raw}"})
    assert new_client.get("/api/v1/me").json()["id"] == users[role].pk
    assert client.delete(f"/api/v1/tokens/{token.pk}").status_code == 204
    assert new_client.get("/api/v1/me").status_code == 401
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action="token.revoked", target_id=str(token.pk)).exists()
    assert [t["active"] for t in client.get("/api/v1/tokens").json()] == [False, True]


def test_revoking_the_token_in_use_locks_the_caller_out(
    api_as: Callable[[str | None], Client], users: dict[str, User]
) -> None:
    client = api_as("leadership")
    (mine,) = client.get("/api/v1/tokens").json()
    assert client.delete(f"/api/v1/tokens/{mine['id']}").status_code == 204
    assert client.get("/api/v1/me").status_code == 401


def test_cannot_see_or_revoke_someone_elses_token(
    api_as: Callable[[str | None], Client], users: dict[str, User]
) -> None:
    other, _raw = token_create(user=users["admin"], name="admin-only")
    client = api_as("marketing")
    assert [t["name"] for t in client.get("/api/v1/tokens").json()] == ["tests"]
    response = client.delete(f"/api/v1/tokens/{other.pk}")
    assert response.status_code == 404
    # The API answers in the token owner's language (this user's is English).
    assert response.json() == {
        "errors": [{"field": None, "reason": f"No API token with id {other.pk}."}]
    }
    users["marketing"].language = "fr"
    users["marketing"].save(update_fields=["language"])
    response = client.delete(f"/api/v1/tokens/{other.pk}", headers={"Accept-Language": "en"})
    assert response.json()["errors"][0]["reason"] == (
        f"Aucun jeton d'API avec l'identifiant {other.pk}."
    )
    other.refresh_from_db()
    assert other.revoked_at is None


@pytest.mark.parametrize("payload", [{}, {"name": ""}, {"name": "x" * 101}])
def test_bad_payload_is_422_with_the_field(
    api_as: Callable[[str | None], Client], users: dict[str, User], payload: dict[str, str]
) -> None:
    client = api_as("sales_manager")
    response = client.post("/api/v1/tokens", payload, content_type="application/json")
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["name"]
    assert ApiToken.objects.count() == 1  # only the client's own token


def test_session_api_calls_need_csrf(users: dict[str, User]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["marketing"])
    assert client.get("/api/v1/me").status_code == 200
    response = client.post("/api/v1/tokens", {"name": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert not ApiToken.objects.exists()


def test_openapi_documents_the_endpoints(db: None) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    assert set(paths["/api/v1/tokens"]) == {"get", "post"}
    assert set(paths["/api/v1/tokens/{token_id}"]) == {"delete"}
    assert "token" in schema["components"]["schemas"]["TokenCreatedOut"]["properties"]
    assert "token" not in schema["components"]["schemas"]["TokenOut"]["properties"]
