"""Properties (Hypothesis): as-of answers ignore later-dated data; breakdowns add up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baton.accounts.models import Account
from baton.metrics import definitions as d
from baton.metrics.computations import breakdown, compute, funnel
from baton.metrics.scope import TOTAL
from tests.metrics.conftest import D, account, at, cost, deal, scope, touch

pytestmark = pytest.mark.django_db

SETTINGS = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
AVAILABLE = [m for m in d.METRICS.values() if m.available]

later_days = st.integers(min_value=1, max_value=120).map(lambda n: D + dt.timedelta(days=n))
amounts = st.integers(min_value=0, max_value=500_000)
kinds = st.sampled_from(["meeting", "demo_request", "content_download", "web_visit"])


def everything() -> dict[str, Any]:
    return {
        **{m.id: compute(m.id, scope()).as_json() for m in AVAILABLE},
        "funnel": funnel(scope()),
    }


@SETTINGS
@given(
    events=st.lists(st.tuples(st.integers(0, 7), kinds, later_days), max_size=8),
    deals=st.lists(st.tuples(st.integers(0, 7), amounts, later_days, st.booleans()), max_size=5),
    costs=st.lists(st.tuples(st.integers(0, 7), amounts, later_days), max_size=5),
    close_d4_on=st.one_of(st.none(), later_days),
)
def test_as_of_answer_ignores_later_dated_data(
    workspace: dict[str, Any],
    events: list[tuple[int, str, dt.date]],
    deals: list[tuple[int, int, dt.date, bool]],
    costs: list[tuple[int, int, dt.date]],
    close_d4_on: dt.date | None,
) -> None:
    before = everything()
    accounts = list(Account.objects.order_by("id"))
    for i, kind, on in events:
        touch(accounts[i], kind, at(on), asset=workspace["x"])
    for i, amount, on, won in deals:
        closing = {"status": "won", "closed_on": on + dt.timedelta(days=3)} if won else {}
        deal(accounts[i], amount, on, **closing)
    for i, amount, on in costs:
        cost(accounts[i], amount, on, "content")
        cost(None, amount, on, "marketing_spend", campaign="Webinar Q3")
    if close_d4_on is not None:
        d4 = workspace["d4"]
        d4.status, d4.closed_on, d4.stage = "won", close_d4_on, "Closed Won"
        d4.save()
    assert everything() == before


SUMMABLE = {
    d.TARGETS: ("targets",),
    d.ENGAGED: ("engaged", "targets"),
    d.OPPORTUNITIES: ("accounts",),
    d.CONVERSION: ("converted", "targets"),
    d.WON_DEALS: ("won",),
    d.WIN_RATE: ("won", "lost"),
    d.INFLUENCE: ("won", "influenced"),
    d.CONVERSION_BY_SOURCE: ("created", "won"),
    d.ROI: ("revenue", "cost"),
    d.WON_REVENUE: ("revenue",),
}
MONEY = frozenset({"revenue", "cost"})
industries = st.sampled_from(["Tech", "Industrie", "", "Santé"])
bands = st.sampled_from(["51-200", "201-500", ""])
in_q3 = st.integers(min_value=0, max_value=91).map(lambda n: dt.date(2026, 7, 1) + dt.timedelta(n))


@SETTINGS
@given(
    new_accounts=st.lists(st.tuples(industries, bands, st.booleans()), max_size=4),
    deals=st.lists(
        st.tuples(st.integers(0, 11), amounts, in_q3, st.sampled_from(["open", "won", "lost"])),
        max_size=6,
    ),
    costs=st.lists(st.tuples(st.integers(0, 11), amounts, in_q3, st.booleans()), max_size=6),
)
def test_breakdowns_add_up_to_the_total(
    workspace: dict[str, Any],
    new_accounts: list[tuple[str, str, bool]],
    deals: list[tuple[int, int, dt.date, str]],
    costs: list[tuple[int, int, dt.date, bool]],
) -> None:
    for n, (industry, band, target) in enumerate(new_accounts):
        account(f"New {n}", industry=industry, size_band=band, is_target=target)
    accounts = [None, *Account.objects.order_by("id")]
    for i, amount, on, status in deals:
        closing = {"status": status, "closed_on": on} if status != "open" else {}
        deal(accounts[i % len(accounts)], amount, on, source=["", "webinar"][i % 2], **closing)
    for i, amount, on, campaign in costs:
        target = accounts[i % len(accounts)]
        if campaign or target is None:
            cost(None, amount, on, "content", campaign=["Webinar Q3", "Salon"][i % 2])
        else:
            cost(target, amount, on, "sales_time")
    for metric_id, keys in SUMMABLE.items():
        total = compute(metric_id, scope()).parts
        for dimension in d.get(metric_id).segments:
            parts = [v.parts for v in breakdown(metric_id, scope(), dimension).values()]
            for key in keys:
                summed = sum((Decimal(p.get(key) or 0) for p in parts), Decimal(0))
                expected = Decimal(total.get(key) or 0)
                # money parts are rounded to the cent per segment: a cent per segment at most
                slack = Decimal("0.01") * len(parts) if key in MONEY else Decimal(0)
                assert abs(summed - expected) <= slack, (metric_id, dimension, key)
    assert TOTAL == "*"
