"""Services: weekly snapshots (due weeks, back-dated recomputation), targets, pins, actions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from baton.core.errors import ConflictError, DomainError
from baton.core.models import AuditEvent
from baton.metrics.models import ActionStatus, MetricSnapshot
from baton.metrics.services import (
    action_close,
    action_create,
    due_weeks,
    snapshot_sweep,
    snapshot_week,
    target_set,
)
from tests.metrics.conftest import day, deal

pytestmark = pytest.mark.django_db


def local(y: int, m: int, d: int, h: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(y, m, d, h))


def test_due_weeks_wait_for_monday_seven() -> None:
    # Monday 2026-10-05 06:59 local: the week of 09-28 is not due yet
    assert due_weeks(local(2026, 10, 5, 6), weeks=2) == [day(9, 14), day(9, 21)]
    assert due_weeks(local(2026, 10, 5, 7), weeks=2) == [day(9, 21), day(9, 28)]


def test_sweep_backfills_then_idles(workspace: dict[str, Any]) -> None:
    now = local(2026, 10, 5, 8)
    written = snapshot_sweep(now)
    assert written == 13 * 9  # 13 weeks x the sheet and board metrics
    assert snapshot_sweep(now) == 0


def test_recomputation_with_back_dated_record_is_flagged(workspace: dict[str, Any]) -> None:
    week = day(9, 21)  # as of Sunday 09-27
    assert snapshot_week(week_start=week) == 9
    assert snapshot_week(week_start=week) == 0  # same answer: nothing written
    deal(workspace["gamma"], 5000, day(9, 2), status="won", closed_on=day(9, 20))
    written = snapshot_week(week_start=week)
    flagged = MetricSnapshot.objects.filter(week_start=week, back_dated=True)
    assert written == flagged.count()
    assert set(flagged.values_list("metric_id", flat=True)) >= {"deals_won", "won_revenue"}
    newest = flagged.get(metric_id="deals_won")
    assert newest.value["value"] == "4"


def test_target_history_and_audit(users: dict[str, Any]) -> None:
    first = target_set(actor=users["marketing"], metric_id="engaged_accounts",
                       quarter="2026q3", value=Decimal(18), at_risk=Decimal(15))  # fmt: skip
    assert first.quarter == "2026-Q3"
    assert AuditEvent.objects.filter(action="metrics.target_set").count() == 1
    with pytest.raises(DomainError):
        target_set(actor=None, metric_id="nope", quarter="2026-Q3", value=Decimal(1))
    with pytest.raises(DomainError):
        target_set(actor=None, metric_id="win_rate", quarter="2026-07", value=Decimal(1))
    with pytest.raises(DomainError):  # lower is better: the at-risk threshold is above
        target_set(actor=None, metric_id="sales_cycle", quarter="2026-Q3",
                   value=Decimal(60), at_risk=Decimal(50))  # fmt: skip


def test_actions(users: dict[str, Any]) -> None:
    action = action_create(actor=users["marketing"], title="Relancer les comptes Tech",
                           owner=users["sales_manager"], due_on=day(10, 9))  # fmt: skip
    action_close(actor=users["sales_manager"], action=action)
    assert action.status == ActionStatus.DONE
    with pytest.raises(ConflictError):
        action_close(actor=users["sales_manager"], action=action)
