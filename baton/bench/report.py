"""The readable table of a bench run and the growth fit."""

from __future__ import annotations

import math
from typing import Any


def fitted_exponent(points: list[tuple[float, float]]) -> float | None:
    """Least-squares slope of log(time) over log(size): 1 is linear, 0 is flat."""
    usable = [(math.log(x), math.log(y)) for x, y in points if x > 0 and y > 0]
    if len(usable) < 2:
        return None
    mx = sum(x for x, _ in usable) / len(usable)
    my = sum(y for _, y in usable) / len(usable)
    den = sum((x - mx) ** 2 for x, _ in usable)
    if not den:
        return None
    return round(sum((x - mx) * (y - my) for x, y in usable) / den, 3)


FLAT = {"qualify_incremental", "metrics_warm"}


def growth(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per workload: the Baton time at each number of events and the fitted exponent; full
    workloads should stay ≤ 1 (linear), incremental and warm ones near 0 (flat)."""
    by_name: dict[str, list[tuple[int, float]]] = {}
    for run in runs:
        for res in run["results"]:
            by_name.setdefault(res["name"], []).append((res["size"]["events"], res["baton_s"]))
    out = []
    for name, points in by_name.items():
        exponent = fitted_exponent([(float(x), y) for x, y in points])
        limit = 0.2 if name in FLAT else 1.1
        out.append(
            {
                "name": name,
                "points": [{"events": x, "baton_s": y} for x, y in points],
                "exponent": exponent,
                "goal": f"exponent <= {limit}",
                "goal_met": exponent is not None and exponent <= limit,
            }
        )
    return out


def table(report: dict[str, Any]) -> str:
    head = f"{'workload':<22}{'Baton s':>10}{'raw s':>10}{'ratio':>8}{'RSS MB':>8}  agree  goal"
    lines = [
        f"database: {report['database']}  machine: {report['machine'].get('cpus')} CPU, "
        f"python {report['machine'].get('python')}",
        head,
        "-" * len(head),
    ]
    for res in report["results"]:
        ratio = "-" if res["speed_ratio"] is None else f"{res['speed_ratio']:.3f}"
        lines.append(
            f"{res['name']:<22}{res['baton_s']:>10.4f}{res['baseline_s']:>10.4f}{ratio:>8}"
            f"{res['peak_rss_mb']:>8.0f}  {'yes' if res['agree'] else 'NO ':<5}  "
            f"{'met' if res['goal_met'] else 'MISSED'}: {res['goal']}"
        )
    for item in report.get("growth", []):
        lines.append(
            f"growth {item['name']:<22} exponent {item['exponent']}  "
            f"{'met' if item['goal_met'] else 'MISSED'}: {item['goal']}"
        )
    return "\n".join(lines)
