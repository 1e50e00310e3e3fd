"""Weekly review and monthly lead review pages and endpoints: the role matrix, the downloads,
actions and blockers, and the monthly figures on a hand-computed fixture.

Monthly fixture (month 2026-09, as of 09-30, on top of ``weekly_fixture``): a deal "Atelier
Beta" created 09-05 (source webinar), won 09-20 → Beta converted in September: industry "" 1 of
2 target accounts = 50 %; source webinar 1 won of 1 created = 100 %.
Handover events: disqualify no_budget 03-20 (before the six months), 08-05 and 09-10; timing
09-12; reject "pas le bon  interlocuteur" 07-01 and "Pas le bon interlocuteur" 09-02 (the same
reason: case and spaces folded, the first text seen is shown), reject 10-01 (after D).
  → months 2026-04 … 2026-09; no_budget 0 0 0 0 1 1 (2); timing 0 0 0 0 0 1 (1);
    "pas le bon interlocuteur" 0 0 0 1 0 1 (2).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import translation

from baton.accounts.models import Deal
from baton.handovers.models import Handover, HandoverEvent
from baton.metrics import monthly
from baton.metrics.formulas import parse_period
from baton.metrics.models import CorrectiveAction
from tests.metrics.conftest import at, day
from tests.metrics.weekly_fixture import WEEK, build

pytestmark = pytest.mark.django_db
ROLES = [None, "leadership", "marketing", "sales_rep", "sales_manager", "admin"]
EDITORS = {"marketing", "sales_manager", "admin"}


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def fixture(make_user: Any) -> dict[str, Any]:
    return build(make_user)


@pytest.mark.parametrize("role", ROLES)
def test_read_pages_by_role(
    client_as: Callable[[str | None], Client], fixture: dict[str, Any], role: str | None
) -> None:
    client = client_as(role)
    for url in (
        "/metrics/weekly/",
        "/metrics/weekly/2026-W39/",
        "/metrics/weekly/2026-W39.md?lang=en",
        "/metrics/weekly/2026-W39.pdf?lang=fr",
        "/metrics/monthly/?month=2026-09",
    ):
        response = client.get(url)
        if role is None:
            assert (response.status_code, response["Location"][:7]) == (302, "/login/"), url
        else:
            assert response.status_code == 200, url


def test_week_page_and_downloads(
    client_as: Callable[[str | None], Client], fixture: dict[str, Any]
) -> None:
    client = client_as("leadership")
    html = client.get("/metrics/weekly/2026-W39/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Q3 2026: 2 accounts targeted" in html
    assert 'id="download-pdf"' in html
    assert 'id="action-form"' not in html  # leadership reads only
    md = client.get("/metrics/weekly/2026-W39.md?lang=fr")
    assert md["Content-Disposition"] == 'attachment; filename="baton-review-2026-W39-fr.md"'
    assert md.content.decode().startswith("# Revue hebdomadaire 2026-W39")
    pdf = client.get("/metrics/weekly/2026-W39.pdf?lang=en")
    assert (pdf["Content-Type"], pdf.content[:4]) == ("application/pdf", b"%PDF")
    assert client.get("/metrics/weekly/2026-W39.docx").status_code == 404
    assert client.get("/metrics/weekly/nope/").status_code == 404


@pytest.mark.parametrize("role", ROLES[1:])
def test_actions_and_blockers_by_role(
    client_as: Callable[[str | None], Client],
    fixture: dict[str, Any],
    users: dict[str, Any],
    role: str,
) -> None:
    client = client_as(role)
    before = CorrectiveAction.objects.count()
    response = client.post(
        "/metrics/weekly/actions/",
        {
            "title": "Appeler les comptes chauds",
            "owner": users["marketing"].pk,
            "due_on": "2026-10-09",
            "is_blocker": "1",
            "next": "/metrics/weekly/2026-W39/",
        },
    )
    if role not in EDITORS:
        assert response.status_code == 403
        assert CorrectiveAction.objects.count() == before
        return
    assert (response.status_code, response["Location"]) == (302, "/metrics/weekly/2026-W39/")
    action = CorrectiveAction.objects.get(title="Appeler les comptes chauds")
    assert (action.owner, action.due_on, action.is_blocker) == (
        users["marketing"],
        dt.date(2026, 10, 9),
        True,
    )
    closed = client.post(f"/metrics/weekly/actions/{action.pk}/close/", {"status": "done"})
    assert (closed.status_code, closed["Location"]) == (302, "/metrics/weekly/")
    action.refresh_from_db()
    assert action.status == "done"
    assert action.closed_at is not None


def test_close_is_refused_to_readers(
    client_as: Callable[[str | None], Client], fixture: dict[str, Any]
) -> None:
    action = CorrectiveAction.objects.get(title="Export CRM en panne")
    assert (
        client_as("sales_rep").post(f"/metrics/weekly/actions/{action.pk}/close/").status_code
        == 403
    )
    assert (
        client_as("leadership").post(f"/metrics/weekly/actions/{action.pk}/close/").status_code
        == 403
    )
    action.refresh_from_db()
    assert action.status == "open"


def _event(
    h: Handover, action: str, when: dt.datetime, *, code: str = "", reason: str = ""
) -> None:
    HandoverEvent.objects.create(
        handover=h,
        from_state="accepted",
        to_state="disqualified" if action == "disqualify" else "rejected",
        action=action,
        at=when,
        reason=reason,
        data={"reason_code": code} if code else {},
    )


@pytest.fixture
def monthly_fixture(fixture: dict[str, Any]) -> None:
    beta = fixture["beta"]
    deal = Deal.objects.create(
        account=beta, name="Atelier Beta", amount=Decimal(5000), created_on=day(9, 5),
        status="won", stage="won", closed_on=day(9, 20), source="webinar",
    )  # fmt: skip
    Deal.objects.filter(pk=deal.pk).update(created_at=at(day(9, 5)), updated_at=at(day(9, 20)))
    h = Handover.objects.create(
        account=fixture["alpha"], stage="archived", proposed_at=at(day(3, 1)),
        last_action_at=at(day(3, 1)),
    )  # fmt: skip
    _event(h, "disqualify", at(day(3, 20)), code="no_budget")
    _event(h, "disqualify", at(day(8, 5)), code="no_budget")
    _event(h, "disqualify", at(day(9, 10)), code="no_budget")
    _event(h, "disqualify", at(day(9, 12)), code="timing")
    _event(h, "reject", at(day(7, 1)), reason="pas le bon  interlocuteur")
    _event(h, "reject", at(day(9, 2)), reason="Pas le bon interlocuteur")
    _event(h, "reject", at(day(10, 1)), reason="Trop tôt")


def test_monthly_review_figures(monthly_fixture: None) -> None:
    review = monthly.build(parse_period("2026-09", today=day(9, 30)), as_of=day(9, 30))
    assert review.months == ["2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09"]
    industry = [r for r in review.conversion if r.dimension == "industry"]
    assert [(r.key, r.converted, r.population, r.value) for r in industry] == [
        ("", 1, 2, Decimal(50))
    ]
    assert [(r.key, r.converted, r.population, r.value) for r in review.by_source] == [
        ("webinar", 1, 1, Decimal(100))
    ]
    assert [(r.reason, r.counts, r.total) for r in review.disqualified] == [
        ("no_budget", (0, 0, 0, 0, 1, 1), 2),
        ("timing", (0, 0, 0, 0, 0, 1), 1),
    ]
    assert [(r.label, r.counts) for r in review.rejected] == [
        ("pas le bon interlocuteur", (0, 0, 0, 1, 0, 1))
    ]


def test_monthly_page_api_and_command(
    client_as: Callable[[str | None], Client],
    api_as: Callable[[str | None], Client],
    monthly_fixture: None,
) -> None:
    with time_machine.travel(dt.datetime(2026, 10, 2, 12, 0, tzinfo=dt.UTC), tick=False):
        html = client_as("sales_rep").get("/metrics/monthly/?month=2026-09").content.decode()
        assert "No budget" in html
        assert "pas le bon interlocuteur" in html
        body = api_as("leadership").get("/api/v1/metrics/monthly?month=2026-09").json()
        assert body["disqualification_reasons"][0] == {
            "reason": "no_budget",
            "label": "No budget",
            "counts": [0, 0, 0, 0, 1, 1],
            "total": 2,
        }
        assert api_as(None).get("/api/v1/metrics/monthly").status_code == 401
        assert api_as("admin").get("/api/v1/metrics/monthly?month=2026-Q3").status_code == 400


@pytest.mark.parametrize("role", [None, "leadership", "sales_rep"])
def test_weekly_api(
    api_as: Callable[[str | None], Client], fixture: dict[str, Any], role: str | None
) -> None:
    response = api_as(role).get("/api/v1/metrics/weekly/2026-W39?lang=fr")
    if role is None:
        assert response.status_code == 401
        return
    body = response.json()
    assert (body["week"], body["week_start"], body["sent_at"]) == ("2026-W39", str(WEEK), None)
    assert body["summary"].startswith("T3 2026\u00a0: 2 comptes ciblés")
    assert body["markdown"].startswith("# Revue hebdomadaire 2026-W39")


@pytest.mark.parametrize("role", ["leadership", "sales_rep", "marketing"])
def test_win_chosen_on_the_page(
    client_as: Callable[[str | None], Client], fixture: dict[str, Any], role: str
) -> None:
    beta = Deal.objects.get(name="Licences Beta")  # won 08-10: not a deal of that week
    alpha = Deal.objects.get(name="Plateforme Alpha")
    client = client_as(role)
    response = client.post("/metrics/weekly/2026-W39/win/", {"deal": alpha.pk})
    if role != "marketing":
        assert response.status_code == 403
        return
    assert (response.status_code, response["Location"]) == (302, "/metrics/weekly/2026-W39/")
    assert client.post("/metrics/weekly/2026-W39/win/", {"deal": beta.pk}).status_code == 404
    page = client.get("/metrics/weekly/2026-W39/").content.decode()
    assert 'id="win-form"' in page
    from baton.metrics.models import WeeklyReview

    assert WeeklyReview.objects.get(week_start=WEEK).win_deal == alpha
