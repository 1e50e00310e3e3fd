"""The dashboard's stored numbers: served warm while the data is unchanged (the same numbers as
a live computation), recomputed as soon as an input changes, per language when they hold a
refusal's text; the worker keeps the current quarter warm; the page caches its body safely."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from baton.accounts.models import CostEntry
from baton.metrics import dashboard_snapshot as snap
from baton.metrics import definitions as d
from baton.metrics import formulas as f
from baton.metrics import selectors, views
from baton.metrics.computations import compute_safe
from baton.metrics.models import DashboardSnapshot, PinnedMetric
from baton.metrics.services import (
    cost_upsert,
    dashboard_refresh,
    dashboard_refresh_sweep,
    deal_upsert,
    pin_metric,
    rate_set,
    snapshot_week,
    target_set,
    unpin_metric,
)
from baton.qualification.defaults import DEFAULT_CONFIG
from baton.qualification.services import rule_set_activate, rule_set_create_draft
from tests.metrics.conftest import D, at, cost, day, deal, scope, touch

pytestmark = pytest.mark.django_db
AS_OF = "?period=2026-Q3&as_of=2026-09-30"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def numbers_of(board: selectors.Dashboard) -> dict[str, Any]:
    return {
        "cards": [(c.result.metric_id, c.result.value, dict(c.result.parts), c.result.error)
                  for c in board.cards],
        "funnel": board.funnel,
        "roi_by": board.roi_by,
        "summary": board.summary,
        "summary_error": board.summary_error,
    }  # fmt: skip


def live(s: Any) -> dict[str, Any]:
    """The numbers a live computation gives now (no snapshot involved)."""
    numbers = selectors.compute_numbers(scope=s, ids=selectors.dashboard_ids())
    return {
        "cards": [(c.metric_id, c.value, dict(c.parts), c.error) for c in numbers.cards],
        "funnel": numbers.funnel,
        "roi_by": numbers.roi_by,
        "summary": "" if numbers.summary is None else f.executive_summary(numbers.summary, "en"),
        "summary_error": numbers.summary_error,
    }  # fmt: skip


def test_first_view_stores_the_numbers_the_next_is_served_warm(
    workspace: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = selectors.dashboard(scope=scope(), language="en")
    row = DashboardSnapshot.objects.get()
    assert (row.period, row.as_of, row.segment, row.language) == ("2026-Q3", D, "", "")
    assert first.snapshot_id == row.pk
    assert first.computed_at == row.computed_at
    assert numbers_of(first) == live(scope())
    assert dict(first.funnel) == {"targets": 5, "engaged": 2, "opportunity": 2, "won": 2}

    def no_live(**kw: Any) -> None:
        raise AssertionError("computed again")

    monkeypatch.setattr(selectors, "compute_numbers", no_live)
    selectors.dashboard(scope=scope(), language="en")  # the payload is decoded once per process
    with CaptureQueriesContext(connection) as queries:
        second = selectors.dashboard(scope=scope(), language="en")
    assert second.snapshot_id == row.pk
    assert second.token == first.token
    assert numbers_of(second) == numbers_of(first)
    # One statement: the page markers (pins, stored numbers, targets and trend are kept per
    # process under them), the data markers and the rates of the fingerprint.
    assert len(queries.captured_queries) == 1
    assert DashboardSnapshot.objects.count() == 1


def _new_interaction(w: dict[str, Any]) -> None:
    touch(w["beta"], "meeting", at(day(9, 12)))  # Beta's third meeting: engaged


def _deal_stage_change(w: dict[str, Any]) -> None:
    deal_upsert(
        actor=None,
        deal=w["d4"],
        values={"stage": "Closed Won", "status": "won", "closed_on": day(9, 20)},
    )


def _new_cost(w: dict[str, Any]) -> None:
    cost(w["beta"], 7000, day(9, 5), "content")  # recorded back-dated: only its id is new


def _cost_edited(w: dict[str, Any]) -> None:
    entry = CostEntry.objects.get(account=w["beta"])
    cost_upsert(actor=None, cost=entry, values={"amount": Decimal(9000)})


def _rate(w: dict[str, Any]) -> None:
    rate_set(actor=None, currency="USD", rate=Decimal("0.9"), valid_from=day(7, 1))


def _rule_set(w: dict[str, Any]) -> None:
    config = {**DEFAULT_CONFIG, "engagement": {**DEFAULT_CONFIG["engagement"]}}
    config["engagement"]["min_interactions"] = 2
    draft = rule_set_create_draft(actor=w["admin"], config=config)
    rule_set_activate(actor=w["admin"], rule_set=draft, recompute_inline=True)


def _account_edited(w: dict[str, Any]) -> None:
    alpha = w["alpha"]
    alpha.is_target = False
    alpha.save()


def _new_deal_backdated(w: dict[str, Any]) -> None:
    deal(w["gamma"], 12000, day(9, 3))  # an open deal recorded on its own (past) date


@pytest.mark.parametrize(
    ("change", "moved"),
    [
        (_new_interaction, "engaged"),
        (_deal_stage_change, "won"),
        (_new_cost, "roi"),
        (_cost_edited, "roi"),
        (_rate, None),
        (_rule_set, "engaged"),
        (_account_edited, "targets"),
        (_new_deal_backdated, "opportunity"),
    ],
)
def test_a_changed_input_means_the_numbers_are_computed_again(
    workspace: dict[str, Any],
    users: dict[str, Any],
    change: Callable[[dict[str, Any]], None],
    moved: str | None,
) -> None:
    before = selectors.dashboard(scope=scope(), language="en")
    change({**workspace, "admin": users["admin"]})
    after = selectors.dashboard(scope=scope(), language="en")
    assert after.snapshot_id != before.snapshot_id
    assert after.token != before.token
    assert numbers_of(after) == live(scope())
    assert DashboardSnapshot.objects.count() == 1  # the new row replaced the old one
    roi = {c.result.metric_id: c.result.value for c in after.cards}[d.ROI]
    old_roi = {c.result.metric_id: c.result.value for c in before.cards}[d.ROI]
    if moved == "roi":
        assert roi != old_roi
    elif moved is not None:
        assert after.funnel[moved] != before.funnel[moved]
    else:
        assert numbers_of(after) == numbers_of(before)


def test_a_target_is_read_live_over_warm_numbers(
    workspace: dict[str, Any], users: dict[str, Any]
) -> None:
    before = selectors.dashboard(scope=scope(), language="en")
    target_set(
        actor=users["marketing"],
        metric_id=d.ENGAGED,
        quarter="2026-Q3",
        value=Decimal(3),
        at_risk=Decimal(2),
    )
    after = selectors.dashboard(scope=scope(), language="en")
    assert after.snapshot_id == before.snapshot_id
    engaged = next(c for c in after.cards if c.definition.id == d.ENGAGED)
    assert engaged.target is not None
    assert engaged.target.state.value == "at_risk"
    assert engaged.target.set_by == users["marketing"].display_name
    users["marketing"].first_name, users["marketing"].last_name = "Nouveau", "Nom"
    users["marketing"].save()
    renamed = selectors.dashboard(scope=scope(), language="en")
    engaged = next(c for c in renamed.cards if c.definition.id == d.ENGAGED)
    assert engaged.target is not None
    assert engaged.target.set_by == "Nouveau Nom"


def test_pinning_a_metric_computes_its_value(
    workspace: dict[str, Any], users: dict[str, Any]
) -> None:
    before = selectors.dashboard(scope=scope(), language="en")
    PinnedMetric.objects.create(metric_id=d.WIN_RATE, position=1)
    after = selectors.dashboard(scope=scope(), language="en")
    assert after.snapshot_id != before.snapshot_id
    assert [c.definition.id for c in after.cards][-1] == d.WIN_RATE
    assert after.cards[-1].result.value == Decimal(75)  # d1, d2, d5 won, d3 lost


def test_a_new_weekly_snapshot_shows_in_the_trend_of_warm_numbers(
    workspace: dict[str, Any],
) -> None:
    before = selectors.dashboard(scope=scope(), language="en")
    monday = f.week_start(D) - dt.timedelta(days=7)
    engaged = next(c for c in before.cards if c.definition.id == d.ENGAGED)
    assert engaged.trend[-1] == (monday, None)
    assert snapshot_week(week_start=monday, now=at(D)) > 0
    after = selectors.dashboard(scope=scope(), language="en")
    assert after.snapshot_id == before.snapshot_id  # the numbers stay warm
    engaged = next(c for c in after.cards if c.definition.id == d.ENGAGED)
    assert engaged.trend[-1][0] == monday
    assert engaged.trend[-1][1] is not None


def test_unpinning_a_metric_takes_it_off_warm_numbers(
    workspace: dict[str, Any], users: dict[str, Any]
) -> None:
    pin_metric(actor=users["marketing"], metric_id=d.WIN_RATE)
    assert selectors.dashboard(scope=scope(), language="en").cards[-1].definition.id == d.WIN_RATE
    unpin_metric(actor=users["marketing"], metric_id=d.WIN_RATE)
    ids = [c.definition.id for c in selectors.dashboard(scope=scope(), language="en").cards]
    assert ids == list(d.DEFAULT_DASHBOARD)


def test_a_refusal_is_stored_per_language(workspace: dict[str, Any]) -> None:
    deal(workspace["beta"], 5000, day(9, 5), status="won", closed_on=day(9, 6), currency="USD")
    english = selectors.dashboard(scope=scope(), language="en")
    assert "have no exchange rate" in english.summary_error
    with translation.override("fr"):
        french = selectors.dashboard(scope=scope(), language="fr")
        assert "taux de change" in french.summary_error
        assert selectors.dashboard(scope=scope(), language="fr").snapshot_id == french.snapshot_id
    assert french.snapshot_id != english.snapshot_id
    assert sorted(DashboardSnapshot.objects.values_list("language", flat=True)) == ["en", "fr"]
    assert selectors.dashboard(scope=scope(), language="en").snapshot_id == english.snapshot_id


def test_every_metric_survives_the_round_trip(
    workspace: dict[str, Any], users: dict[str, Any]
) -> None:
    target_set(actor=users["marketing"], metric_id=d.QUALIFIED_DELIVERED, quarter="2026-Q3",
               value=Decimal(9))  # fmt: skip
    s = scope()
    numbers = snap.Numbers(
        cards=[compute_safe(m, s) for m in d.METRICS],
        funnel={"targets": 5, "engaged": 2, "opportunity": 2, "won": 1},
        roi_by={"industry": [("Tech", Decimal("1.5")), ("", None)]},
        summary=selectors.summary_figures(scope=s),
        summary_error="",
    )
    back = snap.decode(snap.encode(numbers))
    assert back.cards == numbers.cards
    assert back.funnel == numbers.funnel
    assert back.roi_by == numbers.roi_by
    assert back.summary == numbers.summary
    assert all(type(v) is type(numbers.cards[i].parts[k])
               for i, c in enumerate(back.cards) for k, v in c.parts.items())  # fmt: skip


def test_the_worker_keeps_the_current_quarter_warm(workspace: dict[str, Any]) -> None:
    now = at(D, 12)
    assert dashboard_refresh(now=now) is True
    row = DashboardSnapshot.objects.get()
    assert (row.period, row.as_of, row.language) == ("2026-Q3", D, "")
    assert dashboard_refresh(now=now + dt.timedelta(minutes=5)) is False
    touch(workspace["beta"], "meeting", at(day(9, 12)))
    assert dashboard_refresh_sweep(now + dt.timedelta(minutes=6)) == 1
    assert DashboardSnapshot.objects.get().pk != row.pk
    # unchanged data, but older than an hour: computed again (the safety net)
    assert dashboard_refresh(now=now + dt.timedelta(minutes=70)) is True


def test_the_sweep_forgets_old_snapshots(workspace: dict[str, Any]) -> None:
    selectors.dashboard(scope=scope(as_of=day(9, 1)), language="en")
    old = DashboardSnapshot.objects.get()
    DashboardSnapshot.objects.filter(pk=old.pk).update(computed_at=at(day(9, 1)))
    dashboard_refresh_sweep(at(D, 12))
    assert not DashboardSnapshot.objects.filter(pk=old.pk).exists()


def test_the_page_shows_when_the_figures_were_computed_and_each_reader_his_token(
    client_as: Callable[[str | None], Client], workspace: dict[str, Any]
) -> None:
    PinnedMetric.objects.create(metric_id=d.WIN_RATE, position=1)
    lead = client_as("marketing")
    first = lead.get("/metrics/" + AS_OF).content.decode()
    row = DashboardSnapshot.objects.get()
    shown = timezone.localtime(row.computed_at)
    assert f"Figures computed on {shown:%m/%d/%Y} at {shown:%H:%M}" in first
    other = client_as("sales_manager")
    second = other.get("/metrics/" + AS_OF).content.decode()
    assert DashboardSnapshot.objects.get().pk == row.pk
    field = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    tokens = [field.findall(page.split('id="metrics-scope"')[1]) for page in (first, second)]
    assert [len(t) for t in tokens[0]] == [64, 64]  # unpin win rate, pin another
    assert [len(t) for t in tokens[1]] == [64, 64]
    assert views.CSRF_PLACEHOLDER not in first + second
    reader = client_as("leadership").get("/metrics/" + AS_OF).content.decode()
    assert "csrfmiddlewaretoken" not in reader.split('id="metrics-scope"')[1]
