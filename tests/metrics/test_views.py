"""Metrics pages: access per role, the dashboard's content, drill-down, targets, pins, survey,
exports and a bounded number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from baton.metrics.models import MetricTarget, PinnedMetric, SurveyResponse
from baton.metrics.services import snapshot_week, target_set
from tests.metrics.conftest import account, touch

pytestmark = pytest.mark.django_db
AS_OF = "?period=2026-Q3&as_of=2026-09-30"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.mark.parametrize("role", [None, "leadership", "marketing", "sales_rep"])
def test_dashboard_access(client_as: Callable[[str | None], Client], role: str | None) -> None:
    response = client_as(role).get("/metrics/")
    if role is None:
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")
    else:
        assert response.status_code == 200


def test_dashboard_shows_the_five_with_targets_and_summary(
    client_as: Callable[[str | None], Client], workspace: dict[str, Any], users: dict[str, Any]
) -> None:
    target_set(
        actor=users["marketing"],
        metric_id="engaged_accounts",
        quarter="2026-Q3",
        value=Decimal(3),
        at_risk=Decimal(2),
    )
    response = client_as("leadership").get("/metrics/" + AS_OF, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    for metric in (
        "engaged_accounts",
        "account_to_opportunity",
        "pipeline_velocity",
        "marketing_influence",
        "roi_per_account",
    ):
        assert f'id="metric-{metric}"' in html
    assert 'data-state="at_risk"' in html  # 2 engaged: below 3, from 2 at risk
    assert "target 3 · at risk from 2" in html
    assert (
        "Q3 2026: 5 accounts targeted, 2 engaged, 2 in opportunity, 3 signed for €160,000, "
        "ROI 5.7\u00d7." in html
    )
    assert "metrics/vendor/chartjs/chart.umd.min.js" in html
    assert "cdn" not in html.lower()


def test_drill_down_lists_the_engaged_accounts(
    client_as: Callable[[str | None], Client], workspace: dict[str, Any]
) -> None:
    response = client_as("sales_rep").get("/metrics/engaged_accounts/accounts/" + AS_OF)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alpha" in html
    assert "Delta" in html
    assert "Beta" not in html
    assert client_as("sales_rep").get("/metrics/nope/accounts/").status_code == 404


def test_dashboard_queries_are_bounded(
    client_as: Callable[[str | None], Client], workspace: dict[str, Any]
) -> None:
    """Computed (a new record since the last view) in as many queries whatever the number of
    accounts; served from the stored numbers in a handful."""
    client = client_as("leadership")
    client.get("/metrics/" + AS_OF)
    client.get("/metrics/" + AS_OF)  # stored numbers are decoded once per process
    with CaptureQueriesContext(connection) as warm:
        assert client.get("/metrics/" + AS_OF).status_code == 200
    touch(workspace["alpha"], "meeting", timezone.make_aware(dt.datetime(2026, 9, 21, 10)))
    with CaptureQueriesContext(connection) as few:
        assert client.get("/metrics/" + AS_OF).status_code == 200
    for n in range(40):
        acc = account(f"More {n}", industry=f"Ind {n % 7}")
        touch(acc, "meeting", timezone.make_aware(dt.datetime(2026, 9, 20, 10)))
    with CaptureQueriesContext(connection) as many:
        assert client.get("/metrics/" + AS_OF).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(few.captured_queries) <= 80
    # session, user, the dashboard's state (page and data markers, rates), the unread count
    # (the owners of the segment switcher: none here; targets: none set); body and header
    # from caches
    assert len(warm.captured_queries) == 4


def test_targets_edit_by_role(client_as: Callable[[str | None], Client]) -> None:
    data = {"metric_id": "engaged_accounts", "quarter": "2026-Q4", "value": "20", "at_risk": "15"}
    assert client_as("leadership").post("/metrics/targets/", data).status_code == 403
    assert client_as("sales_rep").post("/metrics/targets/", data).status_code == 403
    assert MetricTarget.objects.count() == 0
    assert client_as("sales_manager").post("/metrics/targets/", data).status_code == 302
    data["value"] = "22"
    assert client_as("marketing").post("/metrics/targets/", data).status_code == 302
    values = list(MetricTarget.objects.order_by("set_at", "id").values_list("value", flat=True))
    assert values == [Decimal(20), Decimal(22)]  # history: both rows kept, newest wins
    page = client_as("leadership").get("/metrics/targets/").content.decode()
    assert 'id="target-form"' not in page
    assert "Engaged target accounts" in page


def test_pin_up_to_seven(client_as: Callable[[str | None], Client]) -> None:
    client = client_as("marketing")
    for metric in ("win_rate", "sales_cycle", "average_deal_size"):
        client.post("/metrics/pin/", {"metric_id": metric})
    assert list(PinnedMetric.objects.values_list("metric_id", flat=True)) == [
        "win_rate",
        "sales_cycle",
    ]
    assert client_as("leadership").post("/metrics/pin/", {"metric_id": "x"}).status_code == 403


def test_survey_answer_and_results(client_as: Callable[[str | None], Client]) -> None:
    answer = {"team": "sales", "communication": "4", "trust": "3", "other_team": "5"}
    assert client_as("leadership").post("/metrics/survey/", answer).status_code == 403
    assert client_as("sales_rep").post("/metrics/survey/", answer).status_code == 302
    assert SurveyResponse.objects.get().quarter == "2026-Q4"
    page = client_as("leadership").get("/metrics/survey/").content.decode()
    assert "<td>4.0</td><td>3.0</td><td>5.0</td><td>4.0</td>" in page


@time_machine.travel(dt.datetime(2026, 10, 5, 8, 0, tzinfo=dt.UTC), tick=False)
def test_sheet_export_is_weeks_by_metrics_and_formula_safe(
    client_as: Callable[[str | None], Client], workspace: dict[str, Any]
) -> None:
    # the weeks of 09-14 and 09-21, as of their Sundays 09-20 and 09-27 (Q3 to date): Gamma's
    # meetings of 08-30, 09-10 and 09-15 are all in the 30-day window then -> 3 engaged
    snapshot_week(week_start=dt.date(2026, 9, 21))
    snapshot_week(week_start=dt.date(2026, 9, 14))
    response = client_as("leadership").get("/metrics/export/sheet.csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == (
        "week,target_accounts,engaged_accounts,opportunity_accounts,deals_won,won_revenue,"
        "roi_per_account,account_to_opportunity,pipeline_velocity,marketing_influence"
    )
    assert lines[1].startswith("2026-09-14,5,3,2,3,160000.00,")
    assert lines[2].startswith("2026-09-21,5,3,2,3,160000.00,")
    xlsx = client_as("leadership").get("/metrics/export/sheet.xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    industry = client_as("leadership").get(
        "/metrics/export/breakdown.csv" + AS_OF + "&dimension=industry"
    )
    assert industry.content.decode().splitlines()[0] == (
        "industry,engaged_accounts,account_to_opportunity,pipeline_velocity,"
        "marketing_influence,roi_per_account"
    )


def test_formula_like_segment_is_exported_as_text(
    client_as: Callable[[str | None], Client], workspace: dict[str, Any]
) -> None:
    account("Evil", industry="=HYPERLINK(1)")
    rows = (
        client_as("leadership")
        .get("/metrics/export/breakdown.csv" + AS_OF + "&dimension=industry")
        .content.decode()
    )
    assert "'=HYPERLINK(1)" in rows


def test_definitions_page_in_french(make_user: Callable[..., Any]) -> None:
    client = Client()
    client.force_login(make_user("leadership", language="fr"))
    page = client.get("/metrics/definitions/").content.decode()
    assert "Taux d'influence marketing" in page or "Taux d&#x27;influence marketing" in page
    assert 'id="pipeline_velocity"' in page
