"""REST: my inbox and preferences (everyone); delivery log and retry (admins only)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from baton.notifications.models import Notification, OutboxMessage, Preference, State
from baton.notifications.services import notify
from tests.notifications.conftest import HANDOVER_CONTEXT

pytestmark = pytest.mark.django_db


def _put(client: Any, url: str, body: Any) -> Any:
    return client.put(url, data=json.dumps(body), content_type="application/json")


def test_inbox_list_and_mark_read(api_as: Any, users: dict[str, Any]) -> None:
    rep = users["sales_rep"]
    for n in range(3):
        notify(
            event="test.message", recipients=[rep], context={}, channels=["in_app"], dedupe=str(n)
        )
    notify(event="test.message", recipients=[users["marketing"]], context={}, channels=["in_app"])
    client = api_as("sales_rep")
    body = client.get("/api/v1/notifications").json()
    assert body["unread"] == 3
    assert [i["title"] for i in body["items"]] == ["Baton test message"] * 3
    first = body["items"][0]["id"]
    marked = client.post(
        "/api/v1/notifications/read", data={"ids": [first]}, content_type="application/json"
    ).json()
    assert marked == {"marked": 1, "unread": 2}
    assert client.get("/api/v1/notifications?unread_only=true").json()["unread"] == 2
    # Someone else's id is silently not mine to mark.
    other = Notification.objects.get(recipient=users["marketing"]).pk
    assert client.post(
        "/api/v1/notifications/read", data={"ids": [other]}, content_type="application/json"
    ).json() == {"marked": 0, "unread": 2}
    assert client.post(
        "/api/v1/notifications/read", data={}, content_type="application/json"
    ).json() == {
        "marked": 2,
        "unread": 0,
    }


def test_anonymous_gets_401(api_as: Any) -> None:
    assert api_as(None).get("/api/v1/notifications").status_code == 401


def test_preferences_get_and_put(api_as: Any, users: dict[str, Any]) -> None:
    client = api_as("leadership")
    grid = {row["event"]: row for row in client.get("/api/v1/notifications/preferences").json()}
    assert grid["handover.assigned"]["channels"] == {
        "in_app": True,
        "email": True,
        "slack": True,
        "teams": True,
        "webhook": True,
    }
    assert grid["digest.daily"]["channels"]["email"] is False
    assert "channel.failing" not in grid  # system messages are not a personal choice
    response = _put(
        client,
        "/api/v1/notifications/preferences",
        {"preferences": [{"event": "digest.daily", "channel": "email", "enabled": True}]},
    )
    assert response.status_code == 200
    grid = {row["event"]: row for row in response.json()}
    assert grid["digest.daily"]["channels"]["email"] is True
    assert Preference.objects.filter(user=users["leadership"]).count() == 1


@pytest.mark.parametrize(
    ("item", "field", "reason"),
    [
        (
            {"event": "nope", "channel": "email", "enabled": True},
            "event",
            "unknown notification event 'nope'",
        ),
        (
            {"event": "channel.failing", "channel": "email", "enabled": False},
            "event",
            "channel.failing is not a configurable event",
        ),
        (
            {"event": "digest.daily", "channel": "fax", "enabled": True},
            "channel",
            "unknown channel 'fax'",
        ),
    ],
)
def test_bad_preferences_are_refused_and_change_nothing(
    api_as: Any, item: dict[str, Any], field: str, reason: str
) -> None:
    response = _put(
        api_as("sales_rep"), "/api/v1/notifications/preferences", {"preferences": [item]}
    )
    assert response.status_code == 400
    assert response.json() == {"errors": [{"field": field, "reason": reason}]}
    assert Preference.objects.count() == 0


@pytest.mark.parametrize("role", ["marketing", "sales_rep", "sales_manager", "leadership"])
def test_delivery_log_is_admin_only(api_as: Any, role: str) -> None:
    response = api_as(role).get("/api/v1/notifications/deliveries")
    assert response.status_code == 403
    assert response.json() == {
        "errors": [{"field": None, "reason": "your role does not allow this (configure)"}]
    }


def test_delivery_log_filters_and_retry(api_as: Any, users: dict[str, Any]) -> None:
    rep = users["sales_rep"]
    notify(event="handover.assigned", recipients=[rep], context=HANDOVER_CONTEXT)
    email = OutboxMessage.objects.get(channel="email")
    OutboxMessage.objects.filter(pk=email.pk).update(state=State.DEAD, last_error="HTTP 410")
    client = api_as("admin")
    rows = client.get("/api/v1/notifications/deliveries?state=dead").json()
    assert [(r["channel"], r["state"], r["recipient_email"], r["last_error"]) for r in rows] == [
        ("email", "dead", rep.email, "HTTP 410")
    ]
    assert len(client.get("/api/v1/notifications/deliveries?channel=in_app").json()) == 1
    assert (
        client.get(f"/api/v1/notifications/deliveries?recipient={rep.email}").json()[0]["event"]
        == "handover.assigned"
    )
    retried = client.post(f"/api/v1/notifications/deliveries/{email.pk}/retry")
    assert retried.status_code == 200
    assert retried.json()["state"] == "pending"
    again = client.post(f"/api/v1/notifications/deliveries/{email.pk}/retry")
    assert again.status_code == 400
    assert again.json() == {
        "errors": [
            {
                "field": "state",
                "reason": "only dead or failed messages can be retried (this one is pending)",
            }
        ]
    }
    assert client.post("/api/v1/notifications/deliveries/999999/retry").status_code == 404


def test_retry_refused_for_non_admin_changes_nothing(api_as: Any, users: dict[str, Any]) -> None:
    (row,) = notify(
        event="test.message", recipients=[users["admin"]], context={}, channels=["email"]
    )
    OutboxMessage.objects.filter(pk=row.pk).update(state=State.DEAD)
    assert (
        api_as("marketing").post(f"/api/v1/notifications/deliveries/{row.pk}/retry").status_code
        == 403
    )
    assert OutboxMessage.objects.get(pk=row.pk).state == State.DEAD
