"""The API's one error format, authentication and CSRF, seen through the accounts endpoints."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client

from baton.accounts.models import Account
from baton.core.models import AuditEvent
from baton.users.models import User
from baton.users.services import token_create, token_revoke

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


def post_json(client: Client, url: str, body: object, **extra: str) -> object:
    return client.post(url, data=json.dumps(body), content_type="application/json", **extra)


def test_anonymous_is_401(db: None) -> None:
    response = Client().get("/api/v1/accounts")

    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_unknown_token_is_401(db: None) -> None:
    client = Client(headers={"Authorization": "Bearer bat_not-a-real-token"})

    response = client.get("/api/v1/accounts")

    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_revoked_token_is_401(users: dict[str, User]) -> None:
    token, raw = token_create(user=users["admin"], name="ci")
    token_revoke(token=token, actor=users["admin"])

    response = Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/v1/accounts")

    assert response.status_code == 401


def test_token_of_a_deactivated_user_is_401(users: dict[str, User]) -> None:
    _, raw = token_create(user=users["marketing"], name="ci")
    User.objects.filter(pk=users["marketing"].pk).update(is_active=False)

    response = Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/v1/accounts")

    assert response.status_code == 401


def test_wrong_role_is_403_with_the_missing_permission(
    api_as: Callable[[str | None], Client],
) -> None:
    client = api_as("sales_rep")
    audit = AuditEvent.objects.count()

    response = post_json(client, "/api/v1/accounts", {"name": "Acme"})

    assert response.status_code == 403
    assert response.json() == {
        "errors": [{"field": None, "reason": "your role does not allow this (edit_account)"}]
    }
    assert not Account.objects.exists()
    assert AuditEvent.objects.count() == audit


def test_unknown_id_is_404_on_field_id(api_as: Callable[[str | None], Client]) -> None:
    response = api_as("leadership").get("/api/v1/accounts/9999")

    assert response.status_code == 404
    assert response.json() == {"errors": [{"field": "id", "reason": "no account with id 9999"}]}


def test_bad_payload_is_422_with_field_and_reason(
    api_as: Callable[[str | None], Client],
) -> None:
    response = post_json(api_as("marketing"), "/api/v1/accounts", {"name": "A", "employees": -5})

    assert response.status_code == 422
    assert response.json() == {
        "errors": [{"field": "employees", "reason": "Input should be greater than or equal to 0"}]
    }
    assert not Account.objects.exists()


def test_every_bad_field_is_reported(api_as: Callable[[str | None], Client]) -> None:
    response = post_json(
        api_as("marketing"),
        "/api/v1/accounts",
        {"name": "", "country": "France", "revenue_currency": "YEN"},
    )

    assert response.status_code == 422
    assert response.json() == {
        "errors": [
            {"field": "name", "reason": "String should have at least 1 character"},
            {
                "field": "revenue_currency",
                "reason": "must be one of EUR, USD, GBP, CHF, CAD (got 'YEN')",
            },
            {"field": "country", "reason": "String should have at most 2 characters"},
        ]
    }


def test_malformed_json_is_400(api_as: Callable[[str | None], Client]) -> None:
    response = api_as("marketing").post(
        "/api/v1/accounts", data="{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {"errors": [{"field": None, "reason": "Cannot parse request body"}]}
    assert not Account.objects.exists()


def test_domain_error_is_400_with_its_field(api_as: Callable[[str | None], Client]) -> None:
    client = api_as("marketing")
    post_json(client, "/api/v1/accounts", {"name": "Acme", "domains": ["acme.fr"]})

    response = post_json(client, "/api/v1/accounts", {"name": "Autre", "domains": ["www.acme.fr"]})

    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {"field": "domains", "reason": "the domain acme.fr already belongs to the account Acme"}
        ]
    }
    assert Account.objects.count() == 1


# Browser sessions: same permissions, and Django's CSRF check on unsafe methods.


@pytest.fixture
def browser(users: dict[str, User]) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["marketing"])
    return client


def test_session_can_read(browser: Client) -> None:
    response = browser.get("/api/v1/accounts")

    assert response.status_code == 200
    assert response.json() == {"count": 0, "items": []}


def test_session_post_without_csrf_token_is_403(browser: Client) -> None:
    audit = AuditEvent.objects.count()

    response = post_json(browser, "/api/v1/accounts", {"name": "Acme"})

    assert response.status_code == 403
    assert response.json() == {"errors": [{"field": None, "reason": "CSRF check Failed"}]}
    assert not Account.objects.exists()
    assert AuditEvent.objects.count() == audit


def test_session_delete_without_csrf_token_is_403(browser: Client, users: dict[str, User]) -> None:
    account = Account.objects.create(name="Acme")
    contact = account.contacts.create(first_name="Marie")

    response = browser.delete(f"/api/v1/contacts/{contact.pk}")

    assert response.status_code == 403
    assert account.contacts.count() == 1


def test_session_post_with_csrf_token_is_accepted(browser: Client) -> None:
    browser.get("/api/v1/docs")  # any page rendering a form sets the CSRF cookie
    token = browser.cookies["csrftoken"].value

    response = post_json(browser, "/api/v1/accounts", {"name": "Acme"}, HTTP_X_CSRFTOKEN=token)

    assert response.status_code == 201
    assert Account.objects.get().name == "Acme"


def test_session_of_a_read_only_role_is_403_even_with_csrf(users: dict[str, User]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["leadership"])
    client.get("/api/v1/docs")
    token = client.cookies["csrftoken"].value

    response = post_json(client, "/api/v1/accounts", {"name": "Acme"}, HTTP_X_CSRFTOKEN=token)

    assert response.status_code == 403
    assert response.json()["errors"][0]["reason"] == "your role does not allow this (edit_account)"
    assert not Account.objects.exists()


def test_bearer_token_needs_no_csrf_token(users: dict[str, User]) -> None:
    _, raw = token_create(user=users["marketing"], name="script")
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {raw}"})

    response = post_json(client, "/api/v1/accounts", {"name": "Acme"})

    assert response.status_code == 201


def test_wrong_token_on_a_write_is_401_not_a_csrf_failure(db: None) -> None:
    client = Client(enforce_csrf_checks=True, headers={"Authorization": "Bearer bat_wrong"})

    response = post_json(client, "/api/v1/accounts", {"name": "Acme"})

    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED
