"""A real ``baton worker`` killed with SIGKILL between claiming timers and firing them: after
a restart each timer fires exactly once (PostgreSQL: the kill lands while the worker waits
on a row lock the test holds, so the moment is known)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils import timezone

from baton.handovers import services
from baton.handovers.models import Handover, HandoverDeadline, HandoverEvent
from baton.notifications.models import OutboxMessage
from tests.handovers.conftest import make_account
from tests.notifications.test_worker_crash import start_worker

SWEEPERS = ("handovers.deadlines", "notifications.outbox")

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def hold_lock(pk: int, locked: threading.Event, release: threading.Event) -> None:
    try:
        with transaction.atomic():
            Handover.objects.select_for_update().get(pk=pk)
            locked.set()
            release.wait(60)
    finally:
        connection.close()


def waiting_on_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND datname = current_database()"
        )
        return int(cursor.fetchone()[0])


def test_sigkill_between_claim_and_fire_then_each_timer_fires_once(
    tmp_path: Path, people: Any, rule_to_rep: Any
) -> None:
    start = timezone.now() - dt.timedelta(days=8)
    handovers = [
        services.handover_propose(
            actor=people["marketing"],
            account=make_account(f"Company {i}"),
            now=start + dt.timedelta(minutes=i),
        )
        for i in range(4)
    ]
    locked, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=hold_lock, args=(handovers[0].pk, locked, release))
    holder.start()
    assert locked.wait(10)
    worker = start_worker(tmp_path, "--interval", "0.2", only=SWEEPERS)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not waiting_on_a_lock():
            time.sleep(0.1)
        assert waiting_on_a_lock() == 1, (tmp_path / "worker.log").read_text()
        # Claimed, none fired: the worker waits to fire the first one.
        rows = HandoverDeadline.objects.all()
        assert rows.count() == 8
        assert rows.filter(fired_at__isnull=True).count() == 8
        assert rows.exclude(claim_token="").count() == 8
        worker.kill()
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
        release.set()
        holder.join(10)

    # The leases are still running: a new worker leaves the rows alone…
    again = start_worker(tmp_path, "--once", only=SWEEPERS)
    assert again.wait(60) == 0
    assert HandoverDeadline.objects.filter(fired_at__isnull=False).count() == 0
    # …until they expire (fast-forwarded here instead of waiting five minutes).
    HandoverDeadline.objects.update(claimed_until=timezone.now() - dt.timedelta(seconds=1))
    again = start_worker(tmp_path, "--once", only=SWEEPERS)
    assert again.wait(60) == 0, (tmp_path / "worker.log").read_text()
    again = start_worker(tmp_path, "--once", only=SWEEPERS)
    assert again.wait(60) == 0

    assert HandoverDeadline.objects.filter(fired_at__isnull=True).count() == 0
    assert Counter(
        HandoverEvent.objects.filter(action="deadline").values_list("handover_id", flat=True)
    ) == {h.pk: 2 for h in handovers}
    keys = Counter(OutboxMessage.objects.values_list("idempotency_key", flat=True))
    assert set(keys.values()) == {1}
    assert OutboxMessage.objects.filter(event="handover.reminder", channel="in_app").count() == 4
    assert OutboxMessage.objects.filter(event="handover.escalation", channel="in_app").count() == 4
