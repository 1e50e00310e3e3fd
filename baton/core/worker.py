"""The background worker shared by every app: a registry of sweepers and the loop that runs them.

A sweeper is ``func(now) -> int``: it processes what is due at ``now`` (one batch) and returns
how many items it handled. Apps register theirs in their ``tasks.py``::

    from baton.core import worker
    worker.register("notifications.outbox", delivery.sweep)

``baton worker`` imports ``baton.<app>.tasks`` for every installed Baton app that has one,
then polls every ``interval`` seconds (stopping cleanly on SIGTERM/SIGINT, after the current
batch). ``baton worker --once`` runs every sweeper until none has anything due, then exits
(for cron and tests). The worker is a separate process: nothing runs in threads of the web
process.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import signal
import threading
from collections.abc import Callable, Iterable
from datetime import datetime
from types import FrameType

from django.apps import apps
from django.db import close_old_connections
from django.utils import timezone

logger = logging.getLogger("baton.worker")

Sweeper = Callable[[datetime], int]

_REGISTRY: dict[str, Sweeper] = {}


def register(name: str, func: Sweeper) -> Sweeper:
    """Register (or replace) the sweeper called ``name``."""
    _REGISTRY[name] = func
    return func


def registered(only: Iterable[str] | None = None) -> dict[str, Sweeper]:
    """The registered sweepers, or just those named in ``only`` (unknown names refused)."""
    if only is None:
        return dict(_REGISTRY)
    wanted = list(only)
    unknown = [name for name in wanted if name not in _REGISTRY]
    if unknown:
        known = ", ".join(sorted(_REGISTRY)) or "none"
        raise ValueError(f"unknown sweeper {', '.join(unknown)} (registered: {known})")
    return {name: _REGISTRY[name] for name in wanted}


def load_tasks() -> list[str]:
    """Import ``<app>.tasks`` for each installed ``baton.*`` app that has one."""
    loaded = []
    for config in apps.get_app_configs():
        if not config.name.startswith("baton."):
            continue
        module = f"{config.name}.tasks"
        if importlib.util.find_spec(module) is not None:
            importlib.import_module(module)
            loaded.append(module)
    return loaded


def run_round(now: datetime | None = None, *, only: Iterable[str] | None = None) -> dict[str, int]:
    """Run each sweeper once. A failing sweeper is logged and does not stop the others."""
    at = now or timezone.now()
    done: dict[str, int] = {}
    for name, func in registered(only).items():
        try:
            done[name] = func(at)
        except Exception:
            logger.exception("sweeper %s failed", name)
            done[name] = 0
    return done


def run_until_idle(
    *, max_rounds: int = 10_000, only: Iterable[str] | None = None
) -> dict[str, int]:
    """Run rounds until no sweeper has anything due; return the totals per sweeper.

    ``only`` limits the run to the named sweepers (e.g. ``["notifications.outbox"]``).
    """
    names = list(only) if only is not None else None
    totals = dict.fromkeys(registered(names), 0)
    for _ in range(max_rounds):
        done = run_round(only=names)
        for name, count in done.items():
            totals[name] = totals.get(name, 0) + count
        if not any(done.values()):
            break
    return totals


class Loop:
    """``baton worker``: poll forever, stop after the current round on SIGTERM or SIGINT."""

    def __init__(self, *, interval: float = 2.0, only: Iterable[str] | None = None) -> None:
        self.interval = interval
        self.only = list(only) if only is not None else None
        self.stopping = threading.Event()

    def stop(self, signum: int | None = None, frame: FrameType | None = None) -> None:
        if not self.stopping.is_set():
            logger.info("worker stopping (signal %s)", signum)
        self.stopping.set()

    def install_signal_handlers(self) -> None:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)

    def run(self) -> None:
        logger.info("worker started: %s", ", ".join(registered()) or "no sweepers")
        while not self.stopping.is_set():
            close_old_connections()  # drop connections that broke or aged between rounds
            done = run_round(only=self.only)
            if any(done.values()):
                continue  # more may be due right away
            self.stopping.wait(self.interval)
        close_old_connections()
        logger.info("worker stopped")
