"""Run a bench: the command re-executes itself in a child process pointed at a throwaway
database (a temporary SQLite file, or a fresh ``baton_bench_<pid>`` database on the
PostgreSQL server of ``DATABASE_URL``), which migrates, builds the workspace, runs the
workloads and writes its report; the parent prints it and removes the database."""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

from config import env

GROUPS: dict[str, tuple[str, ...]] = {
    "ingest": ("ingest",),
    "qualify": ("qualify_full", "qualify_incremental"),
    "metrics": ("metrics_cold", "metrics_warm"),
    "web": ("web",),
}
GROUPS["all"] = tuple(name for group in GROUPS.values() for name in group)


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_mb"] = int(line.split()[1]) // 1024
                break
    except OSError:
        pass
    return info


# == parent ==


class ThrowawayDatabase:
    """The environment of the child: its own var directory and database."""

    def __init__(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="baton-bench-"))
        self.url = (env.get("DATABASE_URL") or "").strip()
        self.pg_name = ""
        if self.url and urlparse(self.url).scheme.startswith("postgres"):
            self.pg_name = f"baton_bench_{os.getpid()}"
            self._admin(f'DROP DATABASE IF EXISTS "{self.pg_name}"')
            self._admin(f'CREATE DATABASE "{self.pg_name}"')

    @property
    def vendor(self) -> str:
        return "postgresql" if self.pg_name else "sqlite"

    def environ(self) -> dict[str, str]:
        out = dict(os.environ)
        out["BATON_VAR_DIR"] = str(self.tmp / "var")
        out.pop("DATABASE_URL", None)
        if self.pg_name:
            out["DATABASE_URL"] = urlunparse(urlparse(self.url)._replace(path=f"/{self.pg_name}"))
        return out

    def _admin(self, sql: str) -> None:
        import psycopg

        admin = urlunparse(urlparse(self.url)._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.encode())

    def remove(self) -> None:
        if self.pg_name:
            self._admin(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
        shutil.rmtree(self.tmp, ignore_errors=True)


def run_child(args: list[str], *, log: Callable[[str], None]) -> dict[str, Any]:
    """One bench process on a fresh throwaway database; its report."""
    db = ThrowawayDatabase()
    out = db.tmp / "report.json"
    try:
        environ = db.environ()
        environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
        command = [sys.executable, "-m", "baton.cli.main", "bench", *args, "--child", str(out)]
        done = subprocess.run(  # noqa: S603 (our own interpreter and command)
            command, env=environ, stdout=sys.stderr, stderr=sys.stderr, check=False
        )
        if done.returncode != 0 or not out.exists():
            raise RuntimeError(f"the bench process failed (exit {done.returncode})")
        report: dict[str, Any] = json.loads(out.read_text())
        log(f"bench on {db.vendor}: done")
        return report
    finally:
        db.remove()


def run(main: list[str], *, growth: list[list[str]], log: Callable[[str], None]) -> dict[str, Any]:
    """The main run, then one run per growth size (each on its own fresh database; a growth
    size equal to the main run's reuses it)."""
    from baton.bench.report import growth as fit

    report = run_child(main, log=log)
    if growth:
        runs = []
        for args in growth:
            if args == main:  # the main run already measured this size
                runs.append(report)
                continue
            log(f"growth run: {' '.join(args)}")
            runs.append(run_child(args, log=log))
        report["growth_runs"] = [
            {"size": r["results"][0]["size"], "results": r["results"]} for r in runs if r["results"]
        ]
        report["growth"] = fit(runs)
    return report


def all_agree(report: dict[str, Any]) -> bool:
    results = list(report["results"])
    for run in report.get("growth_runs", []):
        results += run["results"]
    return all(r["agree"] for r in results)


# == child ==


def child(*, names: tuple[str, ...], sizes: Any, skew: bool, web_seconds: float,
          out: Path, log: Callable[[str], None]) -> None:  # fmt: skip

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from baton.bench import workloads as w
    from baton.bench.sizes import bench_now
    from baton.bench.workspace import build_workspace

    log(f"migrating the throwaway {connection.vendor} database")
    call_command("migrate", verbosity=0)
    now = bench_now(timezone.now())
    today = timezone.localdate(now)
    log(f"building the workspace {sizes.as_json()}")
    workspace = build_workspace(sizes=sizes, today=today)
    run = w.Run(sizes=sizes, workspace=workspace, now=now, tmp=out.parent, skew=skew)
    results: list[dict[str, Any]] = []
    steps: dict[str, Callable[[], Any]] = {
        "ingest": lambda: [w.ingest(run)],
        "qualify_full": lambda: [w.qualify_full(run)],
        "qualify_incremental": lambda: [w.qualify_incremental(run)],
        "metrics_cold": lambda: [w.metrics_cold(run)],
        "metrics_warm": lambda: [w.metrics_warm(run)],
        "web": lambda: w.web(run, seconds=web_seconds),
    }
    for name in names:
        log(f"running {name}")
        results += steps[name]()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version"
        )
        version = cursor.fetchone()[0]
    report = {
        "machine": machine(),
        "database": w.vendor(),
        "database_version": version,
        "seed": sizes.seed,
        "quick": sizes.quick,
        "today": today.isoformat(),
        "now": now.isoformat(),
        "results": results,
    }
    out.write_text(json.dumps(report, indent=2, default=str))
