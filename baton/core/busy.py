"""A write that waited too long for the database: SQLite lets one writer at a time, and a big
import holds the write lock for its whole transaction (about 30 s for a million rows).

A request that could not get the lock within the busy timeout (10 s) has saved nothing: it was
one transaction, rolled back. The web app and the API answer it with ``503 Service
Unavailable`` and ``Retry-After``, naming the import that is running, instead of a bare server
error; the web form keeps what the person typed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.db import OperationalError, connection, transaction
from django.utils import timezone

from baton.core.importing.uploads import imports_dir, write_atomically
from baton.core.models import ImportJob

RETRY_AFTER_S = 5

# SQLITE_BUSY and SQLITE_LOCKED as Python's sqlite3 words them; PostgreSQL's lock_not_available
# (55P03) when an administrator sets a lock_timeout.
_SQLITE_MESSAGES = ("database is locked", "database table is locked")
_PG_LOCK_NOT_AVAILABLE = "55P03"


def is_busy(exc: BaseException) -> bool:
    """Whether ``exc`` is the database refusing a write because another one holds the lock."""
    if not isinstance(exc, OperationalError):
        return False
    if str(exc).strip().lower() in _SQLITE_MESSAGES:
        return True
    cause = exc.__cause__
    return getattr(cause, "sqlstate", None) == _PG_LOCK_NOT_AVAILABLE


def write_if_free(write: Callable[[], object]) -> bool:
    """Run a write that may be skipped (an API token's "last used" stamp) only if the
    database's write lock is free now: a read-only request never waits behind an import for
    a convenience. Whether it ran."""
    sqlite = connection.vendor == "sqlite" and not connection.in_atomic_block
    before = None
    if sqlite:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout")
            before = int(cursor.fetchone()[0])
            cursor.execute("PRAGMA busy_timeout = 0")
    try:
        with transaction.atomic():
            write()
        return True
    except OperationalError as exc:
        if not is_busy(exc):
            raise
        return False
    finally:
        if sqlite:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA busy_timeout = {int(before or 0)}")


@dataclass(frozen=True)
class RunningImport:
    filename: str
    dry_run: bool
    requested_by: str  # a name, or "" when the account is gone


def _markers() -> Path:
    return imports_dir() / "running"


@contextmanager
def announced(job: ImportJob) -> Iterator[None]:
    """While the worker runs ``job``: a small file saying so, which every page may read for
    the price of a directory listing (a query per page would cost the dashboard a tenth of
    its time). It names the run's lease: a worker that died leaves a file nobody believes."""
    who = job.requested_by
    marker = _markers() / f"{job.pk}.json"
    marker.parent.mkdir(parents=True, exist_ok=True)
    until = job.claimed_until or timezone.now()
    write_atomically(
        marker,
        json.dumps(
            {
                "filename": job.filename,
                "dry_run": job.dry_run,
                "requested_by": (who.get_full_name() or who.email) if who is not None else "",
                "until": until.isoformat(),
            }
        ),
    )
    try:
        yield
    finally:
        marker.unlink(missing_ok=True)


def running_import() -> RunningImport | None:
    """The import the worker is running now on this machine, if any. A run whose worker died
    (its lease passed) holds nothing and is not named."""
    try:
        names = sorted(e.name for e in os.scandir(_markers()) if e.name.endswith(".json"))
    except FileNotFoundError:
        return None
    now = timezone.now()
    for name in names:
        try:
            data = json.loads((_markers() / name).read_text(encoding="utf-8"))
            if dt.datetime.fromisoformat(data["until"]) < now:
                continue
            return RunningImport(
                str(data["filename"]), bool(data["dry_run"]), str(data["requested_by"])
            )
        except (OSError, ValueError, KeyError, TypeError):  # gone meanwhile, or unreadable
            continue
    return None
