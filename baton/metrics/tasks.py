"""Worker entry points of the metrics app: the weekly snapshots (Monday 07:00 workspace time)
and the weekly review pack (Monday 09:00 workspace time)."""

from __future__ import annotations

from baton.core import worker
from baton.metrics.services import snapshot_sweep, weekly_review_sweep

worker.register("metrics.weekly_snapshots", snapshot_sweep)
worker.register("metrics.weekly_review", weekly_review_sweep)
