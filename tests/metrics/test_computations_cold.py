"""The cold path's shared work: what one context computes once, the influence cut-off at local
midnight, and the campaign members of the ROI allocation (workspace of ``conftest.py``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from baton.engagement.models import MarketingAsset
from baton.metrics import definitions as d
from baton.metrics.computations import Ctx, breakdown, compute, funnel
from baton.metrics.costs import per_account
from baton.metrics.formulas import parse_period
from baton.metrics.scope import Scope
from tests.metrics.conftest import D, account, at, day, deal, scope, touch

pytestmark = pytest.mark.django_db

ACCOUNT_METRICS = (d.TARGETS, d.ENGAGED, d.CONVERSION, d.OPPORTUNITIES)


def test_a_shared_context_gives_the_values_of_fresh_ones(workspace: dict[str, Any]) -> None:
    for sc in (scope(), scope(segment=("industry", "Tech")), scope(as_of=day(9, 2))):
        ctx = Ctx(sc)
        shared = [compute(m, sc, ctx) for m in (*ACCOUNT_METRICS, d.INFLUENCE, d.ROI)]
        fresh = [compute(m, sc) for m in (*ACCOUNT_METRICS, d.INFLUENCE, d.ROI)]
        assert [(r.value, dict(r.parts)) for r in shared] == [
            (r.value, dict(r.parts)) for r in fresh
        ]
        assert funnel(sc, ctx) == funnel(sc)
    ctx = Ctx(scope())
    roi = {k: v.value for k, v in breakdown(d.ROI, scope(), "industry", ctx).items()}
    assert roi == {k: v.value for k, v in breakdown(d.ROI, scope(), "industry").items()}


def test_account_metrics_and_funnel_share_one_statement(workspace: dict[str, Any]) -> None:
    sc = scope()
    ctx = Ctx(sc)
    with CaptureQueriesContext(connection) as queries:
        values = [compute(m, sc, ctx).value for m in ACCOUNT_METRICS]
        counts = funnel(sc, ctx)
    # targets 5, engaged 2 (Alpha, Delta), converted 3 (60 %), in opportunity 2
    assert values == [Decimal(5), Decimal(2), Decimal(60), Decimal(2)]
    # Alpha won d1 in Q3 (d2 is Beta's: Beta is a target too) → 2 accounts won
    assert counts == {"targets": 5, "engaged": 2, "opportunity": 2, "won": 2}
    grouped = [q["sql"] for q in queries.captured_queries if "HAVING" in q["sql"]]
    assert len(grouped) == 1  # the engaged accounts, counted once for all of them


def test_a_context_of_another_scope_is_not_reused(workspace: dict[str, Any]) -> None:
    ctx = Ctx(scope(as_of=day(9, 2)))
    assert funnel(scope(), ctx) == funnel(scope())
    assert funnel(scope(), ctx)["engaged"] == 2


def test_the_roi_of_a_context_is_computed_once(workspace: dict[str, Any]) -> None:
    sc = scope()
    ctx = Ctx(sc)
    compute(d.ROI, sc, ctx)
    with CaptureQueriesContext(connection) as queries:
        again = compute(d.ROI, sc, ctx)
    assert len(queries.captured_queries) == 0
    assert again.value == compute(d.ROI, sc).value


def test_influence_stops_at_local_midnight_of_the_closing_day(db: None) -> None:
    a, b = (MarketingAsset.objects.create(name=n, slug=n, kind="webinar") for n in ("a", "b"))
    # Summer time (UTC+2): 23:30 on 09-09 counts for a close on 09-10; 00:30 on 09-10 does not.
    early = account("Early")
    touch(early, "webinar_attended", at(day(9, 9), 23) + dt.timedelta(minutes=30), asset=a)
    touch(early, "webinar_attended", at(day(9, 1)), asset=b)
    deal(early, 1000, day(7, 1), status="won", closed_on=day(9, 10))
    late = account("Late")
    touch(late, "webinar_attended", at(day(9, 10), 0) + dt.timedelta(minutes=30), asset=a)
    touch(late, "webinar_attended", at(day(9, 1)), asset=b)
    deal(late, 1000, day(7, 1), status="won", closed_on=day(9, 10))
    result = compute(d.INFLUENCE, scope())
    assert dict(result.parts) == {"won": 2, "influenced": 1}
    assert result.value == Decimal(50)
    # Winter time (UTC+1): the same on 11-10, and the instant itself is on the closing day.
    winter = account("Winter")
    touch(winter, "webinar_attended", at(day(11, 9), 23) + dt.timedelta(minutes=59), asset=a)
    touch(winter, "webinar_attended", at(day(11, 10), 0), asset=b)
    deal(winter, 1000, day(10, 1), status="won", closed_on=day(11, 10))
    q4 = Scope.make(parse_period("2026-Q4", today=D), as_of=day(11, 30))
    assert dict(compute(d.INFLUENCE, q4).parts) == {"won": 1, "influenced": 0}


def test_campaign_members_come_from_both_ways_and_need_an_account(
    workspace: dict[str, Any],
) -> None:
    alpha, beta = workspace["alpha"], workspace["beta"]
    touch(None, "webinar_attended", at(day(9, 3)), campaign="Salon")  # unmatched: nobody
    zeta = workspace["zeta"]
    touch(zeta, "email_open", at(day(9, 4)), campaign="Webinar Q3")  # its own campaign
    costs = per_account(Ctx(scope()))
    # "Webinar Q3" 6 000: Alpha and Beta through the asset X, Zeta directly → 2 000 each;
    # "Salon" 1 000 stays unallocated.
    assert costs[alpha.pk].campaigns == Decimal(2000)
    assert costs[beta.pk].campaigns == Decimal(2000)
    assert costs[zeta.pk].campaigns == Decimal(2000)
    assert costs[None].campaigns == Decimal(1000)
