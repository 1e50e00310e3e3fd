"""Corrective actions through the API: roles, validation, closing once, audit rows."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from baton.core.models import AuditEvent
from baton.metrics.models import CorrectiveAction
from baton.users.models import User

pytestmark = pytest.mark.django_db
URL = "/api/v1/metrics/actions"


def _post(client: Client, url: str, data: dict[str, object]) -> tuple[int, dict[str, object]]:
    response = client.post(url, data=data, content_type="application/json")
    return response.status_code, response.json()


def test_create_list_and_close(
    api_as: Callable[[str | None], Client], users: dict[str, User]
) -> None:
    lead = api_as("marketing")
    rep = users["sales_rep"]
    status, body = _post(
        lead,
        URL,
        {"title": "Relancer les comptes prêts", "owner_id": rep.pk, "due_on": "2026-12-04",
         "metric_id": "engaged_accounts", "is_blocker": True},
    )  # fmt: skip
    assert status == 201
    assert (body["title"], body["owner"], body["due_on"], body["status"], body["is_blocker"]) == (
        "Relancer les comptes prêts", rep.email, "2026-12-04", "open", True,
    )  # fmt: skip
    assert body["created_by"] == users["marketing"].email
    listed = api_as("leadership").get(URL + "?status=open").json()
    assert [a["id"] for a in listed] == [body["id"]]
    assert api_as("leadership").get(URL + "?status=done").json() == []

    status, closed = _post(lead, f"{URL}/{body['id']}/close", {"status": "dropped"})
    assert (status, closed["status"]) == (200, "dropped")
    assert closed["closed_at"] is not None
    status, again = _post(lead, f"{URL}/{body['id']}/close", {})
    assert status == 409
    assert again["errors"][0]["field"] == "status"
    actions = list(
        AuditEvent.objects.filter(action__startswith="metrics.action_").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["metrics.action_closed", "metrics.action_created"]


@pytest.mark.parametrize("role", ["leadership", "sales_rep"])
def test_read_only_roles_cannot_write(api_as: Callable[[str | None], Client], role: str) -> None:
    client = api_as(role)
    status, body = _post(client, URL, {"title": "x"})
    assert status == 403
    assert "edit_account" in body["errors"][0]["reason"]
    action = CorrectiveAction.objects.create(title="Ouverte")
    assert _post(client, f"{URL}/{action.pk}/close", {})[0] == 403
    action.refresh_from_db()
    assert action.status == "open"
    assert client.get(URL).status_code == 200
    assert api_as(None).get(URL).status_code == 401


def test_bad_input_says_what_and_where(api_as: Callable[[str | None], Client]) -> None:
    client = api_as("sales_manager")
    assert _post(client, URL, {"title": "  "}) == (
        400, {"errors": [{"field": "title", "reason": "say what is to be done"}]},
    )  # fmt: skip
    status, body = _post(client, URL, {"title": "x", "owner_id": 999999})
    assert (status, body["errors"][0]["field"]) == (404, "owner_id")
    status, body = _post(client, URL, {"title": "x", "metric_id": "nope"})
    assert (status, body["errors"][0]["field"]) == (400, "metric_id")
    status, body = _post(client, f"{URL}/999999/close", {})
    assert (status, body["errors"][0]["field"]) == (404, "action_id")
    status, body = _post(client, URL, {"title": "x", "due_on": "demain"})
    assert (status, body["errors"][0]["field"]) == (422, "due_on")
    assert CorrectiveAction.objects.count() == 0
