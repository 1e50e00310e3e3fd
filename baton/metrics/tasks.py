"""Worker entry points of the metrics app: the weekly snapshots (Monday 07:00 workspace time),
the weekly review pack (Monday 09:00 workspace time) and the current quarter's dashboard kept
warm (recomputed when its data changed)."""

from __future__ import annotations

from baton.core import worker
from baton.metrics.services import dashboard_refresh_sweep, snapshot_sweep, weekly_review_sweep

worker.register("metrics.weekly_snapshots", snapshot_sweep)
worker.register("metrics.weekly_review", weekly_review_sweep)
worker.register("metrics.dashboard_refresh", dashboard_refresh_sweep)
