"""``baton bench``: the quick run reports every workload in agreement with its baseline; a
wrong baseline fails the command. Each run is a subprocess on its own throwaway database."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from baton.bench.report import fitted_exponent

ROOT = Path(__file__).resolve().parents[2]
KEYS = {"name", "size", "baton_s", "baseline_s", "speed_ratio", "peak_rss_mb", "agree", "goal",
        "goal_met", "repetitions"}  # fmt: skip
WORKLOADS = [
    "ingest", "qualify_full", "qualify_incremental", "metrics_cold", "metrics_warm",
    "web_dashboard", "web_board", "web_ready",
]  # fmt: skip


def _bench(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environ = dict(os.environ)
    environ["BATON_VAR_DIR"] = str(tmp_path / "var")
    environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "baton.cli.main", "bench", *args],
        cwd=ROOT, env=environ, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def assert_printed_ratio(ratio: float, baseline_s: float, seconds: float) -> None:
    """Times are printed to 1 µs and ratios to 0.001: the ratio of the unrounded times lies
    between the ratios of the extreme times that print the same, give or take 0.0005."""
    half = 0.0000005
    low = max(baseline_s - half, 0) / (seconds + half)
    high = (baseline_s + half) / max(seconds - half, 1e-9)
    assert low - 0.0005 <= ratio <= high + 0.0005, (ratio, baseline_s, seconds)


def test_quick_run_reports_every_workload_in_agreement(tmp_path: Path) -> None:
    done = _bench(tmp_path, "all", "--quick", "--json")
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["database"] in {"sqlite", "postgresql"}
    assert report["machine"]["cpus"] == os.cpu_count()
    now = dt.datetime.fromisoformat(report["now"])
    assert (now.hour, now.minute, now.utcoffset()) == (12, 0, dt.timedelta(0))
    assert dt.timedelta(0) <= dt.datetime.now(dt.UTC) - now < dt.timedelta(days=1)
    assert report["today"] == now.date().isoformat()
    assert [r["name"] for r in report["results"]] == WORKLOADS
    for result in report["results"]:
        assert set(result) >= KEYS, result["name"]
        assert result["agree"] is True, result
        assert result["size"] == {"accounts": 300, "events": 6000, "deals": 600}
        assert result["baton_s"] > 0
        assert_printed_ratio(result["speed_ratio"], result["baseline_s"], result["baton_s"])
    ingest = report["results"][0]
    counts = ingest["baton_counts"]
    assert counts["rejected"] == 0
    assert counts["created"] + counts["unmatched"] + counts["skipped_duplicates"] == 6000
    assert counts["created"] + counts["unmatched"] == ingest["baseline_stored"]
    assert ingest["storage_floor_s"] > 0
    if report["database"] == "sqlite":  # the least import bounds an importer on SQLite only
        assert ingest["least_import_s"] > 0
        assert_printed_ratio(
            ingest["least_import_ratio"], ingest["baseline_s"], ingest["least_import_s"]
        )
    else:
        assert ingest["least_import_s"] is None
        assert ingest["least_import_ratio"] is None
    for result in report["results"][5:]:
        assert result["load"]["errors"] == 0
        assert result["health"]["errors"] == 0


def test_a_wrong_baseline_fails_the_bench(tmp_path: Path) -> None:
    done = _bench(tmp_path, "qualify", "--quick", "--json", "--inject-baseline-error")
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert [r["agree"] for r in report["results"]] == [False, False]
    assert report["results"][0]["mismatches"] == 1
    assert "differ from the baselines" in done.stderr


@pytest.mark.parametrize(
    ("points", "exponent"),
    [
        ([(1e5, 1.0), (3e5, 3.0), (1e6, 10.0)], 1.0),
        ([(1e5, 0.2), (3e5, 0.2), (1e6, 0.2)], 0.0),
        ([(1e5, 1.0), (1e6, 100.0)], 2.0),
        ([(1e5, 1.0)], None),
    ],
)
def test_fitted_exponent(points: list[tuple[float, float]], exponent: float | None) -> None:
    assert fitted_exponent(points) == exponent


def test_growth_reuses_the_main_run_for_its_own_size(monkeypatch: pytest.MonkeyPatch) -> None:
    from baton.bench import runner

    calls: list[list[str]] = []

    def fake_child(args: list[str], *, log: object) -> dict[str, object]:
        calls.append(args)
        events = int(args[args.index("--events") + 1])
        return {"results": [{"name": "ingest", "size": {"events": events},
                             "baton_s": events / 1e5, "agree": True}]}  # fmt: skip

    monkeypatch.setattr(runner, "run_child", fake_child)
    main = ["ingest", "--events", "300000"]
    sizes = [["ingest", "--events", "100000"], main, ["ingest", "--events", "1000000"]]
    report = runner.run(main, growth=sizes, log=lambda _m: None)
    assert calls == [main, sizes[0], sizes[2]]
    assert [r["size"]["events"] for r in report["growth_runs"]] == [100_000, 300_000, 1_000_000]
    assert report["growth"][0]["exponent"] == 1.0
