"""``baton metrics``: the shared metrics for a period, as of a day, optionally by segment.

baton metrics                                   the dashboard metrics, this quarter, today
baton metrics --json --period 2026-Q3 --as-of 2026-09-30
baton metrics --json --segment industry         each metric broken down by industry
baton metrics --segment industry=Tech           only the Tech segment
baton metrics --snapshot                        write the snapshots of due weeks now
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation

from baton.core.errors import DomainError
from baton.metrics import definitions as d
from baton.metrics import formulas as f
from baton.metrics import selectors, services
from baton.metrics.computations import Ctx, breakdown, compute_safe, funnel
from baton.metrics.scope import Scope


class Command(BaseCommand):
    help = "Compute the shared metrics (text or JSON)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--period",
            default="quarter",
            help="2026-Q3, 2026-07, 2026-W27, 2026-07-01..2026-07-31, week, month or quarter.",
        )
        parser.add_argument("--as-of", help="Compute as of this day (YYYY-MM-DD).")
        parser.add_argument(
            "--segment",
            help="A dimension (industry, size_band, tier, source, territory, owner) to break "
            "down by, or dimension=value to keep one segment.",
        )
        parser.add_argument("--metric", action="append", default=[], help="A metric id.")
        parser.add_argument("--all", action="store_true", help="Every metric, not only the board.")
        parser.add_argument("--json", action="store_true", help="Print JSON.")
        parser.add_argument("--snapshot", action="store_true", help="Write due weekly snapshots.")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            self._handle(**options)

    def _handle(self, **options: Any) -> None:
        if options["snapshot"]:
            written = services.snapshot_sweep(timezone.now())
            self.stdout.write(f"{written} snapshot rows written")
            return
        today = timezone.localdate()
        try:
            period = f.parse_period(options["period"], today=today)
            as_of = dt.date.fromisoformat(options["as_of"]) if options["as_of"] else None
        except (f.PeriodError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        raw = options["segment"] or ""
        dimension, sep, value = raw.partition("=")
        try:
            scope = Scope.make(period, as_of=as_of, segment=(dimension, value) if sep else None)
            if dimension and dimension not in d.SEGMENTS:
                Scope.make(period, segment=(dimension, ""))
        except DomainError as exc:
            raise CommandError(exc.reason) from exc
        ids = options["metric"] or (
            [m.id for m in d.METRICS.values()] if options["all"] else selectors.dashboard_ids()
        )
        unknown = [m for m in ids if m not in d.METRICS]
        if unknown:
            raise CommandError(f"unknown metric: {', '.join(unknown)}")
        ctx = Ctx(scope)
        language = options["language"]
        out: dict[str, Any] = {
            "period": period.label,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "as_of": scope.day.isoformat(),
            "segment": raw or None,
            "currency": d.REPORTING_CURRENCY,
            "metrics": {},
        }
        for metric_id in ids:
            item = compute_safe(metric_id, scope, ctx).as_json()
            if dimension and not sep and dimension in d.get(metric_id).segments:
                try:
                    item["by_segment"] = {
                        k: v.as_json()
                        for k, v in breakdown(metric_id, scope, dimension, ctx).items()
                    }
                except DomainError as exc:
                    item["error"] = exc.reason
            out["metrics"][metric_id] = item
        out["funnel"] = funnel(scope)
        try:
            out["summary"] = selectors.executive_summary(scope=scope, language=language)
        except DomainError as exc:
            out["summary"] = None
            out["summary_error"] = exc.reason
        if options["json"]:
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{period.label} — {scope.day.isoformat()}")
        for metric_id, item in out["metrics"].items():
            definition = d.get(metric_id)
            value = None if item["value"] is None else Decimal(item["value"])
            shown = item.get("error") or f.display_value(definition.unit, value, language)
            self.stdout.write(f"  {definition.name.get(language)}: {shown}")
        if out["summary"]:
            self.stdout.write(out["summary"])
