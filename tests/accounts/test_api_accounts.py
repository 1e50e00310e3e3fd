"""Accounts endpoints: list with pagination and filters, create, read, partial update."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from baton.accounts.models import Account
from baton.core.models import AuditEvent
from baton.users.models import User
from tests.accounts.test_api_helpers import Seed, seed, send, snapshot

NOW = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def data(users: dict[str, User], frozen: None) -> Seed:
    return seed(users)


@pytest.fixture
def api(api_as: Callable[[str | None], Client]) -> Client:
    return api_as("marketing")


def names(response: Any) -> list[str]:
    return [item["name"] for item in response.json()["items"]]


def test_account_detail_exact_body(api: Client, data: Seed, users: dict[str, User]) -> None:
    response = api.get(f"/api/v1/accounts/{data.acme.pk}")

    assert response.status_code == 200
    marketing, rep = users["marketing"], users["sales_rep"]
    assert response.json() == {
        "id": data.acme.pk,
        "name": "Acme Industrie",
        "domains": ["acme.fr", "acme.com"],
        "external_id": None,
        "industry": "Logiciel",
        "employees": 120,
        "size_band": "51-200",
        "annual_revenue": {"amount": "180000.00", "currency": "EUR"},
        "country": "FR",
        "region": "",
        "territory": "Nord",
        "tier": "tier_1",
        "is_target": True,
        "targeted_on": "2026-01-05",
        "targeting_reason": "",
        "marketing_owner": {
            "id": marketing.pk,
            "name": marketing.display_name,
            "email": marketing.email,
        },
        "sales_owner": {"id": rep.pk, "name": rep.display_name, "email": rep.email},
        "journey_stage": "awareness",
        "level": "cold",
        "score": None,
        "status": "active",
        "created_at": "2026-11-20T09:30:00Z",
        "updated_at": "2026-11-20T09:30:00Z",
    }


def test_list_counts_and_pages(api: Client, users: dict[str, User], frozen: None) -> None:
    for n in range(7):
        Account.objects.create(name=f"Société {n:02d}")

    first = api.get("/api/v1/accounts?limit=3")
    second = api.get("/api/v1/accounts?limit=3&offset=3")
    last = api.get("/api/v1/accounts?limit=3&offset=6")

    assert first.json()["count"] == 7
    assert names(first) == ["Société 00", "Société 01", "Société 02"]
    assert names(second) == ["Société 03", "Société 04", "Société 05"]
    assert names(last) == ["Société 06"]
    assert names(api.get("/api/v1/accounts?offset=50")) == []


def test_list_default_page_is_50(api: Client, db: None) -> None:
    Account.objects.bulk_create(Account(name=f"A{n:03d}") for n in range(60))

    response = api.get("/api/v1/accounts")

    assert response.json()["count"] == 60
    assert len(response.json()["items"]) == 50


@pytest.mark.parametrize(
    ("query", "field", "reason"),
    [
        ("limit=201", "limit", "Input should be less than or equal to 200"),
        ("limit=0", "limit", "Input should be greater than or equal to 1"),
        ("offset=-1", "offset", "Input should be greater than or equal to 0"),
        ("tier=tier_9", "tier", "Input should be 'tier_1', 'tier_2' or 'tier_3'"),
        ("level=boiling", "level", "Input should be 'cold', 'warm' or 'hot'"),
        (
            "sort=colour",
            "sort",
            "must be one of name, -name, level, -level, score, -score, revenue, "
            "-revenue, employees, -employees, updated, -updated, targeted, -targeted",
        ),
        (
            "owner=me",
            "owner",
            "Input should be a valid integer, unable to parse string as an integer",
        ),
    ],
)
def test_list_rejects_bad_parameters(
    api: Client, db: None, query: str, field: str, reason: str
) -> None:
    response = api.get(f"/api/v1/accounts?{query}")

    assert response.status_code == 422
    assert response.json() == {"errors": [{"field": field, "reason": reason}]}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Acme Industrie", "Beta Conseil"]),
        ("q=acme.com", ["Acme Industrie"]),
        ("q=conseil", ["Beta Conseil"]),
        ("tier=tier_2", ["Beta Conseil"]),
        ("industry=Logiciel", ["Acme Industrie"]),
        ("level=warm", ["Beta Conseil"]),
        ("territory=Nord", ["Acme Industrie"]),
        ("is_target=true", ["Acme Industrie"]),
        ("is_target=false", ["Beta Conseil"]),
        ("status=archived", []),
        ("sort=-name", ["Beta Conseil", "Acme Industrie"]),
        ("sort=-employees", ["Acme Industrie", "Beta Conseil"]),
        ("sort=-level", ["Beta Conseil", "Acme Industrie"]),
    ],
)
def test_list_filters_and_sorts(api: Client, data: Seed, query: str, expected: list[str]) -> None:
    response = api.get(f"/api/v1/accounts?{query}")

    assert response.status_code == 200
    assert names(response) == expected
    assert response.json()["count"] == len(expected)


def test_list_filters_by_owner(api: Client, data: Seed, users: dict[str, User]) -> None:
    by_rep = api.get(f"/api/v1/accounts?owner={users['sales_rep'].pk}")
    by_admin = api.get(f"/api/v1/accounts?owner={users['admin'].pk}")

    assert names(by_rep) == ["Acme Industrie"]
    assert names(by_admin) == []


def test_list_query_count_does_not_grow_with_accounts(api: Client, data: Seed) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert api.get("/api/v1/accounts?limit=200").status_code == 200
        return len(ctx.captured_queries)

    queries()  # the token's first use records its date once
    # token and user, count, page with owners, domains prefetch
    assert queries() == 4
    for n in range(20):
        Account.objects.create(name=f"Extra {n}", marketing_owner=data.acme.marketing_owner)
    assert queries() == 4


def test_create_returns_201_and_the_account(
    api: Client, db: None, users: dict[str, User], frozen: None
) -> None:
    response = send(
        api,
        "POST",
        "/api/v1/accounts",
        {
            "name": "  Gamma Logistique ",
            "domains": ["https://www.Gamma-Logistique.fr/contact", "gamma.eu"],
            "employees": 800,
            "annual_revenue": "2500000.5",
            "revenue_currency": "usd",
            "tier": "tier_3",
            "country": "fr",
        },
    )

    assert response.status_code == 201
    body = response.json()
    account = Account.objects.get(pk=body["id"])
    assert account.name == "Gamma Logistique"
    assert body["domains"] == ["gamma-logistique.fr", "gamma.eu"]
    assert body["size_band"] == "501-1000"
    assert body["annual_revenue"] == {"amount": "2500000.50", "currency": "USD"}
    assert body["country"] == "FR"
    assert body["targeted_on"] == "2026-11-20"
    event = AuditEvent.objects.get(target_type="accounts.account")
    assert (event.action, event.actor, event.target_id) == (
        "account.created",
        users["marketing"],
        str(account.pk),
    )


def test_create_with_a_taken_domain_is_400_and_creates_nothing(api: Client, data: Seed) -> None:
    before = snapshot()

    response = send(api, "POST", "/api/v1/accounts", {"name": "Copie", "domains": ["acme.fr"]})

    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "field": "domains",
                "reason": "the domain acme.fr already belongs to the account Acme Industrie",
            }
        ]
    }
    assert snapshot() == before


def test_create_without_name_is_422(api: Client, db: None) -> None:
    response = send(api, "POST", "/api/v1/accounts", {"industry": "Santé"})

    assert response.status_code == 422
    assert response.json() == {"errors": [{"field": "name", "reason": "Field required"}]}


def test_create_with_an_unknown_field_is_422(api: Client, db: None) -> None:
    response = send(api, "POST", "/api/v1/accounts", {"name": "X", "colour": "blue"})

    assert response.status_code == 422
    assert response.json() == {
        "errors": [{"field": "colour", "reason": "Extra inputs are not permitted"}]
    }


def test_create_with_an_unknown_owner_is_400(api: Client, db: None) -> None:
    response = send(api, "POST", "/api/v1/accounts", {"name": "X", "sales_owner_id": 9999})

    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"field": "sales_owner_id", "reason": "no active user with id 9999"}]
    }
    assert not Account.objects.exists()


def test_patch_changes_only_the_fields_sent(api: Client, data: Seed) -> None:
    response = send(
        api,
        "PATCH",
        f"/api/v1/accounts/{data.acme.pk}",
        {"employees": 1500, "domains": ["acme.com"]},
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["employees"], body["size_band"], body["domains"]) == (
        1500,
        "1001-5000",
        ["acme.com"],
    )
    assert (body["name"], body["tier"], body["industry"]) == (
        "Acme Industrie",
        "tier_1",
        "Logiciel",
    )
    event = AuditEvent.objects.filter(action="account.updated").get()
    assert event.changes == {
        "employees": [120, 1500],
        "domains": [["acme.fr", "acme.com"], ["acme.com"]],
    }


def test_patch_untargeting_is_audited_as_such(api: Client, data: Seed) -> None:
    response = send(api, "PATCH", f"/api/v1/accounts/{data.acme.pk}", {"is_target": False})

    assert response.json()["is_target"] is False
    assert AuditEvent.objects.filter(action="account.untargeted").count() == 1


def test_patch_with_nothing_changes_nothing(api: Client, data: Seed) -> None:
    before = snapshot()

    response = send(api, "PATCH", f"/api/v1/accounts/{data.acme.pk}", {})

    assert response.status_code == 200
    assert snapshot() == before


@pytest.mark.parametrize("field", ["name", "is_target", "journey_stage", "revenue_currency"])
def test_patch_null_on_a_required_field_is_422(api: Client, data: Seed, field: str) -> None:
    before = snapshot()

    response = send(api, "PATCH", f"/api/v1/accounts/{data.acme.pk}", {field: None})

    assert response.status_code == 422
    assert response.json() == {"errors": [{"field": field, "reason": "may not be null"}]}
    assert snapshot() == before


def test_patch_another_accounts_domain_is_400(api: Client, data: Seed) -> None:
    response = send(
        api, "PATCH", f"/api/v1/accounts/{data.beta.pk}", {"domains": ["beta.fr", "acme.com"]}
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "domains"
    assert list(data.beta.domains.values_list("domain", flat=True)) == ["beta-conseil.fr"]


def test_patch_unknown_account_is_404(api: Client, db: None) -> None:
    response = send(api, "PATCH", "/api/v1/accounts/4242", {"name": "X"})

    assert response.status_code == 404
    assert response.json() == {"errors": [{"field": "id", "reason": "no account with id 4242"}]}


def test_there_is_no_delete(api_as: Callable[[str | None], Client], data: Seed) -> None:
    response = api_as("admin").delete(f"/api/v1/accounts/{data.acme.pk}")

    assert response.status_code == 405
    assert Account.objects.filter(pk=data.acme.pk).exists()


def test_patch_null_clears_an_optional_field(api: Client, data: Seed) -> None:
    response = send(
        api,
        "PATCH",
        f"/api/v1/accounts/{data.acme.pk}",
        {"employees": None, "annual_revenue": None, "sales_owner_id": None},
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["employees"], body["size_band"]) == (None, "")
    assert (body["annual_revenue"], body["sales_owner"]) == (None, None)
