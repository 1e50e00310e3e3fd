"""Metrics API: definitions, values as of a day, drill-down, targets by role."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from baton.metrics.models import MetricTarget

pytestmark = pytest.mark.django_db
Q = "period=2026-Q3&as_of=2026-09-30"


def test_definitions(api_as: Callable[[str | None], Client]) -> None:
    assert api_as(None).get("/api/v1/metrics/definitions").status_code == 401
    data = api_as("leadership").get("/api/v1/metrics/definitions").json()
    influence = next(m for m in data if m["id"] == "marketing_influence")
    assert influence["benchmark"] == [60.0, 80.0]
    assert influence["params"] == {"min_assets": 2}


def test_values_and_accounts(api_as: Callable[[str | None], Client], workspace: Any) -> None:
    client = api_as("leadership")
    data = client.get(f"/api/v1/metrics/values?{Q}&segment=industry").json()
    engaged = data["metrics"][0]
    assert engaged["metric"] == "engaged_accounts"
    assert engaged["value"] == "2"
    assert engaged["by_segment"]["Tech"]["value"] == "1"
    assert data["funnel"] == {"targets": 5, "engaged": 2, "opportunity": 2, "won": 2}
    names = [a["name"] for a in client.get(f"/api/v1/metrics/engaged_accounts/accounts?{Q}").json()]
    assert names == ["Alpha", "Delta"]
    bad = client.get("/api/v1/metrics/values?period=2026-Q9")
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "period"


def test_targets_by_role(api_as: Callable[[str | None], Client]) -> None:
    body = {"metric_id": "win_rate", "quarter": "2026-Q4", "value": "30", "at_risk": "20"}
    refused = api_as("leadership").post(
        "/api/v1/metrics/targets", body, content_type="application/json"
    )
    assert refused.status_code == 403
    assert MetricTarget.objects.count() == 0
    made = api_as("marketing").post(
        "/api/v1/metrics/targets", body, content_type="application/json"
    )
    assert made.status_code == 201
    assert made.json()["value"] == "30"
    wrong = dict(body, at_risk="40")
    bad = api_as("admin").post("/api/v1/metrics/targets", wrong, content_type="application/json")
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "at_risk"
