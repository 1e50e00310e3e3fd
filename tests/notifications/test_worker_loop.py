"""baton/core/worker.py: the sweeper registry, --once, and a graceful stop on SIGTERM."""

from __future__ import annotations

import signal
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from baton.core import worker
from tests.notifications.test_worker_crash import start_worker


@pytest.fixture
def registry() -> Any:
    saved = worker.registered()
    worker._REGISTRY.clear()
    yield worker
    worker._REGISTRY.clear()
    worker._REGISTRY.update(saved)


def test_run_until_idle_runs_each_sweeper_until_nothing_is_due(registry: Any) -> None:
    queue = [5, 3, 0]
    seen: list[datetime] = []

    def drain(now: datetime) -> int:
        seen.append(now)
        return queue.pop(0) if queue else 0

    def broken(now: datetime) -> int:
        raise RuntimeError("bug in a sweeper")

    registry.register("drain", drain)
    registry.register("broken", broken)
    assert registry.run_until_idle() == {"drain": 8, "broken": 0}
    assert len(seen) == 3
    assert all(at.tzinfo is not None for at in seen)


def test_load_tasks_imports_each_app_tasks_module() -> None:
    assert "baton.notifications.tasks" in worker.load_tasks()
    assert "notifications.outbox" in worker.registered()


@pytest.mark.django_db
def test_worker_once_command_reports_what_it_did(capsys: Any) -> None:
    call_command("worker", "--once")
    out = capsys.readouterr().out
    assert out.startswith("done: ")
    assert "notifications.outbox=0" in out.strip().removeprefix("done: ").split(", ")


@pytest.mark.django_db(transaction=True)
def test_sigterm_stops_the_loop_cleanly(tmp_path: Path) -> None:
    proc = start_worker(tmp_path, "--interval", "0.2")
    log = tmp_path / "worker.log"
    deadline = time.monotonic() + 60
    while "worker started" not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(15) == 0
    assert "worker stopped" in log.read_text()


def test_only_runs_the_named_sweepers_and_refuses_unknown_ones(registry: Any) -> None:
    queue = [5, 3, 0]
    registry.register("drain", lambda now: queue.pop(0) if queue else 0)
    registry.register("broken", lambda now: 1 / 0)
    assert registry.run_until_idle(only=["drain"]) == {"drain": 8}
    with pytest.raises(ValueError, match=r"unknown sweeper nope \(registered: broken, drain\)"):
        registry.run_until_idle(only=["nope"])
