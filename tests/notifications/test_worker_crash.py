"""A worker killed with SIGKILL while it holds claimed rows: nothing is lost after a restart.

The worker runs as a real ``baton worker`` subprocess against the test database (committed
rows: ``transactional_db``). The HTTP receiver holds the first request so that the kill lands
at a known moment with the whole batch claimed (``sending``, leased to the dead worker).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from baton.notifications.models import OutboxMessage, State
from baton.notifications.services import notify
from tests.notifications.conftest import HANDOVER_CONTEXT
from tests.notifications.servers import WebhookServer

pytestmark = pytest.mark.django_db(transaction=True)


def database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = quote(s["USER"] or "") + (f":{quote(s['PASSWORD'])}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"


def start_worker(
    tmp_path: Path, *args: str, only: tuple[str, ...] = ("notifications.outbox",)
) -> subprocess.Popen[bytes]:
    """``baton worker`` in a subprocess on the test database, running only the ``only`` sweepers
    (other apps' sweepers — the weekly review on a Monday — would add messages of their own)."""
    limit = [arg for name in only for arg in ("--only", name)]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url(),
    }
    log = (tmp_path / "worker.log").open("ab")
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "baton.cli.main", "worker", *limit, *args],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=log,
        stderr=log,
    )


def queue_messages(make_user: Any, first_channel: str) -> list[OutboxMessage]:
    """One message on ``first_channel`` (the receiver will hold it), then four on Teams."""
    reps = [make_user("sales_rep") for _ in range(5)]
    rows = notify(
        event="handover.assigned",
        recipients=reps[:1],
        context=HANDOVER_CONTEXT,
        channels=[first_channel],
    )
    rows += notify(
        event="handover.assigned", recipients=reps[1:], context=HANDOVER_CONTEXT, channels=["teams"]
    )
    return rows


def kill_while_holding_claims(tmp_path: Path, server: WebhookServer) -> int:
    worker = start_worker(tmp_path, "--interval", "0.2")
    try:
        assert server.hanging.wait(30), (tmp_path / "worker.log").read_text()
        held = OutboxMessage.objects.filter(state=State.SENDING)
        assert held.count() == 5  # the whole batch is claimed
        assert {r.claimed_by.rsplit(":", 1)[1] for r in held} == {str(worker.pid)}
        os.kill(worker.pid, signal.SIGKILL)
        assert worker.wait(10) == -signal.SIGKILL
    finally:
        if worker.poll() is None:
            worker.kill()
    server.release()
    return worker.pid


def restart_after_lease(tmp_path: Path) -> None:
    still_held = OutboxMessage.objects.filter(state=State.SENDING)
    assert still_held.count() == 5
    # Fast-forward the lease (default 5 minutes) instead of waiting for it.
    still_held.update(claimed_until=timezone.now() - timedelta(seconds=1))
    again = start_worker(tmp_path, "--once")
    assert again.wait(60) == 0, (tmp_path / "worker.log").read_text()


def duplicates(server: WebhookServer) -> int:
    seen = Counter((r.path, r.body) for r in server.received)
    return sum(n - 1 for n in seen.values())


def test_sigkill_before_the_send_loses_nothing_and_duplicates_nothing(
    tmp_path: Path, make_user: Any, connect: Any, http_server: WebhookServer
) -> None:
    connect("slack", "/slack")
    connect("teams", "/teams")
    http_server.stall("/slack")  # the request never reaches the receiver's application
    rows = queue_messages(make_user, "slack")

    kill_while_holding_claims(tmp_path, http_server)
    assert http_server.received == []  # killed before anything was delivered
    restart_after_lease(tmp_path)

    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {"sent"}
    assert len(http_server.on("/slack")) == 1
    assert len(http_server.on("/teams")) == 4
    assert duplicates(http_server) == 0
    assert {r.attempts for r in OutboxMessage.objects.filter(pk__in=[r.pk for r in rows])} == {2}


def test_sigkill_between_send_and_record_duplicates_that_one_message_with_its_key(
    tmp_path: Path, make_user: Any, connect: Any, http_server: WebhookServer
) -> None:
    connect("webhook", "/hook")
    connect("teams", "/teams")
    http_server.ack_slowly("/hook")  # the receiver has the message; the answer is late
    queue_messages(make_user, "webhook")

    kill_while_holding_claims(tmp_path, http_server)
    assert len(http_server.on("/hook")) == 1  # delivered, but the worker died before recording
    restart_after_lease(tmp_path)

    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {"sent"}
    assert len(http_server.on("/teams")) == 4
    hook = http_server.on("/hook")
    assert len(hook) == 2
    assert duplicates(http_server) == 1  # the documented window, and only it
    # The duplicate carries the same idempotency key: the receiver can drop it.
    assert hook[0].headers["Idempotency-Key"] == hook[1].headers["Idempotency-Key"]
