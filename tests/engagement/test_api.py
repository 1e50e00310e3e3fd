"""The batch endpoint and the signed webhook: per-item results, idempotency, refusals."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from baton.engagement.models import Interaction
from baton.engagement.services import ingest_source_create
from baton.engagement.webhooks import sign
from tests.engagement.conftest import account, snapshot

pytestmark = pytest.mark.django_db
BATCH = "/api/v1/interactions/batch"
HOOK = "/api/v1/hooks/interactions"


def _events(n: int = 3, prefix: str = "api") -> list[dict[str, Any]]:
    return [
        {
            "external_id": f"{prefix}-{i}",
            "type": "web_visit",
            "occurred_at": "2026-03-02T10:00:00+01:00",
            "domain": "acme.fr" if i % 2 == 0 else "nobody.example",
            "page_url": "https://www.baton.fr/tarifs",
        }
        for i in range(n)
    ]


@pytest.fixture
def acme() -> Any:
    return account("Acme", "acme.fr")


def _post(client: Client, body: Any) -> Any:
    return client.post(BATCH, data=json.dumps(body), content_type="application/json")


def test_batch_per_item_results(acme: Any, api_as: Callable[[str | None], Client]) -> None:
    events = [
        *_events(2),
        {"external_id": "bad", "type": "nope", "occurred_at": "x", "domain": "acme.fr"},
        "not an object",
        {**_events(1)[0]},  # repeats api-0 in the same batch
    ]
    response = _post(api_as("marketing"), {"events": events})
    assert response.status_code == 200
    body = response.json()
    assert (body["created"], body["unmatched"], body["duplicates"], body["rejected"]) == (
        1,
        1,
        1,
        2,
    )
    assert [r["status"] for r in body["results"]] == [
        "created",
        "unmatched",
        "rejected",
        "rejected",
        "duplicate",
    ]
    assert body["results"][0] == {
        "index": 0,
        "external_id": "api-0",
        "status": "created",
        "account_id": acme.pk,
        "warnings": [],
        "errors": [],
    }
    assert [e["field"] for e in body["results"][2]["errors"]] == ["type", "occurred_at"]
    assert Interaction.objects.get(external_id="api-0").source == "api"
    assert Interaction.objects.count() == 2


def test_batch_replayed_three_times_stores_one_copy(
    acme: Any, api_as: Callable[[str | None], Client]
) -> None:
    client = api_as("marketing")
    assert _post(client, {"events": _events(5)}).json()["created"] == 3
    before = snapshot()
    for _ in range(2):
        body = _post(client, {"events": _events(5)}).json()
        assert (body["created"], body["unmatched"], body["duplicates"]) == (0, 0, 5)
    assert snapshot() == before
    assert Interaction.objects.count() == 5


def test_batch_over_1000_items_is_refused(
    acme: Any, api_as: Callable[[str | None], Client]
) -> None:
    response = _post(api_as("admin"), {"events": _events(1001)})
    assert response.status_code == 413
    assert response.json() == {
        "errors": [
            {
                "field": None,
                "reason": "too many events in one call: 1001 (at most 1000; split the batch)",
            }
        ]
    }
    assert Interaction.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (None, 401),
        ("leadership", 403),
        ("sales_rep", 403),
        ("sales_manager", 403),
        ("marketing", 200),
        ("admin", 200),
    ],
)
def test_batch_roles(
    acme: Any, api_as: Callable[[str | None], Client], role: str | None, status: int
) -> None:
    response = _post(api_as(role), {"events": _events(1)})
    assert response.status_code == status
    assert Interaction.objects.count() == (1 if status == 200 else 0)


# ---------------------------------------------------------------------------------------------
# Webhook


@pytest.fixture
def source() -> Any:
    return ingest_source_create(actor=None, name="HubSpot")


def _hook(
    body: bytes,
    *,
    signature: str | None,
    slug: str | None = "hubspot",
) -> Any:
    headers = {}
    if signature is not None:
        headers["Baton-Signature"] = signature
    if slug is not None:
        headers["Baton-Source"] = slug
    return Client(headers=headers).post(HOOK, data=body, content_type="application/json")


def _body(events: list[dict[str, Any]], **extra: Any) -> bytes:
    return json.dumps({"events": events, **extra}).encode()


def test_webhook_good_signature_stores_and_replays_are_duplicates(acme: Any, source: Any) -> None:
    body = _body(_events(4, "wh"))
    for attempt in range(3):
        response = _hook(body, signature=sign(source.secret, body, int(time.time())))
        assert response.status_code == 200
        result = response.json()
        if attempt == 0:
            assert (result["created"], result["unmatched"]) == (2, 2)
        else:
            assert (result["created"], result["unmatched"], result["duplicates"]) == (0, 0, 4)
    assert Interaction.objects.count() == 4
    assert set(Interaction.objects.values_list("source", flat=True)) == {"hubspot"}
    source.refresh_from_db()
    assert source.last_used_at is not None


def test_webhook_source_in_the_body(acme: Any, source: Any) -> None:
    body = _body(_events(1, "b"), source="hubspot")
    response = _hook(body, signature=sign(source.secret, body, int(time.time())), slug=None)
    assert response.status_code == 200
    assert Interaction.objects.count() == 1


def _refused(response: Any, reason: str) -> None:
    assert response.status_code == 401
    assert response.json() == {"errors": [{"field": None, "reason": f"webhook refused: {reason}"}]}
    assert Interaction.objects.count() == 0


def test_webhook_bad_signature(acme: Any, source: Any) -> None:
    body = _body(_events(1))
    signature = sign("not-the-secret", body, int(time.time()))
    _refused(
        _hook(body, signature=signature),
        "the signature does not match the body and the source's secret",
    )


def test_webhook_body_changed_after_signing(acme: Any, source: Any) -> None:
    body = _body(_events(1))
    signature = sign(source.secret, body, int(time.time()))
    _refused(
        _hook(body.replace(b"acme.fr", b"evil.fr"), signature=signature),
        "the signature does not match the body and the source's secret",
    )


@pytest.mark.parametrize("offset", [-301, 301, -3600])
def test_webhook_stale_or_future_timestamp(acme: Any, source: Any, offset: int) -> None:
    body = _body(_events(1))
    signature = sign(source.secret, body, int(time.time()) + offset)
    _refused(
        _hook(body, signature=signature),
        "the signature timestamp is more than 300 s away from our clock",
    )


def test_webhook_missing_signature(acme: Any, source: Any) -> None:
    _refused(_hook(_body(_events(1)), signature=None), "missing Baton-Signature header")


def test_webhook_malformed_signature(acme: Any, source: Any) -> None:
    _refused(
        _hook(_body(_events(1)), signature="sha256=abc"),
        "the Baton-Signature header must be t=<unix seconds>,v1=<hex>",
    )


def test_webhook_wrong_or_disabled_source(acme: Any, source: Any) -> None:
    other = ingest_source_create(actor=None, name="Salesforce")
    body = _body(_events(1))
    signed_by_other = sign(other.secret, body, int(time.time()))
    _refused(
        _hook(body, signature=signed_by_other, slug="hubspot"),
        "the signature does not match the body and the source's secret",
    )
    _refused(
        _hook(body, signature=signed_by_other, slug="marketo"),
        "unknown or disabled source (send the Baton-Source header)",
    )
    other.is_active = False
    other.save()
    _refused(
        _hook(body, signature=signed_by_other, slug="salesforce"),
        "unknown or disabled source (send the Baton-Source header)",
    )


def test_webhook_signed_but_not_json(source: Any) -> None:
    body = b"not json"
    response = _hook(body, signature=sign(source.secret, body, int(time.time())))
    assert response.status_code == 400
    assert Interaction.objects.count() == 0
